import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { fdReader, fileChunks } from "./file-chunks.js";
import { gunzip } from "./gunzip.js";
import type { InputSource } from "./sources.js";

/**
 * How much of a file is read at a time, and so read ahead while the chunk before is checked: with
 * Node's 64 KiB, the main thread sat idle waiting for each read (10 % of a validate of the bench's
 * Blackboard file in a profile).
 */
export const READ_AHEAD = 256 * 1024;

/** An input's bytes; `destroy()` stops reading early and closes the file. */
export type Bytes = AsyncIterable<Buffer> & { destroy(): void };

/**
 * Opens an input as a stream of bytes, gunzipped when it starts with the gzip magic bytes
 * (the content decides, not the file name). Opening fails with exit 2 before anything is read.
 */
export async function openBytes(
  source: InputSource,
  stdin: Readable,
  onBytes?: (count: number) => void,
): Promise<Bytes> {
  if (source.kind === "stdin")
    return sniffGzip(stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>, onBytes);
  const handle = await open(source.path, "r").catch((err: unknown) => {
    throw new GradeevError(ioErrorMessage(err, source.name));
  });
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* fileChunks(fdReader(handle.fd), READ_AHEAD);
    } finally {
      await handle.close().catch(() => {});
    }
  }
  return sniffGzip(chunks(), onBytes);
}

/**
 * `onBytes` hears every chunk as read from the file, before any gunzipping: progress is in file bytes.
 * A chunk is good only until the next is asked for (file-chunks.ts): what reads them keeps copies.
 */
async function sniffGzip(chunks: AsyncIterator<Buffer | string>, onBytes?: (count: number) => void): Promise<Bytes> {
  const first = await chunks.next();
  if (first.done) return withDestroy(noBytes());
  let head = typeof first.value === "string" ? Buffer.from(first.value) : first.value;
  // A pipe may hand over fewer bytes than the two of gzip's magic number at first.
  let ended = false;
  while (head.length < 2 && !ended) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, typeof next.value === "string" ? Buffer.from(next.value) : next.value]);
  }
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      onBytes?.(head.length);
      yield head;
      if (ended) return;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
        onBytes?.(chunk.length);
        yield chunk;
      }
    } finally {
      await chunks.return?.(); // stopped early: the file is closed now, not when collected
    }
  }
  // Not wrapped in a stream: a stream reads ahead of its reader, and a chunk is good only until the
  // next is read (see above). And one that fails drops what it holds, while what gunzip gave before
  // failing (a file cut short, garbage after it) must all be read first.
  return withDestroy(isGzip ? gunzip(replay()) : replay());
}

async function* noBytes(): AsyncGenerator<Buffer> {}

function withDestroy(bytes: AsyncGenerator<Buffer>): Bytes {
  return Object.assign(bytes, { destroy: () => void bytes.return(undefined) });
}
