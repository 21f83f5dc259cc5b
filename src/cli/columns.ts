/** `gradeev columns`: the record's column types, for a database that reads gradeev's output. */
import { GradeevError } from "../errors.js";
import { RECORD_COLUMNS } from "../types.js";
import { createTableSql, duckdbColumns, RECORD_COLUMN_TYPES } from "../write/record-columns.js";
import { parseColumns } from "./convert.js";
import type { Io } from "./io.js";

export interface ColumnsOptions {
  sql?: boolean;
  duckdb?: boolean;
  columns?: string;
  table?: string;
}

export function columnsCommand(options: ColumnsOptions, io: Io): number {
  // "" quoted is no name: DuckDB and PostgreSQL refuse the statement (a zero-length identifier).
  if (options.table === "") throw new GradeevError("--table needs a name, not an empty one");
  // Only the CREATE TABLE names a table: elsewhere the name would be dropped without a word.
  if (options.table !== undefined && !options.sql)
    throw new GradeevError("--table names the table of --sql's CREATE TABLE; add --sql");
  const columns = options.columns === undefined ? RECORD_COLUMNS : parseColumns(options.columns);
  if (options.sql) io.stdout.write(createTableSql(columns, options.table));
  else if (options.duckdb) io.stdout.write(`${duckdbColumns(columns)}\n`);
  else
    for (const column of columns) {
      const { sql, cast, description } = RECORD_COLUMN_TYPES[column];
      io.stdout.write(
        `${column}\t${sql}\t${description}${cast === undefined ? "" : ` (cast to ${cast} when needed)`}\n`,
      );
    }
  return 0;
}
