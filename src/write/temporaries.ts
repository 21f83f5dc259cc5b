import { createHash, randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { lstat, readdir, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

/**
 * Temporary files are named for the host and process that write them
 * (`.grades.csv.gradeev-<host>-<pid>-<random>.tmp`, and `.old` for a previous file kept until every
 * output is in place), so that a later run can tell one left by a process that is gone (SIGKILL,
 * a heap abort, a power cut) from one still being written.
 */
const HOST = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);
const OURS = /^\..+\.gradeev-([0-9a-f]{8})-([1-9]\d*)-[0-9a-f]{8}\.(?:tmp|old)$/;

/** Younger than this, a temporary file is kept whatever its process id says (its writer may be in another process namespace). */
const STALE_AFTER_MS = 60_000;

/**
 * A run touches its temporary files this often while they exist, so that "untouched for a minute"
 * means gone even when the process id cannot tell (a writer in another process namespace on the
 * same host name: containers sharing a volume), however slowly the run reads.
 */
export const TOUCH_EVERY_MS = 5_000;

export function temporaryName(final: string, kind: "tmp" | "old", pid = process.pid): string {
  return join(dirname(final), `.${basename(final)}.gradeev-${HOST}-${pid}-${randomBytes(4).toString("hex")}.${kind}`);
}

/** Who wrote a temporary file of ours, from its name; undefined for any other name. */
export function temporaryOwner(name: string): { host: string; pid: number } | undefined {
  const match = OURS.exec(name);
  return match ? { host: match[1]!, pid: Number(match[2]) } : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code !== "ESRCH"; // EPERM: alive, another user's
  }
}

/**
 * Removes, from a folder about to be written, the temporary files of ours that no process will
 * remove: written on this host by a process that is gone, and not touched for a minute. Nothing
 * else (another name, a link, a folder, another host's) is touched; a file that cannot be removed
 * stays, and the sweep never fails.
 */
export function removeStaleTemporaries(folder: string): Promise<void> {
  // -o and --rejects are mostly in one folder: it is listed once.
  let sweep = sweeps.get(folder);
  if (sweep === undefined) sweeps.set(folder, (sweep = sweepFolder(folder, Date.now())));
  return sweep;
}

const sweeps = new Map<string, Promise<void>>();

async function sweepFolder(folder: string, now: number): Promise<void> {
  const names = await readdir(folder).catch(() => []);
  for (const name of names) {
    const owner = temporaryOwner(name);
    if (!owner || owner.host !== HOST || owner.pid === process.pid || isAlive(owner.pid)) continue;
    const path = join(folder, name);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile() && now - info.mtimeMs > STALE_AFTER_MS) await unlink(path).catch(() => {});
  }
}

/**
 * Temporary files being written right now, so that an interrupted run (Ctrl-C, SIGTERM) can remove
 * them on its way out: the process edge calls removeTemporaries() from its signal handler.
 */
const temporaries = new Set<string>();

/** A temporary file (an output being written, a report's spool) to remove on the way out. */
export function rememberTemporary(path: string): void {
  temporaries.add(path);
}

export function forgetTemporary(path: string): void {
  temporaries.delete(path);
}

export function removeTemporaries(): void {
  for (const path of temporaries) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  temporaries.clear();
}
