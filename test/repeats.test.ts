/** --dedupe and --latest: which events are the same, which conflict, which record is the newest. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalText, parseTree } from "../src/core/canonical.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const scratch = () => scratchFolder("repeats");

/** A Caliper 1.0 OutcomeEvent: no event id, so its content is its identity. */
const CALIPER_1_0 = JSON.stringify(JSON.parse(readFileSync(join(ROOT, "samples/valid/caliper-outcome-event/caliperspec-v1p0-outcomeevent-graded.json"), "utf8")));

const canonical = (json: string) => canonicalText(parseTree(json, 0));

describe("canonical content", () => {
  it.each([
    ['{"a":1,"b":[true,null]}', '{ "b" : [ true , null ] ,\n "a" : 1 }'],
    ['{"s":"A\\u00e9\\\\"}', '{"s":"\\u0041é\\\\"}'],
    ['{"n":1}', '{"n":1.0}'],
    ['{"n":1}', '{"n":10e-1}'],
    ['{"n":0}', '{"n":-0.0}'],
    ['{"k":2}', '{"k":1,"k":2}'], // the last of duplicate keys, as JSON.parse
    ['{"__proto__":1}', '{"__proto__":1.00}'],
  ])("%s and %s are the same content", (a, b) => {
    expect(canonical(a)).toBe(canonical(b));
  });

  it.each([
    ['{"n":1}', '{"n":1.0000000000000000001}'], // one double, two numbers
    ['{"n":12345678901234567890}', '{"n":12345678901234567891}'],
    ['{"s":"a"}', '{"s":"A"}'],
    ['{"a":[1,2]}', '{"a":[2,1]}'],
    ['{"a":"1"}', '{"a":1}'],
  ])("%s and %s are not", (a, b) => {
    expect(canonical(a)).not.toBe(canonical(b));
  });

  it("reads and writes 100 000 levels without recursion", () => {
    const deep = `{"x":${"[".repeat(100_000)}{"b":1,"a":2}${"]".repeat(100_000)}}`;
    expect(canonical(deep)).toBe(`{"x":${"[".repeat(100_000)}{"a":0.2e1,"b":0.1e1}${"]".repeat(100_000)}}`);
  });
});

describe("events without an id", () => {
  it("an event 100 000 levels deep is compared without running out of stack", async () => {
    const depth = 100_000;
    const deep = CALIPER_1_0.replace('"extensions":{}', `"extensions":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    expect(deep).not.toBe(CALIPER_1_0);
    const file = join(scratch(), "deep.ndjson");
    writeFileSync(file, `${deep}\n${deep}\n`);
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\(rejected: 0 invalid, 1 duplicate,/);
  }, 60_000);
});

describe("voiding", () => {
  const [grade1, grade2, voiding] = readFileSync(join(ROOT, "test/fixtures/options/xapi-with-voided.ndjson"), "utf8").trimEnd().split("\n") as [string, string, string];

  it("only a statement gradeev accepts voids: an invalid voiding statement voids nothing", async () => {
    // xAPI-Data.md §2.3.2: voided when the LRS "also contains a voiding Statement"; it contains none it refused.
    const file = join(scratch(), "invalid-voiding.ndjson");
    writeFileSync(file, [grade1, grade2, voiding.replace("mailto:admin@", "admin@")].join("\n"));
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    expect(result.stderr).toMatch(/error XAPI_MBOX/);
    expect(result.stdout).toBe("user\nu1\nu2\n");
    expect(result.stderr).toMatch(/^3 read = 2 written \+ 1 rejected \+ 0 unrecognised$/m);
  });

  it("a voiding statement no profile knows still voids under --fail-on-unknown: an LRS would accept it", async () => {
    const result = await runCli(["convert", "test/fixtures/options/xapi-with-voided.ndjson", "--dedupe", "--fail-on-unknown", "--columns", "user"]);
    expect(result.stderr).toMatch(/error UNRECOGNISED/);
    expect(result.stdout).toBe("user\nu2\n");
  });
});
