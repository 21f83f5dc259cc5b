import { once } from "node:events";
import { WriteStream } from "node:fs";
import { Socket } from "node:net";
import type { Writable } from "node:stream";
import { RECORD_COLUMNS, type GradeRecord, type RecordColumn } from "../types.js";
import { GradeevError } from "../errors.js";
import { csvRowFormatter, csvStringifier } from "./csv-rows.js";
import { parquetRecordWriter } from "./parquet-writer.js";
import { recordJsonFormatter } from "./record-json.js";

export const OUTPUT_FORMATS = ["csv", "json", "ndjson", "parquet"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface WriterOptions {
  /** Which columns, in which order; all by default. */
  columns?: readonly RecordColumn[];
  /** CSV only. */
  delimiter?: string;
  /** CSV only: write the header row (default true). */
  header?: boolean;
  /** CSV only: start with a UTF-8 byte-order mark, so that Excel reads UTF-8. */
  bom?: boolean;
  /** CSV only: end rows with CRLF (RFC 4180) instead of LF. */
  crlf?: boolean;
  /** CSV only: neutralise text cells a spreadsheet would run as a formula (default true). */
  formulaGuard?: boolean;
}

/** Writes records to a stream in one format, honouring back-pressure. */
export interface RecordWriter {
  write(record: GradeRecord): Promise<void>;
  /**
   * Writes `count` records already formatted by recordFormatter with the same options (by a worker
   * thread), as text or UTF-8. Once this resolves the writer no longer holds UTF-8 bytes (copied if
   * the stream is not backed by a file descriptor), so that their memory may be used again.
   */
  writeFormatted(text: string | Uint8Array, count: number): Promise<void>;
  /** Writes what the format needs at the end (a CSV header when there were no rows, JSON's `]`). */
  end(): Promise<void>;
}

/** How a format frames its records: what comes before the first, between two batches, and after the last. */
interface Framing {
  open: string;
  separator: string;
  close: string;
  empty: string;
}

/**
 * Records are formatted in batches: one call per batch is much cheaper than one per record. Small
 * batches, so that records die young: 256 kept them past a scavenge (a 1 GB envelope: 198 MiB, 121 with 64).
 */
const BATCH = 64;

export function createRecordWriter(format: OutputFormat, out: Writable, options: WriterOptions = {}): RecordWriter {
  if (format === "parquet") return parquetRecordWriter((bytes) => putWritten(out, bytes), checkedColumns(options));
  const framing = framingOf(format, options);
  const formatBatch = recordFormatter(format, options);
  let batch: GradeRecord[] = [];
  let started = false;
  // The first bytes (a CSV header) go out with the first records or at the end, never before the
  // input has been found readable.
  const emit = async (text: string | Uint8Array, count: number) => {
    if (count === 0) return;
    const before = started ? framing.separator : framing.open;
    if (typeof text === "string") await put(out, before + text);
    else {
      if (before !== "") await put(out, before);
      await putWritten(out, text);
    }
    started = true;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    await emit(formatBatch(records), records.length);
  };
  return {
    async write(record) {
      if (out.errored) throw out.errored;
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    },
    async writeFormatted(text, count) {
      await flush();
      await emit(text, count);
    },
    async end() {
      await flush();
      await put(out, started ? framing.close : framing.empty);
    },
  };
}

function framingOf(format: OutputFormat, options: WriterOptions): Framing {
  switch (format) {
    case "csv": {
      const preamble = csvStringifier(options, true)([]);
      return { open: preamble, separator: batchSeparator(format), close: "", empty: preamble };
    }
    case "json":
      return { open: "[\n", separator: batchSeparator(format), close: "\n]\n", empty: "[]\n" };
    case "ndjson":
      return { open: "", separator: batchSeparator(format), close: "\n", empty: "" };
    case "parquet":
      throw new Error("Parquet has no text framing");
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
}

/** What stands between two batches formatted by recordFormatter: joined so, they are one batch. */
export function batchSeparator(format: Exclude<OutputFormat, "parquet">): string {
  return format === "csv" ? "" : format === "json" ? ",\n" : "\n";
}

/**
 * The first column named a second time, if any: a JSON object would hold its key twice (RFC 8259
 * §4: names "SHOULD be unique"), and a CSV header would name two columns alike.
 */
export function repeatedColumn(columns: readonly RecordColumn[]): RecordColumn | undefined {
  const seen = new Set<RecordColumn>();
  for (const column of columns) {
    if (seen.has(column)) return column;
    seen.add(column);
  }
  return undefined;
}

/**
 * Formats a batch of records as the body of the chosen format: CSV rows (no header), or JSON
 * objects joined as the format joins them. Pure, so that worker threads format their own records
 * and the output stays byte-identical to one thread's.
 */
export function recordFormatter(
  format: OutputFormat,
  options: WriterOptions = {},
): (records: readonly GradeRecord[]) => string {
  const columns = checkedColumns(options);
  switch (format) {
    case "csv":
      return csvRowFormatter(options, columns);
    case "json": {
      const toJson = recordJsonFormatter(columns);
      return (records) => records.map(toJson).join(",\n");
    }
    case "ndjson": {
      const toJson = recordJsonFormatter(columns);
      return (records) => records.map(toJson).join("\n");
    }
    case "parquet":
      throw new Error("Parquet is written from records (createRecordWriter), not formatted as text");
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
}

function checkedColumns(options: WriterOptions): readonly RecordColumn[] {
  const columns = options.columns ?? RECORD_COLUMNS;
  const twice = repeatedColumn(columns);
  if (twice !== undefined) throw new GradeevError(`columns names ${twice} twice; name each column once`);
  return columns;
}

export async function put(out: Writable, chunk: string | Uint8Array): Promise<void> {
  // A stream that already failed never drains: report its error instead of waiting forever.
  if (out.errored) throw out.errored;
  if (!out.write(chunk)) await once(out, "drain");
}

/** Writes many small pieces in chunks of about 64 KiB: one write each would cost more than the bytes. */
export async function putPieces(out: Writable, pieces: Iterable<string>): Promise<void> {
  let chunk: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    chunk.push(piece);
    length += piece.length;
    if (length >= 1 << 16) {
      await put(out, chunk.join(""));
      chunk = [];
      length = 0;
    }
  }
  if (chunk.length > 0) await put(out, chunk.join(""));
}

/**
 * Writes a chunk and resolves once the stream no longer holds it, so that its memory may be used
 * again. A stream backed by a file descriptor has handed the bytes to the system when its write
 * callback runs; any other stream (a PassThrough, a transform) may still keep the very chunk in its
 * buffer then, so it is given a copy.
 */
export async function putWritten(out: Writable, chunk: Uint8Array): Promise<void> {
  if (out.errored) throw out.errored;
  const owned = writesToSystem(out) ? chunk : Buffer.from(chunk);
  await new Promise<void>((resolve, reject) => out.write(owned, (err) => (err ? reject(err) : resolve())));
}

function writesToSystem(out: Writable): boolean {
  return out instanceof WriteStream || out instanceof Socket || out === process.stdout || out === process.stderr;
}
