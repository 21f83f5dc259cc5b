/**
 * The tape of --dedupe and --latest (repeats/tape.ts) in a temporary file, so that the items read wait
 * for their verdicts on disk, not in memory. The file is unlinked as soon as it is open: it lives
 * only as long as the open descriptor, and nothing is left behind, whether the run ends, fails or is
 * killed. Writes go out in blocks of 1 MiB.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tape } from "../repeats/tape.js";
import { GradeevError, ioErrorMessage } from "../errors.js";

const BLOCK = 1 << 20;
const NEWLINE = 0x0a;

function failure(err: unknown, path: string): GradeevError {
  return new GradeevError(
    `cannot hold the events read in a temporary file (--dedupe, --latest): ${ioErrorMessage(err, path)}; set TMPDIR to a folder that can be written`,
  );
}

export function tapeInFile(): Tape {
  let path = join(tmpdir(), "gradeev-held-XXXXXX");
  let fd: number;
  try {
    const folder = mkdtempSync(join(tmpdir(), "gradeev-held-"));
    path = join(folder, "items");
    fd = openSync(path, "wx+", 0o600);
    unlinkSync(path);
    rmdirSync(folder);
  } catch (err) {
    throw failure(err, path);
  }
  const block = Buffer.allocUnsafe(BLOCK);
  const scratch = Buffer.allocUnsafe(8 << 10);
  let used = 0; // bytes of `block` not yet written
  let size = 0; // bytes in the file
  const guarded = <T>(act: () => T): T => {
    try {
      return act();
    } catch (err) {
      throw failure(err, path);
    }
  };
  const writeAll = (bytes: Buffer, length: number) => {
    for (let done = 0; done < length;) done += writeSync(fd, bytes, done, length - done, size + done);
    size += length;
  };
  const flush = () => {
    if (used > 0) guarded(() => writeAll(block, used));
    used = 0;
  };
  /** The lines from `at` on, each with where it starts, read `first` bytes first, then more each time. */
  function* lines(at: number, first: number): Generator<[number, string]> {
    flush();
    let carry = Buffer.alloc(0);
    let start = at; // where `carry` starts in the file
    for (let position = at, want = first; position < size; want = Math.min(BLOCK, want * 2)) {
      const chunk = Buffer.allocUnsafe(Math.min(want, size - position));
      const read = guarded(() => readSync(fd, chunk, 0, chunk.length, position));
      if (read === 0) break;
      position += read;
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let from = 0;
      for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, from)) {
        yield [start + from, bytes.toString("utf8", from, end)];
        from = end + 1;
      }
      carry = Buffer.from(bytes.subarray(from));
      start += from;
    }
  }
  return {
    put(text) {
      const at = size + used;
      const length = Buffer.byteLength(text) + 1;
      if (used + length > BLOCK) flush();
      if (length > BLOCK) {
        guarded(() => writeAll(Buffer.from(`${text}\n`), length));
        return at;
      }
      used += block.write(text, used);
      block[used++] = NEWLINE;
      return at;
    },
    get(at) {
      flush();
      // Most items fit in the scratch buffer: one read, no allocation but the string.
      const read = guarded(() => readSync(fd, scratch, 0, Math.min(scratch.length, size - at), at));
      const end = scratch.subarray(0, read).indexOf(NEWLINE);
      if (end !== -1) return scratch.toString("utf8", 0, end);
      for (const [, text] of lines(at, BLOCK)) return text;
      throw new Error(`nothing on the tape at ${at}`);
    },
    replay: () => lines(0, BLOCK),
    close() {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    },
  };
}
