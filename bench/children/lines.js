// The floor's reading, shared by the children that add one thing to it: the file as a stream (64 KiB
// chunks, Node's default, as gradeev reads), split at LF, each non-empty line decoded as UTF-8.
// With `--part K/N` in the arguments, only the K-th of N line-aligned parts of the file is read (from
// 0), as `--jobs N` splits a file: a part starts at the first line start at or after K/N of the bytes.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";

export async function eachLine(path, handle, part = partArgument(process.argv)) {
  const range = part ? partRange(path, part) : {};
  if (range === null) return;
  let pending = null; // the start of a line cut by a chunk boundary
  for await (const chunk of createReadStream(path, range)) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pending ? Buffer.concat([pending, piece]) : piece;
      pending = null;
      if (line.length > 0) handle(line.toString("utf8"));
      start = nl + 1;
    }
    if (start < chunk.length)
      pending = pending ? Buffer.concat([pending, chunk.subarray(start)]) : chunk.subarray(start);
  }
  if (pending && pending.length > 0) handle(pending.toString("utf8"));
}

/** `--part K/N` as { k, n }; undefined without it. */
function partArgument(argv) {
  const at = argv.indexOf("--part");
  if (at === -1) return undefined;
  const [k, n] = argv[at + 1].split("/").map(Number);
  return { k, n };
}

/** createReadStream's `start` and `end` (inclusive) for part `k` of `n`, null for an empty part. */
function partRange(path, { k, n }) {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const start = lineStartFrom(fd, Math.floor((size * k) / n), size);
    const end = k + 1 === n ? size : lineStartFrom(fd, Math.floor((size * (k + 1)) / n), size);
    return end > start ? { start, end: end - 1 } : null;
  } finally {
    closeSync(fd);
  }
}

/** The first line start at or after `at`: the byte after an LF, looked for from the byte before `at`. */
function lineStartFrom(fd, at, size) {
  if (at === 0) return 0;
  const window = Buffer.alloc(1 << 16);
  for (let from = at - 1; from < size; from += window.length) {
    const read = readSync(fd, window, 0, window.length, from);
    const lf = window.subarray(0, read).indexOf(10);
    if (lf !== -1) return from + lf + 1;
  }
  return size;
}
