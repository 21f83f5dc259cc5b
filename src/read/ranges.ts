import { read } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { isBlank, isStandalone } from "./line-starts.js";
import { DEFAULT_MAX_LINE_BYTES } from "./lines.js";

/** A part of a file, from a line start to a line start (or the file's end). */
export interface ByteRange {
  start: number;
  end: number;
}

const LF = 0x0a;
const WINDOW = 64 * 1024;
/** The first line must end within this many bytes for the file to count as NDJSON here. */
const HEAD_BYTES = 1024 * 1024;
/** Lines longer than this are not parsed to find a place to split at: a place is looked for after them. */
const STANDALONE_BYTES = 1024 * 1024;
/** How far past a part's planned end a place to split at is looked for; beyond, the rest of the file is one part. */
const SEARCH_BYTES = 64 * 1024 * 1024;

/**
 * Opens a plain NDJSON file and splits it into parts of about `partBytes`, so that workers can read
 * them independently through the open file. A part starts only where the reader is always between
 * documents, whatever came before: on a line that is an object or array on its own, right after
 * another (see isStandalone), so that a document over many lines after NDJSON lines is never cut
 * (and parts read as the whole file reads). Undefined (nothing left open) when the file is not worth
 * splitting or not known to be NDJSON: not a regular file (a FIFO must be opened once, by its
 * reader), small, gzipped, UTF-16, or starting with a document over many lines (its first non-blank
 * line is not a JSON value on its own, the reader's own test). Such files are read whole.
 * `maxLineBytes`: --max-event-bytes; a longer line is no place to split at (the reader skips it).
 */
export async function openParts(
  path: string | Buffer,
  partBytes: number,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  buffers = new PlanBuffers(),
): Promise<{ handle: FileHandle; ranges: ByteRange[] } | undefined> {
  const info = await stat(path).catch(() => undefined); // the reader reports what cannot be read
  if (!info?.isFile() || info.size <= partBytes) return undefined;
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const ranges = await lineAlignedRanges(handle, partBytes, maxLineBytes, buffers);
    if (ranges) return { handle, ranges };
  } catch {
    // unreadable now: read whole, and let the reader report it
  }
  await handle.close();
  return undefined;
}

/** The parts of an open file, or undefined when it is not plain NDJSON or too small to split. */
export async function lineAlignedRanges(
  handle: FileHandle,
  partBytes: number,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  buffers = new PlanBuffers(),
): Promise<ByteRange[] | undefined> {
  const { size } = await handle.stat();
  if (size <= partBytes) return undefined;
  const head = await readAt(handle, buffers.large(), 0, Math.min(size, HEAD_BYTES));
  if (!isNdjsonHead(head)) return undefined;
  const ranges: ByteRange[] = [];
  let start = 0;
  while (start < size) {
    const end =
      start + partBytes >= size ? size : await splitPointFrom(handle, start + partBytes, size, maxLineBytes, buffers);
    ranges.push({ start, end });
    start = end;
  }
  return ranges.length > 1 ? ranges : undefined;
}

/**
 * What planning reads into, over and over: a file of 256 parts once took a fresh MiB for each split
 * point, freed only when the main thread's quiet heap was next collected, so that 20-30 MiB of
 * garbage sat there while the workers started (the peak RSS of a whole 1 GiB run).
 */
export class PlanBuffers {
  /** For a line start's LF, and for the lines after it. */
  readonly lineStart = Buffer.allocUnsafe(WINDOW);
  readonly window = Buffer.allocUnsafe(WINDOW);
  private largeBuffer: Buffer | undefined;

  /** For the file's head, and for a line too long for `window`; made once, when first needed. */
  large(): Buffer {
    return (this.largeBuffer ??= Buffer.allocUnsafe(Math.max(HEAD_BYTES, STANDALONE_BYTES + 2)));
  }
}

/** The first line start at or after `at` (the byte after an LF), or the file's size. */
async function lineStartFrom(handle: FileHandle, at: number, size: number, buffers: PlanBuffers): Promise<number> {
  // A line start is the byte after an LF: look from the byte before `at`.
  for (let from = at - 1; from < size; from += WINDOW) {
    const window = await readAt(handle, buffers.lineStart, from, Math.min(WINDOW, size - from));
    const lf = window.indexOf(LF);
    if (lf !== -1) return from + lf + 1;
  }
  return size;
}

/**
 * The first place at or after `at` to start a part: the start of a line that is an object or array
 * on its own, right after another such line. The file's size when none comes within SEARCH_BYTES.
 */
async function splitPointFrom(
  handle: FileHandle,
  at: number,
  size: number,
  maxLineBytes: number,
  buffers: PlanBuffers,
): Promise<number> {
  const cap = Math.min(maxLineBytes, STANDALONE_BYTES);
  let start = await lineStartFrom(handle, at, size, buffers);
  const stop = Math.min(size, start + SEARCH_BYTES);
  let window: Buffer = Buffer.alloc(0);
  let windowStart = start;
  let previous = false;
  while (start < stop) {
    let lf = window.indexOf(LF, start - windowStart);
    if (lf === -1) {
      // Usually many lines; a line not ended there is read again whole, up to the cap and its line feed.
      window = await readAt(handle, buffers.window, start, Math.min(WINDOW, size - start));
      windowStart = start;
      lf = window.indexOf(LF);
      if (lf === -1 && window.length < size - start && cap + 2 > WINDOW) {
        window = await readAt(handle, buffers.large(), start, Math.min(cap + 2, size - start));
        lf = window.indexOf(LF);
      }
    }
    const lineEnd = lf === -1 ? windowStart + window.length : windowStart + lf;
    let standalone = false;
    let next: number;
    if (lf === -1 && lineEnd < size)
      next = await lineStartFrom(handle, lineEnd, size, buffers); // longer than the cap
    else {
      next = lf === -1 ? size : lineEnd + 1;
      if (lineEnd - start <= cap)
        standalone = isStandaloneBytes(window.subarray(start - windowStart, lineEnd - windowStart));
    }
    if (standalone && previous) return start;
    previous = standalone;
    start = next;
  }
  return size;
}

/** The reader's isStandalone, for a line's bytes; not when they are not UTF-8 (the reader reports such a line). */
function isStandaloneBytes(bytes: Buffer): boolean {
  if (bytes[0] !== 0x7b && bytes[0] !== 0x5b) return false;
  const text = bytes.toString("utf8");
  return !text.includes("\ufffd") && isStandalone(text);
}

const readFd = promisify(read);

/**
 * How many lines a part holds (its line feeds: a part ends at a line start), read through the `fd`
 * its parts were planned with: for the parts after one whose worker failed, whose tally is lost.
 */
export async function linesIn(fd: number, range: ByteRange): Promise<number> {
  const buffer = Buffer.alloc(Math.min(WINDOW * 16, Math.max(1, range.end - range.start)));
  let lines = 0;
  for (let at = range.start; at < range.end;) {
    const { bytesRead } = await readFd(fd, buffer, 0, Math.min(buffer.length, range.end - at), at);
    if (bytesRead === 0) break;
    for (let lf = buffer.indexOf(LF); lf !== -1 && lf < bytesRead; lf = buffer.indexOf(LF, lf + 1)) lines++;
    at += bytesRead;
  }
  return lines;
}

/** Reads into `buffer`: what it returns is good until the buffer is read into again. */
async function readAt(handle: FileHandle, buffer: Buffer, position: number, length: number): Promise<Buffer> {
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The reader's own test (parseUnits): the first non-blank line is a JSON value on its own. */
function isNdjsonHead(head: Buffer): boolean {
  if (head[0] === 0x1f && head[1] === 0x8b) return false; // gzip
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false; // UTF-16
  let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  for (let lf = head.indexOf(LF, start); lf !== -1; start = lf + 1, lf = head.indexOf(LF, start)) {
    const line = head.toString("utf8", start, lf);
    if (isBlank(line)) continue;
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
