// Runs one command as a child process and measures it the same way for every tool: wall time from
// spawn to exit (startup included, as a user sees it) and peak resident memory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const WITH_RSS = fileURLToPath(new URL("../children/with-rss.js", import.meta.url));

/** GNU time's -v gives every tool's peak RSS, jq's too; BSD/macOS time has no -v. */
export const gnuTime =
  existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-v", "-o", "/dev/null", "true"]).status === 0;

/**
 * cmd: { exe, args, node? }. node: true means exe is node and args[0] a script, so that without GNU
 * time the script can run under children/with-rss.js, which reports process.resourceUsage().maxRSS.
 * stdout and stderr go to files in scratch (no pipe for the parent to drain while it is timing).
 */
export async function measure(cmd, { scratch, name }) {
  const outFile = join(scratch, `${name}.stdout`);
  const errFile = join(scratch, `${name}.stderr`);
  const rssFile = join(scratch, `${name}.rss`);
  rmSync(rssFile, { force: true });
  let exe = cmd.exe,
    args = cmd.args;
  if (gnuTime) [exe, args] = ["/usr/bin/time", ["-v", "-o", rssFile, exe, ...args]];
  else if (cmd.node) args = [WITH_RSS, ...args];
  const out = openSync(outFile, "w"),
    err = openSync(errFile, "w");
  const start = process.hrtime.bigint();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ["ignore", out, err], env: { ...process.env, BENCH_RSS_FILE: rssFile } });
    child.on("error", reject);
    child.on("close", (status, signal) => resolve(signal ? 128 : status));
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  closeSync(err);
  return { wallS, code, peakRssMiB: peakRss(rssFile), stdoutFile: outFile, stderrFile: errFile };
}

/** KiB from GNU time's report or from with-rss.js's one number; null when neither is there (jq without GNU time). */
function peakRss(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  const kib = gnuTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] : text.trim();
  return kib ? Math.round((Number(kib) / 1024) * 10) / 10 : null;
}

/** Best (lowest) wall time of `repeat` runs, the least disturbed by the rest of the machine; highest RSS. */
export async function best(cmd, opts, repeat) {
  let winner,
    rss = null;
  for (let i = 0; i < repeat; i++) {
    const m = await measure(cmd, opts);
    if (m.peakRssMiB !== null) rss = Math.max(rss ?? 0, m.peakRssMiB);
    if (!winner || m.wallS < winner.wallS) winner = m;
    if (m.code !== 0) return m; // a failure is reported as it is, not retried
  }
  return { ...winner, peakRssMiB: rss };
}
