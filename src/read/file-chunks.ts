/**
 * A file's bytes read into two buffers in turn: while one chunk is looked at, the next is read into
 * the other. A new buffer per chunk (what a read stream makes) is fresh memory each time, whose
 * pages the system must map as the bytes land: on 66 MB that cost 150-300 ms of CPU against 30 ms
 * through the same two buffers (measured in a main thread and a worker alike).
 *
 * So a chunk is good only until the next is asked for: a reader that keeps bytes past that (a line
 * not yet ended, a gzip member's pending input) copies them.
 */
import { read } from "node:fs";

/**
 * Reads `length` bytes at `position` (null: where the last read ended) into `buffer`; resolves
 * with how many were read (0 at the end).
 */
type ReadAt = (buffer: Buffer, length: number, position: number | null) => Promise<number>;

/** Through fs.read's callback: FileHandle.read's promise cost twice the CPU per call in profiles. */
export function fdReader(fd: number): ReadAt {
  return (buffer, length, position) =>
    new Promise((resolve, reject) =>
      read(fd, buffer, 0, length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
    );
}

/**
 * The bytes of `part` (from `start` up to `end`, exclusive), `size` at a time; without `part`, the
 * file's from where it stands, read one after the other: a named pipe or a device (`<(…)`,
 * /dev/stdin) cannot be read at a position. Each chunk yielded is good until the next is asked
 * for (see above).
 */
export async function* fileChunks(
  readAt: ReadAt,
  size: number,
  part?: { start: number; end: number },
): AsyncGenerator<Buffer> {
  const buffers = [spareBuffer(size), spareBuffer(size)];
  let position = part?.start ?? 0;
  const end = part?.end ?? Infinity;
  let turn = 0;
  const readNext = (): Promise<number> => {
    const length = Math.min(size, end - position);
    return length <= 0 ? Promise.resolve(0) : readAt(buffers[turn]!, length, part ? position : null);
  };
  let next = readNext();
  let settled = false;
  try {
    for (;;) {
      const count = await next;
      if (count === 0) {
        settled = true;
        return;
      }
      const chunk = buffers[turn]!.subarray(0, count);
      position += count;
      turn ^= 1;
      next = readNext();
      yield chunk;
    }
  } finally {
    // A read under way when the reader stops early lands in a buffer no one looks at, which is
    // then not used again; its error is dropped too.
    next.catch(() => {});
    if (settled) for (const buffer of buffers) if (spare.length < SPARE_BUFFERS) spare.push(buffer);
  }
}

/**
 * Buffers of readers that have finished, for the next: a thread reads file after file, or part
 * after part (60 parts of 4 MiB in a 250 MB file), and memory allocated afresh for each is freed
 * only when a collection comes round, which outside the heap is seldom: 20 MiB more peak RSS on
 * the bench's two workers.
 */
const spare: Buffer[] = [];
const SPARE_BUFFERS = 4;

function spareBuffer(size: number): Buffer {
  const index = spare.findIndex((buffer) => buffer.length === size);
  return index === -1 ? Buffer.allocUnsafeSlow(size) : spare.splice(index, 1)[0]!;
}
