import { crc32, createInflateRaw } from "node:zlib";

/**
 * Gunzips member by member: the gzip framing (RFC 1952) is read here, and each member's deflate
 * data goes to a raw inflater. zlib's own gunzip, meeting bytes after the last member that are not
 * another member, fails in the very step that inflated the document's last block, and drops that
 * block. Here everything inflated comes out first, and the stray bytes are thrown after it (GNU
 * gzip: "decompression OK, trailing garbage ignored"). Zero bytes after a member are padding, as
 * gzip takes them. One compressed chunk is in the inflater at a time, so memory stays bounded.
 */
export async function* gunzip(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const input = new CompressedInput(compressed);
  try {
    for (let member = 0; ; member++) {
      if (member > 0) {
        if (!(await input.skipPadding())) return;
        // All the data before is whole (its checksums matched): its last line may be read too.
        if (!startsMember(input.pending))
          throw Object.assign(gzipError("Z_DATA_ERROR", "trailing garbage after the last member"), { complete: true });
      }
      let header: number | undefined;
      while ((header = headerLength(input.pending)) === undefined) if (!(await input.more())) throw endsEarly();
      if (header < 0) throw gzipError("Z_DATA_ERROR", "incorrect header check");
      input.pending = input.pending.subarray(header);
      yield* inflateMember(input);
    }
  } finally {
    // Not awaited: a read under way (standard input waiting for more) would hold the caller up.
    input.close().catch(() => {});
  }
}

/** The compressed bytes: those read but not yet used, and the way to read more. */
class CompressedInput {
  pending: Buffer = Buffer.alloc(0);
  private readonly chunks: AsyncIterator<Buffer>;
  private ended = false;

  constructor(compressed: AsyncIterable<Buffer>) {
    this.chunks = compressed[Symbol.asyncIterator]();
  }

  /** Adds the next chunk to `pending`; false at the end of the input. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    // Copied either way: a file's chunk is good only until the next is asked for (file-chunks.ts).
    this.pending = this.pending.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.pending, next.value]);
    return true;
  }

  /** Skips zero bytes after a member; false when the input ends there. Leaves at least 2 bytes when it can. */
  async skipPadding(): Promise<boolean> {
    for (;;) {
      const start = this.pending.findIndex((byte) => byte !== 0);
      if (start >= 0) {
        this.pending = this.pending.subarray(start);
        while (this.pending.length < 2 && (await this.more()));
        return true;
      }
      this.pending = Buffer.alloc(0);
      if (!(await this.more())) return false;
    }
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/** Inflated bytes that may wait for the reader: the inflater runs ahead of it by this much, no more. */
const READY_AHEAD = 1024 * 1024;

/**
 * Inflates one member's deflate data and checks its trailer; `input.pending` is left after it. A
 * feeder writes compressed chunks, one at a time, while the reader takes what is inflated, so that
 * inflating (on libuv's threads) overlaps with parsing.
 */
async function* inflateMember(input: CompressedInput): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw();
  const ready: Buffer[] = [];
  let readyBytes = 0;
  let failure: unknown;
  let ended = false; // the inflater saw the end of the deflate data
  let finished = false; // the feeder is done, by the end, a fault or a stop
  let stopped = false; // the reader went away
  let crc = 0;
  let size = 0;
  const feederWait = new Signal();
  const readerWait = new Signal();
  inflater.on("data", (chunk: Buffer) => {
    ready.push(chunk);
    readyBytes += chunk.length;
    crc = crc32(chunk, crc);
    size += chunk.length;
    readerWait.wake();
  });
  inflater.on("end", () => (ended = true));
  let written: (() => void) | undefined;
  inflater.on("error", (err: Error) => {
    failure ??= err;
    written?.(); // a failed write may never call back
  });
  const feed = async () => {
    let fed = 0;
    try {
      while (!stopped && failure === undefined) {
        while (readyBytes > READY_AHEAD && !stopped) await feederWait.next();
        if (input.pending.length === 0 && !(await input.more())) throw endsEarly();
        if (stopped) break;
        const chunk = input.pending;
        input.pending = Buffer.alloc(0);
        fed += chunk.length;
        await new Promise<void>((resolve) => {
          written = resolve;
          inflater.write(chunk, () => resolve());
        });
        written = undefined;
        if (failure !== undefined) break;
        await new Promise<void>((resolve) => setImmediate(resolve)); // the last output and `end` are out
        // The deflate data ended inside this chunk (or just before it): the rest is the trailer and after.
        if (ended || inflater.bytesWritten < fed) {
          input.pending = chunk.subarray(chunk.length - (fed - inflater.bytesWritten));
          break;
        }
      }
    } catch (err) {
      failure ??= err;
    }
    finished = true;
    readerWait.wake();
  };
  const feeding = feed();
  try {
    for (;;) {
      const chunk = ready.shift();
      if (chunk !== undefined) {
        readyBytes -= chunk.length;
        if (readyBytes <= READY_AHEAD) feederWait.wake();
        yield chunk;
      } else if (finished) break;
      else await readerWait.next();
    }
  } finally {
    stopped = true;
    feederWait.wake();
    inflater.destroy();
    written?.(); // a write into a destroyed inflater may never call back
  }
  // Not awaited above: stopped early, the feeder may still wait for a read (standard input).
  await feeding;
  if (failure !== undefined) throw failure;
  while (input.pending.length < 8) if (!(await input.more())) throw endsEarly();
  if (input.pending.readUInt32LE(0) !== crc >>> 0 || input.pending.readUInt32LE(4) !== size % 2 ** 32)
    throw gzipError("Z_DATA_ERROR", "incorrect data check");
  input.pending = input.pending.subarray(8);
}

/** One side waits until the other wakes it; a wake with nobody waiting lets the next wait pass at once. */
class Signal {
  private resolve: (() => void) | undefined;
  private woken = false;

  next(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.resolve = resolve));
  }

  wake(): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (resolve) resolve();
    else this.woken = true;
  }
}

/** Whether `bytes` start with gzip's magic number (another member), not garbage. */
function startsMember(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The length of the gzip member header at the start of `bytes`: undefined while more bytes are
 * needed, -1 when it is no valid header (method not deflate, reserved flags, header CRC wrong).
 */
function headerLength(bytes: Buffer): number | undefined {
  if (bytes.length < 10) return bytes.length >= 2 && !startsMember(bytes) ? -1 : undefined;
  if (!startsMember(bytes) || bytes[2] !== 8) return -1;
  const flags = bytes[3]!;
  if (flags & 0xe0) return -1; // reserved bits: RFC 1952 says to refuse the member
  let at = 10;
  if (flags & 4) {
    if (bytes.length < at + 2) return undefined;
    at += 2 + bytes.readUInt16LE(at); // FEXTRA
  }
  for (const bit of [8, 16]) {
    if (!(flags & bit)) continue; // FNAME, FCOMMENT: zero-terminated
    const end = bytes.indexOf(0, at);
    if (end < 0) return undefined;
    at = end + 1;
  }
  if (flags & 2) {
    // FHCRC: the low 16 bits of the CRC-32 of the header before it.
    if (bytes.length < at + 2) return undefined;
    if ((crc32(bytes.subarray(0, at)) & 0xffff) !== bytes.readUInt16LE(at)) return -1;
    at += 2;
  }
  return bytes.length < at ? undefined : at;
}

/** Errors with the codes zlib gives, which the reader turns into its messages. */
function gzipError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function endsEarly(): Error {
  return gzipError("Z_BUF_ERROR", "unexpected end of file");
}
