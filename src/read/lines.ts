/**
 * Splits a byte stream into lines (LF or CRLF) and decodes each as UTF-8. A line that is not valid
 * UTF-8 is handed on as an EncodingProblem instead of being silently "repaired" with U+FFFD, which
 * would change identifiers. Lines already complete are handed on before a read error is rethrown,
 * so a truncated gzip still yields everything before the damage.
 */
import { worded, type Worded } from "../diagnostics.js";

export interface EncodingProblem {
  /** "encoding": not UTF-8; "too-long": longer than the line limit, skipped unread. */
  kind: "encoding" | "too-long";
  /** What the diagnostic of it says (ENCODING, EVENT_TOO_LARGE). */
  said: Worded;
  /** 1-based column (in characters) where the bad bytes start on their line. */
  column: number;
  /** "encoding": the line's bytes, verbatim but for its line break (within the line limit, as a line's text is). */
  bytes?: Buffer;
}

export type Line = string | EncodingProblem;

const LF = 0x0a;
const CR = 0x0d;
const REPLACEMENT = "\ufffd";

/** The default limit on one line (one NDJSON event): generous, yet one monstrous line cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Lines are handed on a chunk's worth at a time (an array per chunk read): what comes after is a
 * plain loop over them, with no promise per line. Nothing of a chunk is kept once the next is asked
 * for: a file's chunks share their memory (file-chunks.ts).
 * `sniffUtf16`: the chunks start at the file's start, where a UTF-16 byte-order mark would be.
 * `counter.lines` counts every line handed on (one per line of the input, blank or not).
 * `firstByte`: where the chunks start in the file, so that byte offsets in messages are the file's.
 * `textRead` hears each chunk's size, after any gunzipping (where progress hears file bytes).
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | string>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  {
    sniffUtf16 = true,
    counter = { lines: 0 },
    firstByte = 0,
    textRead,
  }: {
    sniffUtf16?: boolean;
    counter?: { lines: number };
    firstByte?: number;
    textRead?: ((bytes: number) => void) | undefined;
  } = {},
): AsyncGenerator<Line[]> {
  let pending: Buffer[] = []; // the start of a line that has not ended yet, in pieces
  let pendingBytes = 0;
  let skipping = 0; // > 0: the bytes of an over-long line seen so far, dropped as they come
  let skippingBlank = true; // every byte of the over-long line so far is JSON whitespace: it is a blank line
  let consumed = firstByte; // bytes of the file before the pending line
  let first = sniffUtf16;
  // The last line, unended: read at the end, and also when the input fails after all its data was
  // read (garbage after a gzip's data: `complete` on the error); a cut input's last line is not whole.
  function* lastLine(): Generator<Line[]> {
    if (skipping > 0 || pending.length > 0) counter.lines++;
    if (skipping > 0) yield [skippingBlank ? "" : tooLong(skipping, maxLineBytes)];
    else if (pending.length > 0) yield [decodeLine(Buffer.concat(pending), consumed)];
  }
  try {
    for await (const raw of chunks) {
      const chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
      textRead?.(chunk.length);
      if (first && chunk.length > 0) {
        first = false;
        const wide = wideEncoding(chunk);
        if (wide) {
          yield [
            {
              kind: "encoding",
              column: 1,
              said: worded("ENCODING.wide", { encoding: wide.name, iconv: wide.iconv }),
            },
          ];
          return;
        }
      }
      const out: Line[] = [];
      let start = 0;
      for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
        const piece = chunk.subarray(start, newline);
        if (skipping > 0 || pendingBytes + piece.length > maxLineBytes) {
          const length = skipping + pendingBytes + piece.length;
          const blank = (skipping > 0 ? skippingBlank : pending.every(isWhitespace)) && isWhitespace(piece);
          counter.lines++;
          // A long run of whitespace between documents holds nothing to skip: it is a blank line.
          out.push(blank ? "" : tooLong(length, maxLineBytes));
          consumed += length + 1;
          skipping = 0;
          skippingBlank = true;
        } else {
          const line = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
          counter.lines++;
          out.push(decodeLine(line, consumed));
          consumed += line.length + 1;
        }
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        if (skipping > 0 || pendingBytes + rest.length > maxLineBytes) {
          // Over the limit: keep counting, stop keeping.
          skippingBlank = (skipping > 0 ? skippingBlank : pending.every(isWhitespace)) && isWhitespace(rest);
          skipping += pendingBytes + rest.length;
          pending = [];
          pendingBytes = 0;
        } else {
          // Copied: the chunk's memory may be read into again once the next is asked for (file-chunks.ts).
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      if (out.length > 0) yield out;
    }
  } catch (err) {
    if ((err as { complete?: unknown }).complete === true) yield* lastLine();
    throw err;
  }
  yield* lastLine();
}

/** Only JSON's whitespace within a line (space, tab, carriage return). Looked at only for lines over the limit. */
function isWhitespace(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  return true;
}

function tooLong(length: number, limit: number): EncodingProblem {
  return {
    kind: "too-long",
    column: 1,
    said: worded("EVENT_TOO_LARGE.line", { bytes: length, limit }),
  };
}

function decodeLine(bytes: Buffer, fileOffset: number): Line {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  const text = bytes.toString("utf8", 0, end);
  if (!text.includes(REPLACEMENT)) return text;
  // A U+FFFD is either written in the file (bytes EF BF BD) or the decoder's stand-in for bad bytes.
  for (let at = text.indexOf(REPLACEMENT); at !== -1; at = text.indexOf(REPLACEMENT, at + 1)) {
    const byte = Buffer.byteLength(text.slice(0, at), "utf8");
    if (bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd) continue;
    const shown = [...bytes.subarray(byte, Math.min(byte + 4, end))]
      .map((b) => b.toString(16).toUpperCase().padStart(2, "0"))
      .join(" ");
    return {
      kind: "encoding",
      column: at + 1,
      bytes: Buffer.from(bytes.subarray(0, end)), // a copy: kept past the chunk it was read in
      said: worded("ENCODING.invalidUtf8", { offset: fileOffset + byte, bytes: shown }),
    };
  }
  return text;
}

interface WideEncoding {
  name: string;
  /** The name iconv knows it by. */
  iconv: string;
}

/**
 * UTF-16 or UTF-32: by the byte-order mark, or, without one, by the zero bytes around the first
 * character, which in JSON text is ASCII (RFC 4627 §3: `00 00 00 xx` is UTF-32BE, `00 xx 00 xx`
 * UTF-16BE, `xx 00 00 00` UTF-32LE, `xx 00 xx 00` UTF-16LE). UTF-32LE's mark begins with UTF-16LE's.
 */
function wideEncoding(head: Buffer): WideEncoding | undefined {
  const [a, b, c, d] = head;
  const utf32le = (a === 0xff && b === 0xfe && c === 0 && d === 0) || (a !== 0 && b === 0 && c === 0 && d === 0);
  if (utf32le) return { name: "UTF-32 (little-endian)", iconv: "UTF-32LE" };
  if ((a === 0 && b === 0 && c === 0xfe && d === 0xff) || (a === 0 && b === 0 && c === 0 && d !== 0))
    return { name: "UTF-32 (big-endian)", iconv: "UTF-32BE" };
  if ((a === 0xff && b === 0xfe) || (a !== 0 && b === 0 && c !== 0 && d === 0))
    return { name: "UTF-16 (little-endian)", iconv: "UTF-16LE" };
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== 0 && c === 0 && d !== 0))
    return { name: "UTF-16 (big-endian)", iconv: "UTF-16BE" };
  return undefined;
}
