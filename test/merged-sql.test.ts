/**
 * docs/beyond-one-machine.md gives the SQL that redoes --dedupe (by id) and --latest on records
 * merged from parts, which no part can apply alone: run here in DuckDB on records converted in two
 * parts, it must keep what one `gradeev convert --latest` over the whole keeps.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const PAGE = readFileSync(join(ROOT, "docs", "beyond-one-machine.md"), "utf8");
const NIGHTLY = ["test/fixtures/options/nightly-1.ndjson", "test/fixtures/options/nightly-2.ndjson"];

describe("the SQL of docs/beyond-one-machine.md", () => {
  it("the page's SQL keeps the records --dedupe and --latest keep over the whole", async () => {
    const sql = [...PAGE.matchAll(/```sql\n([\s\S]*?)```/g)].map((block) => block[1]!);
    expect(sql).toHaveLength(1);
    const folder = scratchFolder("merged-sql");
    // Two parts, as two tasks write them: the header once, then each part's rows. The event that
    // both files hold, and the grades the second supersedes, are in different parts.
    const parts = await Promise.all(
      NIGHTLY.map((file, k) => runCli(["convert", file, "--to", "csv", "--quiet", ...(k > 0 ? ["--no-header"] : [])])),
    );
    const [deduped, whole] = await Promise.all(
      ["--dedupe", "--latest"].map((option) => runCli(["convert", ...NIGHTLY, "--to", "csv", "--quiet", option])),
    );
    for (const run of [...parts, deduped!, whole!]) expect(run.code).toBe(0);
    writeFileSync(join(folder, "merged.csv"), parts.map((part) => part.stdout).join(""));
    writeFileSync(join(folder, "deduped.csv"), deduped!.stdout);
    writeFileSync(join(folder, "latest.csv"), whole!.stdout);
    const columns = (await runCli(["columns", "--duckdb"])).stdout.trim();
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const read = (file: string) => `read_csv('${join(folder, file)}', header = true, columns = ${columns})`;
    await db.run(`CREATE TABLE grades AS SELECT * FROM ${read("merged.csv")}`);
    await db.run(sql[0]!);
    const rows = async (from: string) =>
      (await db.runAndReadAll(`SELECT * FROM ${from} ORDER BY event_id`)).getRowsJS();
    const merged = await rows("grades");
    const latest = await rows("latest");
    const once = await rows("deduped");
    expect(merged.length).toBe(5);
    expect(once.length).toBe(4);
    expect(once).toEqual(await rows(read("deduped.csv")));
    expect(latest.length).toBe(2);
    expect(latest).toEqual(await rows(read("latest.csv")));
  });
});
