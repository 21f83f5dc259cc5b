import { open, stat, type FileHandle } from "node:fs/promises";
import { isBlank } from "./line-starts.js";

/** A part of a file, from a line start to a line start (or the file's end). */
export interface ByteRange {
  start: number;
  end: number;
}

const LF = 0x0a;
const WINDOW = 64 * 1024;
/** The first line must end within this many bytes for the file to count as NDJSON here. */
const HEAD_BYTES = 1024 * 1024;

/**
 * Opens a plain NDJSON file and splits it into parts of about `partBytes`, each starting on a line
 * start, so that workers can read them independently through the open file. Undefined (nothing
 * left open) when the file is not worth splitting or not known to be NDJSON: not a regular file (a
 * FIFO must be opened once, by its reader), small, gzipped, UTF-16, or one JSON document (its first
 * non-blank line is not a JSON value on its own, the reader's own test). Such files are read whole.
 */
export async function openParts(path: string, partBytes: number): Promise<{ handle: FileHandle; ranges: ByteRange[] } | undefined> {
  const info = await stat(path).catch(() => undefined); // the reader reports what cannot be read
  if (!info?.isFile() || info.size <= partBytes) return undefined;
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const ranges = await lineAlignedRanges(handle, partBytes);
    if (ranges) return { handle, ranges };
  } catch {
    // unreadable now: read whole, and let the reader report it
  }
  await handle.close();
  return undefined;
}

/** The parts of an open file, or undefined when it is not plain NDJSON or too small to split. */
export async function lineAlignedRanges(handle: FileHandle, partBytes: number): Promise<ByteRange[] | undefined> {
  const { size } = await handle.stat();
  if (size <= partBytes) return undefined;
  const head = await readAt(handle, 0, Math.min(size, HEAD_BYTES));
  if (!isNdjsonHead(head)) return undefined;
  const ranges: ByteRange[] = [];
  let start = 0;
  while (start < size) {
    const end = start + partBytes >= size ? size : await lineStartFrom(handle, start + partBytes, size);
    ranges.push({ start, end });
    start = end;
  }
  return ranges.length > 1 ? ranges : undefined;
}

/** The first line start at or after `at` (the byte after an LF), or the file's size. */
async function lineStartFrom(handle: FileHandle, at: number, size: number): Promise<number> {
  // A line start is the byte after an LF: look from the byte before `at`.
  for (let from = at - 1; from < size; from += WINDOW) {
    const window = await readAt(handle, from, Math.min(WINDOW, size - from));
    const lf = window.indexOf(LF);
    if (lf !== -1) return from + lf + 1;
  }
  return size;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
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
