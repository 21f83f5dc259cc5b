/**
 * The record's published column types (src/write/record-columns.ts) against a real DuckDB: its
 * sniffer looks at the first 20 480 rows only, so a 20-digit score further down fails a read at
 * default settings, while the types `gradeev columns --duckdb` prints read every value exactly.
 */
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { convert, RECORD_COLUMNS, type GradeRecord } from "../src/index.js";
import { recordJsonSchema } from "../src/write/record-columns.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

describe("published record types", () => {
  it("schemas/record.schema.json is the one the code writes", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "schemas", "record.schema.json"), "utf8"))).toEqual(recordJsonSchema());
  });

  it("gradeev columns --sql prints a CREATE TABLE of the columns given", async () => {
    const result = await runCli(["columns", "--sql", "--columns", "user,score,success,profile"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'CREATE TABLE "grades" (\n  "user" VARCHAR,\n  "score" VARCHAR,\n  "success" BOOLEAN,\n  "profile" VARCHAR NOT NULL\n);\n',
    );
  });

  it("gradeev columns lists each column with its type and meaning, or names the table given, quoted", async () => {
    const listed = await runCli(["columns"]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines.map((line) => line.split("\t").slice(0, 2).join(" "))).toEqual(
      RECORD_COLUMNS.map((column) => `${column} ${["success", "is_final"].includes(column) ? "BOOLEAN" : "VARCHAR"}`),
    );
    expect(lines[2]).toBe(
      "score\tVARCHAR\tThe score, exactly as the event wrote it. (cast to DECIMAL(38, 10) or DOUBLE when needed)",
    );
    // A quote in the name is doubled: the statement cannot be ended early.
    const table = await runCli(["columns", "--sql", "--table", 'term"; DROP TABLE x; --', "--columns", "course"]);
    expect(table.stdout).toBe('CREATE TABLE "term""; DROP TABLE x; --" (\n  "course" VARCHAR\n);\n');
  });

  it("gradeev columns refuses an empty table name, which no database takes as a name", async () => {
    const empty = await runCli(["columns", "--sql", "--table", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe("");
    expect(empty.stderr.trim().split("\n")).toHaveLength(1);
    expect(empty.stderr).toMatch(/--table/);
  });

  it("gradeev columns refuses --table without --sql, where no table is named", async () => {
    for (const args of [
      ["columns", "--table", "grades"],
      ["columns", "--duckdb", "--table", "grades"],
    ]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/--table.*--sql/);
    }
  });

  it("gradeev columns refuses an unknown column as convert does", async () => {
    const result = await runCli(["columns", "--duckdb", "--columns", "user,grade"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradeev: unknown column grade; the columns are course, /);
  });
});

const ROWS = 41_000;
/** The row (0-based) of the first score with 20 digits: past what DuckDB's sniffer reads. */
const BIG_ROW = 40_500;

/** An xAPI scored statement; the values the test needs are given, the rest made up from `i`. */
function statement(
  i: number,
  overrides: { user?: string; score?: Record<string, unknown>; timestamp?: string; success?: boolean } = {},
): string {
  const lms = "https://lms.example.edu";
  return JSON.stringify({
    id: `6690e6c9-3ef0-4ed3-8b37-${i.toString(16).padStart(12, "0")}`,
    actor: { objectType: "Agent", account: { homePage: lms, name: overrides.user ?? `learner-${i % 977}` } },
    verb: { id: "http://adlnet.gov/expapi/verbs/scored", display: { "en-US": "scored" } },
    object: {
      objectType: "Activity",
      id: `${lms}/activities/quiz-${i % 311}`,
      definition: { type: "http://adlnet.gov/expapi/activities/assessment" },
    },
    timestamp: overrides.timestamp ?? new Date(Date.UTC(2024, 3, 2) + i * 1000).toISOString(),
    result: {
      score: overrides.score ?? { raw: i % 97, max: 100 },
      ...(overrides.success !== undefined && { success: overrides.success }),
    },
    context: {
      contextActivities: {
        grouping: [
          {
            objectType: "Activity",
            id: `${lms}/courses/C${i % 53}`,
            definition: { type: "http://adlnet.gov/expapi/activities/course" },
          },
        ],
      },
    },
  });
}

/** The corpus as text: edge values first, a 20-digit score only after row 40 000. Numbers are spliced in as written. */
function corpus(): string {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    let line = statement(i);
    if (i === 0)
      line = statement(i, { user: "00123", timestamp: "2024-04-02T10:00:00.123456789+05:30", success: false });
    if (i === 1)
      line = statement(i, { user: 'Zoë "Q", Ø; 学生', score: { raw: -5, min: -10, max: 10 } }).replace(
        '"max":10',
        '"max":10.0',
      );
    if (i === 2) line = statement(i, { score: {}, success: true });
    if (i === 3) line = statement(i, { score: { scaled: 0.5 } });
    if (i === BIG_ROW)
      line = statement(i, { score: { raw: 1, max: 2 } })
        .replace('"raw":1', '"raw":12345678901234567890')
        .replace('"max":2', '"max":99999999999999999999');
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}

/** A value as DuckDB's `::VARCHAR` writes it, for a record's own value. */
const asText = (value: GradeRecord[keyof GradeRecord]) => (value === null ? null : String(value));

async function rowsOf(db: DuckDBConnection, from: string): Promise<(string | null)[][]> {
  const reader = await db.runAndReadAll(
    `SELECT ${RECORD_COLUMNS.map((c) => `"${c}"::VARCHAR`).join(", ")} FROM ${from}`,
  );
  return reader.getRowsJS() as (string | null)[][];
}

describe("DuckDB reads gradeev's output with the published types", () => {
  const folder = scratchFolder("duckdb");
  const input = join(folder, "events.ndjson");
  const csv = join(folder, "grades.csv");
  const ndjson = join(folder, "grades.ndjson");
  const parquet = join(folder, "grades.parquet");
  let records: GradeRecord[] = [];
  let duckdbColumns = "";
  let db: DuckDBConnection;

  beforeAll(async () => {
    writeFileSync(input, corpus());
    records = (await convert([input])).records;
    for (const [to, file] of [
      ["csv", csv],
      ["ndjson", ndjson],
      ["parquet", parquet],
    ] as const) {
      const result = await runCli(["convert", input, "--to", to, "-o", file, "--quiet"]);
      expect(result.code, result.stderr).toBe(0);
    }
    const printed = await runCli(["columns", "--duckdb"]);
    expect(printed.code).toBe(0);
    duckdbColumns = printed.stdout.trim();
    db = await (await DuckDBInstance.create(":memory:")).connect();
  }, 120_000);

  it("the corpus holds the edge values and the late 20-digit score", () => {
    expect(records.length).toBe(ROWS);
    expect(records[0]).toMatchObject({
      user: "00123",
      event_time: "2024-04-02T10:00:00.123456789+05:30",
      success: false,
    });
    expect(records[1]).toMatchObject({ user: 'Zoë "Q", Ø; 学生', score: "-5", score_max: "10.0", score_min: "-10" });
    expect(records[2]).toMatchObject({ score: null, success: true });
    expect(records.findIndex((record) => record.score?.length === 20)).toBe(BIG_ROW);
  });

  it("reads the CSV with every value exactly as gradeev's record", async () => {
    const rows = await rowsOf(db, `read_csv('${csv}', header = true, columns = ${duckdbColumns})`);
    expect(rows).toEqual(records.map((record) => RECORD_COLUMNS.map((column) => asText(record[column]))));
  });

  it("reads the NDJSON with every value exactly as gradeev's record", async () => {
    const rows = await rowsOf(db, `read_json('${ndjson}', format = 'newline_delimited', columns = ${duckdbColumns})`);
    expect(rows).toEqual(records.map((record) => RECORD_COLUMNS.map((column) => asText(record[column]))));
  });

  it("reads the Parquet with every value as the CSV, typed as published", async () => {
    const fromCsv = await rowsOf(db, `read_csv('${csv}', header = true, columns = ${duckdbColumns})`);
    expect(await rowsOf(db, `read_parquet('${parquet}')`)).toEqual(fromCsv);
    const types = (
      await db.runAndReadAll(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${parquet}'))`)
    ).getRowsJS();
    expect(`{${types.map(([name, type]) => `'${String(name)}': '${String(type)}'`).join(", ")}}`).toBe(duckdbColumns);
  });

  it("writes the Parquet in row groups of at most 10 000 rows", async () => {
    const groups = (
      await db.runAndReadAll(
        `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${parquet}') ORDER BY 1`,
      )
    ).getRowsJS();
    expect(groups.map(([, rows]) => Number(rows))).toEqual([10_000, 10_000, 10_000, 10_000, 1_000]);
  });

  it("fails on the CSV and rounds the NDJSON at its default settings", async () => {
    // The sniffer took score for a whole number (BIGINT) from the first 20 480 rows.
    await expect(db.runAndReadAll(`SELECT * FROM read_csv('${csv}')`)).rejects.toThrow(/score/);
    // Numbers become HUGEINT or DOUBLE: 99999999999999999999 comes back as 1e+20.
    const rows = await rowsOf(db, `read_json('${ndjson}', format = 'newline_delimited')`);
    expect(rows.length).toBe(ROWS);
    const scoreMax = RECORD_COLUMNS.indexOf("score_max");
    expect(records[BIG_ROW]?.score_max).toBe("99999999999999999999");
    expect(rows[BIG_ROW]?.[scoreMax]).toBe("1e+20");
  });
});

describe("numbers DuckDB's JSON reader rewrites", () => {
  it("keeps from the CSV the digits DuckDB's JSON reader rounds", async () => {
    const folder = scratchFolder("duckdb-digits");
    const input = join(folder, "events.ndjson");
    writeFileSync(
      input,
      `${statement(1).replace(/"raw":\d+,"max":100/, '"raw":1E2,"max":100.00000000000000000001')}\n`,
    );
    const [csv, ndjson] = [join(folder, "grades.csv"), join(folder, "grades.ndjson")];
    for (const [to, file] of [
      ["csv", csv],
      ["ndjson", ndjson],
    ] as const)
      expect(
        (await runCli(["convert", input, "--to", to, "-o", file, "--quiet", "--columns", "score,score_max"])).code,
      ).toBe(0);
    const columns = (await runCli(["columns", "--duckdb", "--columns", "score,score_max"])).stdout.trim();
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const read = async (from: string) => (await db.runAndReadAll(`SELECT score, score_max FROM ${from}`)).getRowsJS();
    expect(await read(`read_csv('${csv}', header = true, columns = ${columns})`)).toEqual([
      ["1E2", "100.00000000000000000001"],
    ]);
    expect(await read(`read_json('${ndjson}', format = 'newline_delimited', columns = ${columns})`)).toEqual([
      ["100.0", "100.0"],
    ]);
  });
});
