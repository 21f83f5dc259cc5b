/**
 * The record's columns as other tools should type them: one list, from which come
 * schemas/record.schema.json, `gradeev columns` (SQL and DuckDB) and the Parquet schema.
 *
 * Numbers are Decimal text as the event wrote it ("10.0", "1E2", 30 digits, a fraction past
 * DECIMAL(38)'s scale): no fixed SQL number type holds every one, so they are VARCHAR, cast by the
 * query that needs arithmetic. event_time is kept as written too: a leap second (":60") or nine
 * fractional digits would not survive TIMESTAMPTZ.
 */
import { RECORD_COLUMNS, recordColumns, type RecordColumn } from "../types.js";

export type SqlType = "VARCHAR" | "BOOLEAN";

export interface ColumnType {
  sql: SqlType;
  /** What a query casts the text to for arithmetic or time, when it wants that. */
  cast?: string;
  description: string;
}

const DECIMAL_CAST = "DECIMAL(38, 10) or DOUBLE";

const descriptions: Record<RecordColumn, string> = {
  course: "The course's key: an SIS-style id where the event has one, else the LMS's id or IRI.",
  user: "The learner's key (never the grader).",
  score: "The score, exactly as the event wrote it.",
  score_max: "The highest possible score, exactly as written.",
  score_min: "The lowest possible score, exactly as written.",
  score_percent: "(score − min) / (max − min) × 100, computed by gradeev (min 0 when absent), only when max > min.",
  score_scaled: "xAPI result.score.scaled exactly as given.",
  success: "Passed or failed, when the event says.",
  grade_text: 'A grade that is not a number (a letter, "Pass"), when the event carries one.',
  item: "The graded item (assignment, grade column, activity).",
  is_final: "The grade of the whole course rather than one item's.",
  event_time: "When the event happened, exactly as written.",
  action: "The last segment of the action or verb IRI (Graded, scored, updated, …).",
  actor: "Who acted: the grader, the system, or (Brightspace) the editor.",
  actor_ref: "The identifier of who acted.",
  course_ref: "The LMS's identifier (IRI, URN) of the course.",
  user_ref: "The LMS's identifier (IRI, URN) of the learner.",
  item_ref: "The LMS's identifier (IRI, URN) of the graded record.",
  grade_version: "The LMS's version counter for this grade, exactly as written.",
  source: "The standard of the event: caliper or xapi.",
  profile: "The gradeev profile that recognised the event.",
  event_id: "The id of the event or statement.",
};

export const RECORD_COLUMN_TYPES: Record<RecordColumn, ColumnType> = Object.fromEntries(
  RECORD_COLUMNS.map((column) => {
    const kind = recordColumns[column];
    const cast = kind === "number" ? DECIMAL_CAST : column === "event_time" ? "TIMESTAMPTZ" : undefined;
    return [
      column,
      { sql: kind === "boolean" ? "BOOLEAN" : "VARCHAR", ...(cast && { cast }), description: descriptions[column] },
    ];
  }),
) as Record<RecordColumn, ColumnType>;

/** Columns that every record has a value in. */
const REQUIRED: ReadonlySet<RecordColumn> = new Set(["source", "profile"]);

/** A quoted SQL identifier: a quote inside is doubled, so a table name cannot end the statement. */
const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A CREATE TABLE statement for these columns. */
export function createTableSql(columns: readonly RecordColumn[] = RECORD_COLUMNS, table = "grades"): string {
  const lines = columns.map(
    (column) => `  ${sqlName(column)} ${RECORD_COLUMN_TYPES[column].sql}${REQUIRED.has(column) ? " NOT NULL" : ""}`,
  );
  return `CREATE TABLE ${sqlName(table)} (\n${lines.join(",\n")}\n);\n`;
}

/** DuckDB's `columns = {…}` struct for read_csv and read_json, in column order. */
export function duckdbColumns(columns: readonly RecordColumn[] = RECORD_COLUMNS): string {
  return `{${columns.map((column) => `'${column}': '${RECORD_COLUMN_TYPES[column].sql}'`).join(", ")}}`;
}

/** The JSON Schema of one record as `--to json` and `--to ndjson` write it (numbers as JSON numbers, digits kept). */
export function recordJsonSchema(): Record<string, unknown> {
  const properties = Object.fromEntries(
    RECORD_COLUMNS.map((column) => {
      const kind = recordColumns[column];
      const type = kind === "text" ? "string" : kind;
      const nullable = !REQUIRED.has(column);
      const { description, cast } = RECORD_COLUMN_TYPES[column];
      return [
        column,
        {
          type: nullable ? [type, "null"] : type,
          ...(column === "source" && { enum: ["caliper", "xapi"] }),
          description:
            cast === undefined ? description : `${description} In SQL: VARCHAR, cast to ${cast} when needed.`,
        },
      ];
    }),
  );
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://gradeev.dev/schemas/record.json",
    title: "gradeev grade record",
    description:
      "One record per valid grade event, as gradeev convert writes it. With --columns, a record holds the columns named.",
    type: "object",
    properties,
    additionalProperties: false,
  };
}
