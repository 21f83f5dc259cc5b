import { createRequire } from "node:module";
import { RECORD_COLUMNS, recordColumns, type GradeRecord, type RecordColumn } from "../types.js";
import { surrogatesShown } from "../shown.js";
import { guardFormula } from "./formula-guard.js";
import { valuesInColumnOrder } from "./record-values.js";
import type { WriterOptions } from "./writers.js";

/**
 * CSV rows (no header) of a batch of records. csv-stringify writes every row that holds a cell it
 * would quote; a row with none is its cells joined by the delimiter, which is what csv-stringify
 * writes for it too, at a fraction of the cost (a property test holds the two to the same bytes for
 * every delimiter, row ending, guard and choice of columns). `direct: false` sends every row
 * through csv-stringify: what that test compares against.
 */
export function csvRowFormatter(
  options: WriterOptions,
  columns: readonly RecordColumn[],
  direct = true,
): (records: readonly GradeRecord[]) => string {
  const guarded = columns.map((column) => options.formulaGuard !== false && recordColumns[column] === "text");
  const stringifyRows = csvStringifier(options, false);
  const plainRows = direct
    ? plainRowsWriter(columns, guarded, options.delimiter ?? ",", options.crlf ? "\r\n" : "\n")
    : undefined;
  return (records) => {
    if (records.length === 0) return "";
    if (plainRows === undefined) return stringifyRows(records.map((record) => csvCells(record, columns, guarded)));
    const { text, ends, plain } = plainRows(records);
    if (plain.every(Boolean)) return text;
    let out = "";
    let quoted: unknown[][] = [];
    for (let i = 0; i < records.length; i++) {
      if (!plain[i]) quoted.push(csvCells(records[i]!, columns, guarded));
      else {
        // Runs of rows that need quoting go to csv-stringify together: one call costs more than a row.
        if (quoted.length > 0) {
          out += stringifyRows(quoted);
          quoted = [];
        }
        out += text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
      }
    }
    return quoted.length > 0 ? out + stringifyRows(quoted) : out;
  };
}

type Stringify = typeof import("csv-stringify/sync").stringify;
let stringify: Stringify | undefined;

/**
 * csv-stringify does the RFC 4180 quoting. `preamble`: the BOM and header only (written once);
 * otherwise the rows only, given as arrays of cells in column order. Loaded when first needed, not
 * at start-up: `validate` never writes CSV.
 */
export function csvStringifier(options: WriterOptions, preamble: boolean): (rows: unknown[][]) => string {
  stringify ??= (createRequire(import.meta.url)("csv-stringify/sync") as typeof import("csv-stringify/sync")).stringify;
  const run = stringify;
  const settings = {
    header: preamble && options.header !== false,
    bom: preamble && options.bom === true,
    ...(preamble && { columns: [...(options.columns ?? RECORD_COLUMNS)] }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    record_delimiter: options.crlf ? ("windows" as const) : ("unix" as const),
    // csv-stringify quotes a cell holding the chosen row ending only; a bare CR or LF breaks rows too.
    quoted_match: /[\r\n]/,
    cast: { boolean: (value: boolean) => (value ? "true" : "false") },
  };
  return (rows) => run(rows, settings);
}

/**
 * A record's cells in column order. Arrays, not the records themselves: csv-stringify then looks up
 * no keys (its lookup tests every key against a path pattern, for every cell). Only text cells are
 * guarded against formulas (`guarded`, by column): numbers (a negative score) are data, written untouched.
 */
function csvCells(record: GradeRecord, columns: readonly RecordColumn[], guarded: readonly boolean[]): unknown[] {
  const cells: unknown[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const value = record[columns[i] as RecordColumn];
    // A lone surrogate cannot be written as UTF-8: shown as the text `\uD800`, so ids stay distinct.
    const text = typeof value === "string" ? surrogatesShown(value) : value;
    cells[i] = guarded[i] && typeof text === "string" ? guardFormula(text) : text;
  }
  return cells;
}

/**
 * A batch's rows as csv-stringify writes them with these settings when no cell needs quoting, and
 * which rows those are: a row holding a text with the delimiter, a quote, a CR or an LF needs
 * quoting (`quoted_match` quotes either line break whatever the row ending). A text that holds a
 * backslash or a surrogate is left to csv-stringify too, so that every text written here is one
 * surrogatesShown leaves as it is; and any value that is not text, a boolean (cast as csv-stringify
 * is told to) or empty. A delimiter other than one character that is none of those leaves every
 * row to csv-stringify (undefined).
 *
 * A cell holding the delimiter is told while the row is joined (one indexOf a cell).
 * The others need no look of their own: the batch's rows are joined, and one search of that text
 * for any of the other characters, with a count of its line breaks, clears every row at once. Only a
 * batch where that finds something has each row matched, in place, against the form of a plain row
 * (cells of none of those characters, as many delimiters as columns less one, the row ending). The
 * batch cleared at once made formatting CSV a fifth faster (measured).
 */
function plainRowsWriter(
  columns: readonly RecordColumn[],
  guarded: readonly boolean[],
  delimiter: string,
  rowEnd: string,
): ((records: readonly GradeRecord[]) => { text: string; ends: number[]; plain: boolean[] }) | undefined {
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) return undefined;
  const d = `\\u${delimiter.charCodeAt(0).toString(16).padStart(4, "0")}`;
  const cell = `[^${d}"\\r\\n\\\\\\uD800-\\uDFFF]*`;
  const end = rowEnd === "\n" ? "\\n" : "\\r\\n";
  // Sticky: matched from where the row starts; the row is plain when the match ends where it does.
  const plainRow = new RegExp(`(?:${cell}${d}){${columns.length - 1}}${cell}${end}`, "y");
  // What no plain row holds but in its ending: the row ending's own characters are counted instead.
  const special = rowEnd === "\n" ? /["\r\\\uD800-\uDFFF]/ : /["\\\uD800-\uDFFF]/;
  // Each column's place among the values in RECORD_COLUMNS order.
  const places = columns.map((column) => RECORD_COLUMNS.indexOf(column));
  return (records) => {
    let text = "";
    const ends: number[] = [];
    const plain: boolean[] = [];
    let rows = 0;
    for (const record of records) {
      const row = joinedRow(record, places, guarded, delimiter);
      plain.push(row !== undefined);
      if (row !== undefined) {
        text += row + rowEnd;
        rows++;
      }
      ends.push(text.length);
    }
    if (
      !special.test(text) &&
      occurrences(text, "\n") === rows &&
      (rowEnd === "\n" || occurrences(text, "\r") === rows)
    )
      return { text, ends, plain };
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      if (plain[i]) {
        plainRow.lastIndex = start;
        plain[i] = plainRow.test(text) && plainRow.lastIndex === ends[i];
      }
      start = ends[i]!;
    }
    return { text, ends, plain };
  };
}

/** A record's cells joined by the delimiter, or undefined when one is neither text, a boolean nor empty, or holds the delimiter. */
function joinedRow(
  record: GradeRecord,
  places: readonly number[],
  guarded: readonly boolean[],
  delimiter: string,
): string | undefined {
  const values = valuesInColumnOrder(record);
  let row = "";
  for (let i = 0; i < places.length; i++) {
    const value = values[places[i]!];
    let cell: string;
    if (value === null || value === undefined) cell = "";
    else if (typeof value === "string") cell = guarded[i] ? guardFormula(value) : value;
    else if (typeof value === "boolean") cell = value ? "true" : "false";
    else return undefined;
    // Any cell: with the delimiter `e`, `true` holds it too.
    if (cell.indexOf(delimiter) !== -1) return undefined;
    row += i === 0 ? cell : delimiter + cell;
  }
  return row;
}

/** How often `character` stands in `text`. */
function occurrences(text: string, character: string): number {
  let count = 0;
  for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) count++;
  return count;
}
