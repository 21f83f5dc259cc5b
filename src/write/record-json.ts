import { surrogatesShown } from "../shown.js";
import { RECORD_COLUMNS, recordColumns, type GradeRecord, type RecordColumn } from "../types.js";
import { valuesInColumnOrder } from "./record-values.js";

/**
 * Writes records as JSON objects of these columns; numbers with their original text (no rounding,
 * no 1e21). The keys are written once, here, not for every record.
 */
export function recordJsonFormatter(
  columns: readonly RecordColumn[] = RECORD_COLUMNS,
): (record: GradeRecord) => string {
  const keys = columns.map((column, i) => `${i === 0 ? "{" : ","}${JSON.stringify(column)}:`);
  const numbers = columns.map((column) => recordColumns[column] === "number");
  const places = columns.map((column) => RECORD_COLUMNS.indexOf(column));
  return (record) => {
    if (columns.length === 0) return "{}";
    const values = valuesInColumnOrder(record);
    let json = "";
    for (let i = 0; i < places.length; i++) {
      const value = values[places[i]!];
      json +=
        keys[i] +
        (value === null || value === undefined
          ? "null"
          : numbers[i]
            ? String(value)
            : typeof value === "string"
              ? jsonString(value)
              : JSON.stringify(value));
    }
    return `${json}}`;
  };
}

/**
 * JSON.stringify(surrogatesShown(text)). A text with no control character, quote, backslash or
 * surrogate, as most values are, is neither escaped nor shown otherwise: it is quoted as it is.
 * One class of characters, found by the regular expression engine's scan, tells so.
 */
function jsonString(text: string): string {
  return ESCAPED.test(text) ? JSON.stringify(surrogatesShown(text)) : `"${text}"`;
}

const ESCAPED = /["\\\u0000-\u001F\uD800-\uDFFF]/;
