import { createWriteStream, fchmod as fchmodCallback, fchown as fchownCallback, fsync as fsyncCallback } from "node:fs";
import { link, realpath, rename, stat, unlink, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { GradeevError, ioErrorMessage, isBrokenPipe } from "../errors.js";
import { linkTarget } from "./link-target.js";
import { keptOwnership, processIdentity, type Ownership } from "./ownership.js";
import { refusePlanted } from "./shared-folder.js";
import {
  forgetTemporary,
  rememberTemporary,
  removeStaleTemporaries,
  temporaryName,
  TOUCH_EVERY_MS,
} from "./temporaries.js";

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
 * Closes a file stream's file and resolves once it is closed. The stream closes it (destroy), never
 * this code, so the number is closed once, whoever asks first.
 */
function closeFile(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) return resolve();
    stream.once("close", () => resolve());
    stream.destroy();
  });
}

function writeError(err: unknown, name: string): GradeevError {
  return new GradeevError(`cannot write ${ioErrorMessage(err, name)}`);
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

/** How an output file is written: --private makes it 0600. */
export interface FileOptions {
  private?: boolean;
}

/**
 * How many bytes a file output takes before the run waits for the system: with the stream's 16 KiB
 * default, every batch of rows (about 30 KiB) waited for its write to finish, a quarter of convert's
 * time spent idle; 1 MiB lets the writes overlap the checking.
 */
const WRITE_AHEAD = 1 << 20;

export async function fileOutput(path: string, options: FileOptions = {}): Promise<Output> {
  const identity = processIdentity();
  await refusePlanted(path, identity.uid);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new GradeevError(ioErrorMessage({ code: "EISDIR" }, path));
  // A device or a pipe (/dev/stdout, a FIFO) cannot be replaced by a rename: write to it in place.
  const inPlace = existing !== undefined && !existing.isFile();
  // Through a symbolic link (grades.csv → a shared file; /dev/stdout → /proc/self/fd/1 → a file),
  // the file it points to is replaced, never the link: as a shell's `>` writes.
  // A dangling link's target is created, as `>` creates it.
  const final = existing?.isFile()
    ? await realpath(path).catch(() => path)
    : existing === undefined
      ? await linkTarget(path)
      : path;
  // A crowded folder (/tmp) takes a while to list: the sweep runs beside the writing, done by finish().
  const sweeping = inPlace ? Promise.resolve() : removeStaleTemporaries(dirname(final));
  const target = inPlace ? path : temporaryName(final, "tmp");
  if (!inPlace) rememberTemporary(target);
  const ownership = inPlace ? {} : keptOwnership(existing, identity, options.private === true);
  // A file given a mode is created owner-only, then given that mode (the umask must not narrow a
  // kept mode) and owner before anything is written; else as a shell's `>` creates it: 0666 less the umask.
  // The file stays open after the last write (autoClose: false) so that finish() can sync it.
  const stream = createWriteStream(target, {
    flags: inPlace ? "w" : "wx",
    mode: ownership.mode === undefined ? 0o666 : 0o600,
    autoClose: false,
    highWaterMark: WRITE_AHEAD,
  });
  const failure = watch(stream);
  let fd = -1;
  await new Promise<void>((resolve) => {
    stream.once("open", (opened: number) => {
      fd = opened;
      void own(opened, ownership).then(resolve);
    });
    stream.once("error", () => resolve());
  });
  if (failure() !== undefined) {
    forgetTemporary(target);
    throw new GradeevError(ioErrorMessage(failure(), path));
  }
  const touching = inPlace ? undefined : setInterval(() => void touch(target), TOUCH_EVERY_MS).unref();
  const remove = async () => {
    clearInterval(touching);
    forgetTemporary(target);
    await closeFile(stream);
    if (!inPlace) await unlink(target).catch(() => {});
  };
  return {
    stream,
    closed: () => false,
    async finish() {
      await flushed(stream, true);
      await sweeping;
      // Renamed before its data reach the disk, the file could be found empty or cut short under its
      // final name after a power cut (ext4, XFS), so they go to disk first; a disk that fails then
      // fails the run, as a full one does. A device or a pipe written in place has nothing to sync.
      const unsynced =
        failure() ??
        (inPlace
          ? undefined
          : await fsync(fd).then(
              () => undefined,
              (err: unknown) => err,
            ));
      if (unsynced === undefined) await closeFile(stream);
      if (unsynced !== undefined || failure() !== undefined) {
        await remove();
        throw writeError(unsynced ?? failure(), path);
      }
    },
    async place() {
      if (inPlace) return { name: path, ...NOTHING_TO_UNDO };
      // The previous file, if any, is kept under a second name until every output is in place.
      const previous = temporaryName(final, "old");
      const kept =
        existing?.isFile() === true &&
        (await link(final, previous).then(
          () => true,
          () => false,
        ));
      if (kept) rememberTemporary(previous);
      const drop = async () => {
        forgetTemporary(previous);
        if (kept) await unlink(previous).catch(() => {});
      };
      await rename(target, final).catch(async (err: unknown) => {
        await remove();
        await drop();
        throw writeError(err, path);
      });
      clearInterval(touching);
      forgetTemporary(target);
      return {
        name: path,
        undo: async () => {
          if (existing?.isFile() !== true)
            return unlink(final).then(
              () => true,
              () => false,
            );
          if (!kept) return false;
          const back = await rename(previous, final).then(
            () => true,
            () => false,
          );
          await drop();
          return back;
        },
        keep: drop,
      };
    },
    async abort() {
      stream.destroy();
      await Promise.all([remove(), sweeping]);
    },
  };
}

function touch(path: string): Promise<void> {
  const now = new Date();
  return utimes(path, now, now).catch(() => {});
}

const fsync = promisify(fsyncCallback);
const fchown = promisify(fchownCallback);
const fchmod = promisify(fchmodCallback);

/**
 * Gives a new output file the owner, group and mode it is to keep (owner first: a chown may clear
 * mode bits). A file system that does not take them (FAT, some network shares) leaves the file
 * readable by its owner alone rather than failing the run: nothing wider than intended.
 */
async function own(fd: number, ownership: Ownership): Promise<void> {
  if (ownership.mode === undefined) return;
  try {
    if (ownership.uid !== undefined || ownership.gid !== undefined)
      await fchown(fd, ownership.uid ?? -1, ownership.gid ?? -1);
    await fchmod(fd, ownership.mode);
  } catch {
    await fchmod(fd, ownership.mode & 0o700).catch(() => {});
  }
}
