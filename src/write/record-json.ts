import { surrogatesShown } from "../core/shown.js";
import { RECORD_COLUMNS, recordColumns, type GradeRecord } from "../types.js";

/** One record as a JSON object; numbers are written with their original text (no rounding, no 1e21). */
export function recordToJson(record: GradeRecord, columns: readonly (keyof GradeRecord)[] = RECORD_COLUMNS): string {
  const fields = columns.map((column) => {
    const value = record[column];
    const json =
      value === null || value === undefined
        ? "null"
        : recordColumns[column] === "number"
          ? String(value)
          : JSON.stringify(typeof value === "string" ? surrogatesShown(value) : value);
    return `${JSON.stringify(column)}:${json}`;
  });
  return `{${fields.join(",")}}`;
}
