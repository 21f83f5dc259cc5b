import { once } from "node:events";
import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import { RECORD_COLUMNS, recordColumns, type GradeRecord, type RecordColumn } from "../types.js";
import { guardFormula } from "./formula-guard.js";
import { recordToJson } from "./record-json.js";

export const OUTPUT_FORMATS = ["csv", "json", "ndjson"] as const;
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
  /** Writes what the format needs at the end (a CSV header when there were no rows, JSON's `]`). */
  end(): Promise<void>;
}

export function createRecordWriter(format: OutputFormat, out: Writable, options: WriterOptions = {}): RecordWriter {
  const columns = options.columns ?? RECORD_COLUMNS;
  switch (format) {
    case "csv":
      return csvWriter(out, columns, options);
    case "json":
      return textWriter(out, columns, "[\n", ",\n", "\n]\n", "[]\n");
    case "ndjson":
      return textWriter(out, columns, "", "\n", "\n", "");
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
}

export async function put(out: Writable, chunk: string): Promise<void> {
  // A stream that already failed never drains: report its error instead of waiting forever.
  if (out.errored) throw out.errored;
  if (!out.write(chunk)) await once(out, "drain");
}

function textWriter(out: Writable, columns: readonly RecordColumn[], open: string, separator: string, close: string, empty: string): RecordWriter {
  let count = 0;
  return {
    async write(record) {
      await put(out, (count++ === 0 ? open : separator) + recordToJson(record, columns));
    },
    async end() {
      await put(out, count === 0 ? empty : close);
    },
  };
}

/** csv-stringify does the RFC 4180 quoting; the header is written even when no record follows. */
function csvWriter(out: Writable, columns: readonly RecordColumn[], options: WriterOptions): RecordWriter {
  // Loaded here, not at start-up: `validate` never writes CSV.
  const { stringify } = createRequire(import.meta.url)("csv-stringify") as typeof import("csv-stringify");
  const guard = options.formulaGuard !== false;
  const csv = stringify({
    header: options.header !== false,
    columns: [...columns],
    bom: options.bom === true,
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    record_delimiter: options.crlf ? "windows" : "unix",
    // csv-stringify quotes a cell holding the chosen row ending only; a bare CR or LF breaks rows too.
    quoted_match: /[\r\n]/,
    cast: { boolean: (value) => (value ? "true" : "false") },
  });
  const piped = new Promise<void>((resolve, reject) => {
    csv.on("data", (chunk: Buffer | string) => {
      if (!out.write(chunk)) {
        csv.pause();
        out.once("drain", () => csv.resume());
      }
    });
    csv.on("end", resolve);
    csv.on("error", reject);
    // A failed output never drains: stop waiting for it.
    out.once("error", reject);
  });
  piped.catch(() => {}); // observed by end(); never an unhandled rejection
  return {
    async write(record) {
      if (out.errored) throw out.errored;
      const row = guard ? guardRecord(record, columns) : record;
      if (!csv.write(row)) await Promise.race([once(csv, "drain"), piped]);
    },
    async end() {
      csv.end();
      await piped;
    },
  };
}

/** Only text columns are guarded: numbers (a negative score) are data, written untouched. */
function guardRecord(record: GradeRecord, columns: readonly RecordColumn[]): GradeRecord {
  let copy: GradeRecord | undefined;
  for (const column of columns) {
    const value = record[column];
    if (recordColumns[column] !== "text" || typeof value !== "string") continue;
    const guarded = guardFormula(value);
    if (guarded !== value) (copy ??= { ...record })[column] = guarded as never;
  }
  return copy ?? record;
}
