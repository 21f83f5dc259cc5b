/** `-` as an output is standard output even beside a file named `-`, which is never taken for it, nor it for the file. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const VALID = readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split(
  "\n",
)[0]!;

/** A folder holding a file named `-` with one valid and one broken event. */
function folderWithDash(): string {
  const dir = scratchFolder("output-dash-file");
  writeFileSync(join(dir, "-"), `${VALID}\n{not json}\n`);
  return dir;
}

describe("- as an output beside a file named -", () => {
  it("is no other output's file: --rejects ./- with -o - writes the rejects to the file", async () => {
    const dir = folderWithDash();
    writeFileSync(join(dir, "in.ndjson"), `${VALID}\n{broken}\n`);
    const result = await runCli(["convert", "in.ndjson", "--rejects", "./-", "-o", "-"], { cwd: dir });
    expect(result.stderr).not.toMatch(/same file/);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^course,user,score,/);
    const rejects = readFileSync(join(dir, "-"), "utf8");
    expect(rejects).toContain("{broken}");
    expect(rejects).not.toContain("{not json}");
  });

  it("is no input: the file ./- is read while -o -, --report - and report -o - write to standard output", async () => {
    const dir = folderWithDash();
    const runs = [
      ["convert", "./-", "-o", "-"],
      ["convert", "./-", "-o", "out.csv", "--rejects", "-"],
      ["validate", "./-", "--format", "json", "--report", "-"],
      ["report", "./-", "-o", "-"],
    ];
    for (const args of runs) {
      const result = await runCli(args, { cwd: dir });
      expect(result.stderr, args.join(" ")).not.toMatch(/is also an input/);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stdout.length, args.join(" ")).toBeGreaterThan(0);
    }
    expect(readFileSync(join(dir, "-"), "utf8")).toBe(`${VALID}\n{not json}\n`);
  });

  it("merge-reports ./- -o - merges the report in the file ./- to standard output", async () => {
    const dir = folderWithDash();
    const report = await runCli(["validate", "./-", "--format", "json"], { cwd: dir });
    writeFileSync(join(dir, "-"), report.stdout);
    const merged = await runCli(["merge-reports", "./-", "-o", "-", "--format", "json"], { cwd: dir });
    expect(merged.stderr).toBe("");
    expect(JSON.parse(merged.stdout).summary.events).toBe(2);
  });
});
