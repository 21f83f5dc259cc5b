import { fstat as fstatCallback, type Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { basename, dirname, join, resolve } from "node:path";
import { GradeevError } from "../errors.js";
import { resolveSources, type InputSource } from "../read/sources.js";
import { linkTarget } from "./link-target.js";

/** An output named so is standard output, as `-` among the paths read is standard input. */
export const STANDARD_OUTPUT = "-";

/** How an output is named in a summary: `-` (or none) as standard output, any other by its path. */
export function outputName(path: string | undefined): string {
  return path === undefined || path === STANDARD_OUTPUT ? "standard output" : path;
}

/** An output file as named on the command line, with the option that named it. */
export interface OutputTarget {
  option: string;
  path: string;
}

/**
 * Refuses, before anything is read or written, output files that would replace one another (the
 * last one committed would win, and the records would be gone) or an input (the run would replace
 * what it reads). Devices (/dev/null, /dev/stdout) may be named twice: writing to them replaces nothing.
 */
export async function refuseCollisions(
  inputs: readonly string[],
  targets: readonly OutputTarget[],
  stdin?: Readable,
  followLinks = false,
): Promise<void> {
  // `-` is standard output, never the file of that name: it replaces no file and no input.
  const named = targets.filter((target) => target.path !== STANDARD_OUTPUT);
  const found = await Promise.all(
    named.map(async (target) => ({ ...target, info: await stat(target.path).catch(() => undefined) })),
  );
  const files = found.filter((target) => target.info === undefined || target.info.isFile());
  for (const [i, a] of files.entries())
    for (const b of files.slice(i + 1))
      if (await samePlace(a, b)) throw new GradeevError(`${a.option} and ${b.option} name the same file, ${b.path}`);
  const existing = files.filter((target): target is typeof target & { info: Stats } => target.info !== undefined);
  if (existing.length === 0) return; // a file that does not exist yet is no input
  for (const source of await resolveSources(inputs, { followLinks })) {
    const info = await inputStats(source, stdin);
    const same = info && existing.find((target) => target.info.dev === info.dev && target.info.ino === info.ino);
    if (same) throw new GradeevError(`${same.path} is also an input: writing it would replace what is being read`);
  }
}

const fstat = promisify(fstatCallback);

/** What an input is on disk; standard input redirected from a file (`- < grades.csv`) is that file. */
async function inputStats(source: InputSource, stdin: Readable | undefined): Promise<Stats | undefined> {
  if (source.kind === "file") return stat(source.path).catch(() => undefined);
  const fd = (stdin as { fd?: unknown } | undefined)?.fd;
  return typeof fd === "number" ? fstat(fd).catch(() => undefined) : undefined;
}

async function samePlace(
  a: { path: string; info?: Stats | undefined },
  b: { path: string; info?: Stats | undefined },
): Promise<boolean> {
  if (a.info && b.info) return a.info.dev === b.info.dev && a.info.ino === b.info.ino;
  return (await canonical(a.path)) === (await canonical(b.path));
}

/** Where a path that may not exist yet points: its folder's real path, and its name, through links. */
async function canonical(path: string): Promise<string> {
  path = await linkTarget(path); // a dangling link names the file it would create
  const folder = await realpath(dirname(path)).catch(() => resolve(dirname(path)));
  return join(folder, basename(path));
}

/** Where the process's own streams go, as far as it can tell (a stream without a descriptor: nowhere known). */
export interface StandardStreams {
  stdout?: Stats;
  stderr?: Stats;
}

export async function standardStreams(stdout: unknown, stderr: unknown): Promise<StandardStreams> {
  const of = async (stream: unknown) => {
    const fd = (stream as { fd?: unknown } | undefined)?.fd;
    return typeof fd === "number" ? fstat(fd).catch(() => undefined) : undefined;
  };
  const [out, err] = await Promise.all([of(stdout), of(stderr)]);
  return { ...(out && { stdout: out }), ...(err && { stderr: err }) };
}

/**
 * Which standard stream an output file is (same device and inode: `/dev/stdout`, `/proc/self/fd/1`,
 * or the very file standard output is redirected to), if any. A character device (a terminal,
 * /dev/null) counts as none: writing to it beside the stream replaces and loses nothing.
 */
export async function standardStreamOf(
  path: string,
  streams: StandardStreams,
): Promise<"stdout" | "stderr" | undefined> {
  // As among the paths read: `-` is the standard stream, never a file of that name.
  if (path === STANDARD_OUTPUT) return "stdout";
  const info = await stat(path).catch(() => undefined);
  if (!info || info.isCharacterDevice()) return undefined;
  const same = (other: Stats | undefined) => other !== undefined && other.dev === info.dev && other.ino === info.ino;
  if (same(streams.stdout)) return "stdout";
  if (same(streams.stderr)) return "stderr";
  return undefined;
}

/**
 * Where each output goes, given which standard stream it is: standard output is written directly
 * (a rename would replace the file it is redirected to, and whatever else went there); standard
 * error, where diagnostics and the summary go, is refused, as is standard output when the records
 * already go there. Refused with a GradeevError (exit 2), before anything is read or written.
 */
export function refuseStandardStreams(records: StreamTarget, rejects: StreamTarget): void {
  for (const [option, out] of [
    ["-o", records],
    ["--rejects", rejects],
  ] as const)
    if (out.path !== undefined && out.stream === "stderr")
      throw new GradeevError(
        `${option} ${out.path} is standard error, where the diagnostics and the summary go: name another file`,
      );
  const recordsOnStdout = records.path === undefined || records.stream === "stdout";
  if (rejects.path !== undefined && rejects.stream === "stdout" && recordsOnStdout)
    throw new GradeevError(
      `--rejects ${rejects.path} is standard output, where the records go: name another file, or the records' with -o`,
    );
}

/** An output as named (undefined: not named), and which standard stream it is, if one. */
interface StreamTarget {
  path: string | undefined;
  stream: "stdout" | "stderr" | undefined;
}
