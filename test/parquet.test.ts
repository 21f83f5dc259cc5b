/** `convert --to parquet`: a file only, typed columns, --columns, nothing left behind. Values are compared in test/duckdb.test.ts. */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { runCli, scratchFolder } from "./helpers.js";

const STATEMENT = (id: string, user: string, raw: string) =>
  `{"id":"${id}","actor":{"objectType":"Agent","account":{"homePage":"https://lms.example.edu","name":${JSON.stringify(user)}}},` +
  `"verb":{"id":"http://adlnet.gov/expapi/verbs/scored","display":{"en-US":"scored"}},"object":{"objectType":"Activity","id":"https://lms.example.edu/activities/quiz-1"},` +
  `"timestamp":"2024-04-02T10:00:00Z","result":{"score":{"raw":${raw},"max":1000}}}`;

async function read(sql: string): Promise<unknown[][]> {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  return (await db.runAndReadAll(sql)).getRowsJS();
}

describe("convert --to parquet", () => {
  it("needs -o FILE", async () => {
    const folder = scratchFolder("parquet-stdout");
    const input = join(folder, "events.ndjson");
    writeFileSync(input, `${STATEMENT("6690e6c9-3ef0-4ed3-8b37-000000000001", "u1", "1")}\n`);
    const result = await runCli(["convert", input, "--to", "parquet"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gradeev: --to parquet needs -o FILE\n");
    expect(result.stdout).toBe("");
  });

  it("needs -o FILE that is not standard output by another name (/dev/stdout)", async () => {
    const folder = scratchFolder("parquet-stdout-named");
    const input = join(folder, "events.ndjson");
    writeFileSync(input, `${STATEMENT("6690e6c9-3ef0-4ed3-8b37-000000000001", "u1", "1")}\n`);
    for (const output of ["/dev/stdout", "/dev/fd/1"]) {
      const result = await runCli(["convert", input, "--to", "parquet", "-o", output]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("gradeev: --to parquet needs -o FILE, not standard output\n");
      expect(result.stdout).toBe("");
    }
  });

  it("writes the columns given, in order, and a lone surrogate as CSV writes it", async () => {
    const folder = scratchFolder("parquet-columns");
    const input = join(folder, "events.ndjson");
    const out = join(folder, "grades.parquet");
    writeFileSync(input, `${STATEMENT("6690e6c9-3ef0-4ed3-8b37-000000000001", "u\ud800", "1E2")}\n`);
    const result = await runCli([
      "convert",
      input,
      "--to",
      "parquet",
      "-o",
      out,
      "--columns",
      "score,user,success",
      "--quiet",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(await read(`SELECT * FROM read_parquet('${out}')`)).toEqual([["1E2", "u\\uD800", null]]);
    const csv = await runCli(["convert", input, "--columns", "score,user,success", "--quiet"]);
    expect(csv.stdout).toBe("score,user,success\n1E2,u\\uD800,\n");
  });

  it("writes a Parquet file with no rows when no event is valid", async () => {
    const folder = scratchFolder("parquet-empty");
    const input = join(folder, "events.ndjson");
    const out = join(folder, "grades.parquet");
    writeFileSync(input, "");
    const result = await runCli(["convert", input, "--to", "parquet", "-o", out, "--quiet"]);
    expect(result.code, result.stderr).toBe(0);
    expect(await read(`SELECT count(*)::INTEGER FROM read_parquet('${out}')`)).toEqual([[0]]);
  });

  it("leaves no file behind when the input cannot be read", async () => {
    const folder = scratchFolder("parquet-failed");
    const out = join(folder, "grades.parquet");
    const result = await runCli(["convert", join(folder, "missing.ndjson"), "--to", "parquet", "-o", out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("writes the same values with worker threads", async () => {
    const folder = scratchFolder("parquet-jobs");
    const input = join(folder, "events.ndjson");
    const lines = Array.from({ length: 3000 }, (_, i) =>
      STATEMENT(`6690e6c9-3ef0-4ed3-8b37-${i.toString(16).padStart(12, "0")}`, `u${i}`, String(i % 1000)),
    );
    writeFileSync(input, `${lines.join("\n")}\n`);
    const [one, two] = [join(folder, "one.parquet"), join(folder, "two.parquet")];
    expect((await runCli(["convert", input, "--to", "parquet", "-o", one, "--quiet"])).code).toBe(0);
    expect(
      (await runCli(["convert", input, "--to", "parquet", "-o", two, "--quiet", "--jobs", "2", "--part-size", "64KiB"]))
        .code,
    ).toBe(0);
    const rows = (file: string) => read(`SELECT * FROM read_parquet('${file}')`);
    const first = await rows(one);
    expect(first.length).toBe(3000);
    expect(await rows(two)).toEqual(first);
  });
});
