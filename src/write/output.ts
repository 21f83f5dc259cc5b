import { randomBytes } from "node:crypto";
import { createWriteStream, unlinkSync } from "node:fs";
import { link, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { GradeevError, ioErrorMessage } from "../errors.js";

/**
 * Where records go. A regular file is written under a temporary name beside it and renamed into
 * place only by commitAll(), so a failed run never leaves a partial or empty output file.
 */
export interface Output {
  stream: Writable;
  /** True once the reader has gone away (`| head -1`): stop quietly, this is no failure. */
  closed(): boolean;
  /** Flushes everything and reports any write error (a full disk) as a GradeevError; nothing is replaced yet. */
  finish(): Promise<void>;
  /** After finish(): puts the written file in place of the old one; returns how to undo that. */
  place(): Promise<Placed>;
  abort(): Promise<void>;
}

/** An output put in place: `undo` puts the previous file back (false: it could not), `keep` drops that chance. */
interface Placed {
  name: string;
  undo(): Promise<boolean>;
  keep(): Promise<void>;
}

const NOTHING_TO_UNDO: Omit<Placed, "name"> = { undo: () => Promise.resolve(true), keep: () => Promise.resolve() };

/**
 * Commits all the outputs or none: every one is written out in full first (a full disk fails
 * there, before any file is replaced), then each is renamed into place. If a rename fails, the
 * files already replaced get their previous contents back (kept as hard links until the end), and
 * the one line of the error says whether that worked.
 */
export async function commitAll(outputs: readonly Output[]): Promise<void> {
  for (const out of outputs) await out.finish();
  const placed: Placed[] = [];
  for (const out of outputs) {
    try {
      placed.push(await out.place());
    } catch (err) {
      if (placed.length === 0) throw err;
      const failed: string[] = [];
      for (const done of placed.reverse()) if (!(await done.undo())) failed.push(done.name);
      const message = err instanceof Error ? err.message : String(err);
      throw new GradeevError(
        failed.length === 0
          ? `${message}; ${placed.map((done) => done.name).join(" and ")} ${placed.length === 1 ? "was" : "were"} put back as before`
          : `${message}; ${failed.join(" and ")} was already replaced and could not be put back`,
      );
    }
  }
  for (const done of placed) await done.keep();
}

/** Remembers the first error a stream reports; writes after it are pointless. */
function watch(stream: Writable): () => unknown {
  let failure: unknown;
  stream.on("error", (err) => (failure ??= err));
  return () => failure ?? stream.errored ?? undefined;
}

/** Resolves once everything written so far has been handed to the system, or the stream failed. */
function flushed(stream: Writable, end: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (stream.errored || stream.destroyed) return resolve();
    stream.once("error", () => resolve());
    if (end) stream.end(() => resolve());
    else stream.write("", () => resolve());
  });
}

/**
 * Temporary files being written right now, so that an interrupted run (Ctrl-C, SIGTERM) can remove
 * them on its way out: the process edge calls removeTemporaries() from its signal handler.
 */
const temporaries = new Set<string>();

/** A temporary file of another kind (a report's spool) to remove on the same way out. */
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

function writeError(err: unknown, name: string): GradeevError {
  return new GradeevError(`cannot write ${ioErrorMessage(err, name)}`);
}

function isBrokenPipe(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "EPIPE";
}

export function stdoutOutput(stdout: Writable): Output {
  const failure = watch(stdout);
  const closed = () => isBrokenPipe(failure());
  return {
    stream: stdout,
    closed,
    async finish() {
      await flushed(stdout, false);
      if (failure() !== undefined && !closed()) throw writeError(failure(), "standard output");
    },
    place: () => Promise.resolve({ name: "standard output", ...NOTHING_TO_UNDO }),
    async abort() {},
  };
}

export async function fileOutput(path: string): Promise<Output> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new GradeevError(ioErrorMessage({ code: "EISDIR" }, path));
  // A device or a pipe (/dev/stdout, a FIFO) cannot be replaced by a rename: write to it in place.
  const inPlace = existing !== undefined && !existing.isFile();
  // Through a symbolic link (grades.csv → a shared file; /dev/stdout → /proc/self/fd/1 → a file),
  // the file it points to is replaced, never the link: as a shell's `>` writes.
  const final = existing?.isFile() ? await realpath(path).catch(() => path) : path;
  const target = inPlace ? path : join(dirname(final), `.${basename(final)}.${randomBytes(4).toString("hex")}.tmp`);
  if (!inPlace) temporaries.add(target);
  const stream = createWriteStream(target, { flags: inPlace ? "w" : "wx" });
  const failure = watch(stream);
  await new Promise<void>((resolve) => {
    stream.once("open", () => resolve());
    stream.once("error", () => resolve());
  });
  if (failure() !== undefined) {
    temporaries.delete(target);
    throw new GradeevError(ioErrorMessage(failure(), path));
  }
  const remove = () => {
    temporaries.delete(target);
    return inPlace ? Promise.resolve() : unlink(target).catch(() => {});
  };
  return {
    stream,
    closed: () => false,
    async finish() {
      await flushed(stream, true);
      if (failure() !== undefined) {
        await remove();
        throw writeError(failure(), path);
      }
    },
    async place() {
      if (inPlace) return { name: path, ...NOTHING_TO_UNDO };
      // The previous file, if any, is kept under a second name until every output is in place.
      const previous = join(dirname(final), `.${basename(final)}.${randomBytes(4).toString("hex")}.old`);
      const kept = existing?.isFile() === true && (await link(final, previous).then(() => true, () => false));
      if (kept) temporaries.add(previous);
      const drop = async () => {
        temporaries.delete(previous);
        if (kept) await unlink(previous).catch(() => {});
      };
      await rename(target, final).catch(async (err: unknown) => {
        await remove();
        await drop();
        throw writeError(err, path);
      });
      temporaries.delete(target);
      return {
        name: path,
        undo: async () => {
          if (existing?.isFile() !== true) return unlink(final).then(() => true, () => false);
          if (!kept) return false;
          const back = await rename(previous, final).then(() => true, () => false);
          await drop();
          return back;
        },
        keep: drop,
      };
    },
    async abort() {
      stream.destroy();
      await remove();
    },
  };
}
