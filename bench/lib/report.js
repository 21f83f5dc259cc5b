// Output: a plain-text table on stdout (readable in a CI log) and every figure as JSON, with the
// machine it was measured on, since figures from different machines are not comparable.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { dirname } from "node:path";

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

const fmt = (n, digits = 0) =>
  n === null || n === undefined
    ? "-"
    : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Columns padded to their widest cell; those listed in `right` (the numbers) right-aligned. */
function table(header, lines, right = []) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const cell = (v, i) => (right.includes(i) ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]));
  const line = (cells) => cells.map(cell).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...lines.map(line)].join("\n");
}

export function printReport({ machine: m, corpus, rows, envelope, startup, reports, repeats, targets, tools }) {
  const say = (text = "") => process.stdout.write(`${text}\n`);
  say(
    `\n${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}; jq: ${tools.jq ?? "missing"}; DuckDB: ${tools.duckdb ?? "not installed"}`,
  );
  for (const f of corpus.files)
    say(`  ${f.id.padEnd(8)} ${f.label}: ${fmt(f.events)} events, ${fmt(f.bytes / 1e6, 1)} MB`);
  say();
  say(
    table(
      ["file", "tool", "jobs", "wall s", "events/s", "MB/s", "peak RSS MiB", "x floor", "x jq", "note"],
      rows.map((r) => [
        r.file,
        r.label,
        r.jobs ?? "",
        fmt(r.wallS, 2),
        fmt(r.eventsPerS),
        fmt(r.mbPerS, 1),
        fmt(r.peakRssMiB, 1),
        fmt(r.xFloor, 2),
        fmt(r.xJq, 2),
        r.note ?? "",
      ]),
      [3, 4, 5, 6, 7, 8],
    ),
  );
  if (envelope)
    say(
      `\nlarge pretty envelope (${fmt(envelope.bytes / 2 ** 20)} MiB, ${fmt(envelope.events)} events): gradeev validate ${fmt(envelope.wallS, 2)} s, ${fmt(envelope.eventsPerS)} events/s, peak RSS ${fmt(envelope.peakRssMiB, 1)} MiB${envelope.note ? `; ${envelope.note}` : ""}`,
    );
  if (repeats) {
    say(
      `\n--dedupe, --latest, --group-by on ${fmt(repeats.events)} distinct xAPI statements (${fmt(repeats.bytes / 1e6, 1)} MB), --jobs 1:`,
    );
    say(
      table(
        ["run", "wall s", "peak RSS MiB", "records kept", "bytes/kept above plain", "note"],
        repeats.rows.map((r) => [
          r.label,
          fmt(r.wallS, 2),
          fmt(r.peakRssMiB, 1),
          fmt(r.kept),
          fmt(r.bytesPerKept),
          r.note ?? "",
        ]),
        [1, 2, 3, 4],
      ),
    );
  }
  if (startup?.note) say(`start-up: ${startup.note}`);
  else if (startup)
    say(
      `start-up (median of ${startup.runs}): gradeev validate on ${startup.sample} ${fmt(startup.gradeevS * 1000)} ms, node -e 0 ${fmt(startup.nodeS * 1000)} ms: ${fmt(startup.ratio, 2)} x`,
    );
  if (reports) {
    say(
      `\nreport formats: gradeev validate --format F on ${fmt(reports.diagnostics)} diagnostics (${fmt(reports.inputBytes / 1e6, 1)} MB of bad NDJSON lines)`,
    );
    say(
      table(
        ["format", "wall s", "peak RSS MiB", "above text MiB", "report MB", "note"],
        reports.rows.map((r) => [
          r.format,
          fmt(r.wallS, 2),
          fmt(r.peakRssMiB, 1),
          fmt(r.aboveTextMiB, 1),
          fmt(r.outputBytes / 1e6, 1),
          r.note ?? "",
        ]),
        [1, 2, 3, 4],
      ),
    );
  }
  say();
  say(
    table(
      ["target", "figure", "status", "note"],
      targets.map((t) => [t.target, t.figure === null ? "-" : fmt(t.figure, 2), t.status, t.note ?? ""]),
      [1],
    ),
  );
}

export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
}
