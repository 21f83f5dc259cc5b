import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { gunzip } from "./gunzip.js";
import type { InputSource } from "./sources.js";

/**
 * How much of a file is read at a time, and so read ahead while the chunk before is checked: with
 * Node's 64 KiB, the main thread sat idle waiting for each read (10 % of a validate of the bench's
 * Blackboard file in a profile).
 */
const READ_AHEAD = 256 * 1024;

/** An input's bytes; `destroy()` stops reading early and closes the file. */
export type Bytes = AsyncIterable<Buffer> & { destroy(): void };

/**
 * Opens an input as a stream of bytes, gunzipped when it starts with the gzip magic bytes
 * (the content decides, not the file name). Opening fails with exit 2 before anything is read.
 */
export async function openBytes(source: InputSource, stdin: Readable, onBytes?: (count: number) => void): Promise<Bytes> {
  let raw: Readable;
  if (source.kind === "stdin") raw = stdin;
  else {
    const handle = await open(source.path, "r").catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, source.name));
    });
    raw = handle.createReadStream({ highWaterMark: READ_AHEAD });
  }
  return sniffGzip(raw, onBytes);
}

/** `onBytes` hears every chunk as read from the file, before any gunzipping: progress is in file bytes. */
async function sniffGzip(raw: Readable, onBytes?: (count: number) => void): Promise<Bytes> {
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await chunks.next();
  if (first.done) return Readable.from([]);
  let head = typeof first.value === "string" ? Buffer.from(first.value) : first.value;
  // A pipe may hand over fewer bytes than the two of gzip's magic number at first.
  let ended = false;
  while (head.length < 2 && !ended) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, typeof next.value === "string" ? Buffer.from(next.value) : next.value]);
  }
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
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (!isGzip) return Readable.from(replay(), { objectMode: false });
  // Not wrapped in a stream: one that fails drops what it holds, and what gunzip gave before
  // failing (a file cut short, garbage after it) must all be read first.
  const gunzipped = gunzip(replay());
  return Object.assign(gunzipped, { destroy: () => void gunzipped.return(undefined) });
}
