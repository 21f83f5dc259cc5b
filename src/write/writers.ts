import { stringify } from "csv-stringify";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { RECORD_COLUMNS, type GradeRecord } from "../types.js";
import { recordToJson } from "./record-json.js";

export const OUTPUT_FORMATS = ["csv", "json", "ndjson"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Writes records to a stream in one format, honouring back-pressure. */
export interface RecordWriter {
  write(record: GradeRecord): Promise<void>;
  /** Writes what the format needs at the end (a CSV header when there were no rows, JSON's `]`). */
  end(): Promise<void>;
}

export function createRecordWriter(format: OutputFormat, out: Writable): RecordWriter {
  switch (format) {
    case "csv":
      return csvWriter(out);
    case "json":
      return textWriter(out, "[\n", ",\n", "\n]\n", "[]\n");
    case "ndjson":
      return textWriter(out, "", "\n", "\n", "");
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
}

async function put(out: Writable, chunk: string): Promise<void> {
  // A stream that already failed never drains: report its error instead of waiting forever.
  if (out.errored) throw out.errored;
  if (!out.write(chunk)) await once(out, "drain");
}

function textWriter(out: Writable, open: string, separator: string, close: string, empty: string): RecordWriter {
  let count = 0;
  return {
    async write(record) {
      await put(out, (count++ === 0 ? open : separator) + recordToJson(record));
    },
    async end() {
      await put(out, count === 0 ? empty : close);
    },
  };
}

/** csv-stringify does the RFC 4180 quoting; the header is written even when no record follows. */
function csvWriter(out: Writable): RecordWriter {
  const csv = stringify({
    header: true,
    columns: [...RECORD_COLUMNS],
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
      if (!csv.write(record)) await Promise.race([once(csv, "drain"), piped]);
    },
    async end() {
      csv.end();
      await piped;
    },
  };
}
