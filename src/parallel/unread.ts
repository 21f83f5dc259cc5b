/**
 * What a task lost with its worker left unread: its bytes from the line after the last one whose
 * events all reached the main thread (Batch.lines). Events the worker read but never sent fall
 * there, so that they are reported not read rather than counted as read and lost.
 */
import { createReadStream } from "node:fs";
import { openBytes } from "../read/bytes.js";
import type { ByteRange } from "../read/ranges.js";

const LF = 0x0a;

/**
 * How many bytes of a task come after its first `lines` lines: of its part, read through the `fd`
 * it was planned with, or of its whole file's text (gunzipped, for a gzipped file).
 */
export async function bytesAfterLines(
  task: { path: string | Buffer; file: string; range?: ByteRange & { fd: number } },
  lines: number,
): Promise<number> {
  if (task.range) {
    const { start, end, fd } = task.range;
    if (end <= start) return 0;
    return countAfterLines(createReadStream("", { fd, start, end: end - 1, autoClose: false }), lines);
  }
  const bytes = await openBytes({ kind: "file", name: task.file, path: task.path }, process.stdin);
  try {
    return await countAfterLines(bytes, lines);
  } finally {
    bytes.destroy();
  }
}

/** The bytes after the first `lines` line feeds of a stream. */
async function countAfterLines(chunks: AsyncIterable<Buffer>, lines: number): Promise<number> {
  let skip = lines;
  let after = 0;
  for await (const chunk of chunks) {
    let from = 0;
    while (skip > 0) {
      const lf = chunk.indexOf(LF, from);
      if (lf === -1) break;
      from = lf + 1;
      skip--;
    }
    if (skip === 0) after += chunk.length - from;
  }
  return after;
}
