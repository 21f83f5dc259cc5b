/**
 * ADL's LRS conformance suite, judged the way the issue asks: `gradeev validate --strict` over every
 * expanded case, from the built binary. A case expecting 400 must get at least one error, a case
 * expecting 200 none. (test/xapi-statement.test.ts checks the same cases against the statement rules
 * alone, one test per case; this one checks the whole pipeline: detection, profiles, strictness.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

interface Case {
  case: string;
  config_file: string;
  expect: number[];
  statement: unknown;
}

describe.each([
  ["adlnet-cts-v1_0_3-all.ndjson", "1.0.3", 950],
  ["adlnet-cts-v2_0-all.ndjson", "2.0", 972],
])("%s under --strict --xapi-version %s", (file, version, count) => {
  it(`agrees with all ${count} cases`, async () => {
    const cases = readFileSync(join(ROOT, "test/fixtures/corpus/xapi", file), "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Case);
    expect(cases).toHaveLength(count);
    const input = join(scratchFolder("cts"), "statements.ndjson");
    writeFileSync(input, cases.map((c) => JSON.stringify(c.statement)).join("\n") + "\n");
    const result = await runCli(["validate", input, "--strict", "--xapi-version", version, "--format", "json"]);
    const report = JSON.parse(result.stdout) as { diagnostics: { line: number; severity: string }[] };
    const rejected = new Set(report.diagnostics.filter((d) => d.severity === "error").map((d) => d.line));
    const disagreements = cases
      .map((c, i) => ({
        case: `${c.config_file}: ${c.case}`,
        expected: c.expect[0],
        got: rejected.has(i + 1) ? 400 : 200,
      }))
      .filter((c) => c.expected !== c.got);
    expect(disagreements).toEqual([]);
    expect(result.code).toBe(1);
  });
});
