/** Hostile inputs from the hostile-input issue, each against the built binary or the reader. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, readInputs, type ReadItem } from "../src/index.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const scratch = () => scratchFolder("hostile");
const EVENT =
  '{"actor":{"mbox":"mailto:a@example.edu"},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://example.edu/q"},"result":{"score":{"raw":SCORE,"min":0,"max":10}},"context":{"contextActivities":{"grouping":[{"id":"http://example.edu/c","definition":{"type":"http://adlnet.gov/expapi/activities/course"}}]}}}';

async function read(paths: string[]): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readInputs(paths)) items.push(item);
  return items;
}

describe("files", () => {
  it("walks a folder with a symlink loop once", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "a"));
    writeFileSync(join(dir, "a", "one.ndjson"), `${EVENT.replace("SCORE", "1")}\n`);
    symlinkSync(dir, join(dir, "a", "loop"));
    const result = await runCli(["validate", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1 file, 1 event: 1 valid/m);
  });

  it("reads /dev/null as an empty input", async () => {
    const result = await runCli(["validate", "/dev/null"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning NO_EVENTS: the file holds no events/);
  });

  it("skips a 100 MB line at the default --max-event-bytes, without holding it, and reads the next", async () => {
    const file = join(scratch(), "huge.ndjson");
    writeFileSync(file, `{"pad":"${"x".repeat(100 * 1024 * 1024)}"}\n${EVENT.replace("SCORE", "2")}\n`);
    const items = await read([file]);
    const problems = items.flatMap((i) => (i.kind === "unreadable" ? [i.diagnostic] : []));
    expect(problems).toMatchObject([{ code: "EVENT_TOO_LARGE", line: 1 }]);
    expect(items.filter((i) => i.kind === "event")).toHaveLength(1);
    expect(process.memoryUsage().rss).toBeLessThan(1024 * 1024 * 1024);
  }, 60_000);
});

describe("shapes", () => {
  it("100 000 levels of nesting: read, counted, no crash", async () => {
    const file = join(scratch(), "deep.json");
    writeFileSync(file, "[".repeat(100_000) + "]".repeat(100_000));
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 event: 0 valid, 0 invalid, 1 unrecognised/);
  });

  it("a Caliper event with a null 100 000 levels deep: checked, and CALIPER_NULL points at the null", async () => {
    const file = join(scratch(), "deep-null.ndjson");
    const event = readFileSync(
      join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"),
      "utf8",
    );
    const depth = 100_000;
    writeFileSync(
      file,
      JSON.stringify(JSON.parse(event)).replace(/}$/, `,"x":${"[".repeat(depth)}null${"]".repeat(depth)}}\n`),
    );
    const result = await runCli(["validate", file, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { diagnostics: { code: string; pointer: string }[] };
    expect(report.diagnostics.map((d) => d.code)).toEqual(["CALIPER_NULL"]);
    expect(report.diagnostics[0]!.pointer).toBe(`/x${"/0".repeat(depth)}`);
  }, 60_000);

  it("a minified envelope of 4000 events, each with a warning: every warning names its place, all found in one walk of the line", async () => {
    // One search from the start of the line for each event took minutes here (the square of the line).
    const envelope = JSON.parse(
      readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson"), "utf8").split("\n")[0]!,
    ) as { data: Record<string, unknown>[] };
    const event = envelope.data[0]!;
    const data = Array.from({ length: 4000 }, (_, k) => ({
      ...event,
      id: `urn:uuid:00000000-0000-4000-8000-${String(k).padStart(12, "0")}`,
      object: { ...(event.object as object), score: null },
    }));
    const text = JSON.stringify({ ...envelope, data });
    const file = join(scratchFolder("hostile"), "minified.json");
    writeFileSync(file, text);
    const { diagnostics } = await convert([file]);
    const nulls = diagnostics.filter((d) => d.code === "CALIPER_NULL");
    expect(nulls).toHaveLength(4000);
    expect(nulls.at(-1)!.line).toBe(1);
    expect(nulls.at(-1)!.column).toBe(text.lastIndexOf('"score":null') + '"score":'.length + 1);
  });

  it("a statement with 20 000 bad extension keys: the first 100 findings are listed, the rest counted in one more, at once", async () => {
    // A search of the event's text for each finding's place took 88 s here; one scan finds every place now.
    const statement = JSON.parse(
      readFileSync(join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json"), "utf8"),
    ) as { context?: Record<string, unknown> };
    statement.context = {
      ...statement.context,
      extensions: Object.fromEntries(Array.from({ length: 20_000 }, (_, k) => [`notaniri${k}`, k])),
    };
    const file = join(scratchFolder("hostile"), "many.json");
    writeFileSync(file, JSON.stringify(statement));
    const { diagnostics, summary } = await convert([file]);
    expect(diagnostics).toHaveLength(101);
    const more = diagnostics.at(-1)!;
    expect(more.code).toBe("MORE_FINDINGS");
    expect(more.severity).toBe("error");
    expect(more.message).toMatch(/19 ?902 more/);
    expect(summary.invalid).toBe(1);
  });

  it("a NUL byte is reported with a hint, and never printed raw", async () => {
    const file = join(scratch(), "nul.ndjson");
    writeFileSync(file, Buffer.from([0x7b, 0x00, 0x7d, 0x0a]));
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/:1:2: error JSON_SYNTAX: .*a NUL character suggests UTF-16 or binary/);
    expect(result.stdout).not.toContain("\u0000");
  });

  it("a document that ends in the middle of a string", async () => {
    const file = join(scratch(), "mid.json");
    writeFileSync(file, '{\n  "data": [\n    {"type": "GradeEv');
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/:3:\d+: error JSON_SYNTAX: /);
  });
});

describe("numbers", () => {
  it.each([
    ["NaN", "JSON_SYNTAX"],
    ["Infinity", "JSON_SYNTAX"],
    ["1e400", "XAPI_TYPE"], // parses to Infinity: not a finite number
  ])("a score of %s is %s, never a record", async (score, code) => {
    const file = join(scratch(), "n.ndjson");
    writeFileSync(file, `${EVENT.replace("SCORE", score)}\n`);
    const result = await runCli(["convert", file, "--format", "json"]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stderr) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toContain(
      code,
    );
    expect(result.stdout.trim().split("\n")).toHaveLength(1); // the header only
  });
});

describe("keys", () => {
  it("a duplicate key is read as JSON.parse reads it (the last wins), with a warning that points at it", async () => {
    const file = join(scratch(), "dup.ndjson");
    writeFileSync(file, `${EVENT.replace('"raw":SCORE', '"raw":1,"raw":9')}\n`);
    const result = await runCli(["convert", file, "--columns", "score"]);
    expect(result.stdout).toBe("score\n9\n");
    expect(result.stderr).toMatch(
      /:1:\d+: warning DUPLICATE_KEY: the key "raw" appears more than once in its object; gradeev, like JSON\.parse, keeps the last value \(event #0, at \/result\/score\/raw\)/,
    );
  });

  it("a duplicate key is found when keys are written with a space before the colon (Jackson's pretty printer)", async () => {
    const file = join(scratch(), "dup-spaced.ndjson");
    writeFileSync(file, `${EVENT.replace('"raw":SCORE', '"raw":1,"raw":9').replaceAll('":', '" : ')}\n`);
    const result = await runCli(["convert", file, "--columns", "score"]);
    expect(result.stdout).toBe("score\n9\n");
    expect(result.stderr).toMatch(
      /warning DUPLICATE_KEY: the key "raw" appears more than once in its object.*at \/result\/score\/raw\)/,
    );
  });

  it("a string holding a key separator is not taken for a duplicate", async () => {
    const file = join(scratch(), "nodup.ndjson");
    writeFileSync(
      file,
      `${EVENT.replace("SCORE", "1").replace('"http://example.edu/q"', '"http://example.edu/q?\\":x"')}\n`,
    );
    const result = await runCli(["validate", file]);
    expect(result.stdout).not.toMatch(/DUPLICATE_KEY/);
  });
});

describe("regular expressions on 100 KB adversarial strings", () => {
  // Each must answer in linear time; a catastrophic backtrack would take minutes.
  // (The xAPI formats' patterns are tested the same way, with 5 MB inputs, in xapi-statement.test.ts.)
  it("every pattern of the reader and the Caliper rules finishes at once", async () => {
    const { mayHoldUnusualNumbers } = await import("../src/core/locate.js");
    const { isDateTime } = await import("../src/standards/caliper.js");
    const inputs = [
      ":" + "1".repeat(100_000) + "x",
      ":" + "1.".repeat(50_000),
      "[" + "0".repeat(100_000) + "e",
      "2024-01-01T00:00:00." + "9".repeat(100_000) + "Q",
      ",-" + "0".repeat(100_000),
      "urn:uuid:" + "a".repeat(100_000),
    ];
    const started = Date.now();
    for (const input of inputs) {
      mayHoldUnusualNumbers(input);
      isDateTime(input);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("many kinds of unrecognised event", () => {
  // A statement no profile takes (no score, no grade verb), its verb new on each line: an attacker's
  // (or a busy LRS's) way to make a tally per kind grow with the input.
  const statement = (i: number) =>
    `{"actor":{"mbox":"mailto:a@example.edu"},"verb":{"id":"https://example.edu/verbs/v${i}"},"object":{"id":"http://example.edu/q"}}`;

  it("the summary names the first 1000 kinds and counts the rest together, on any --jobs", async () => {
    // Three files: with --jobs 2, tasks on two threads whose tallies are joined in input order.
    const dir = scratch();
    for (const [k, name] of ["a", "b", "c"].entries())
      writeFileSync(
        join(dir, `${name}.ndjson`),
        `${Array.from({ length: 500 }, (_, i) => statement(k * 500 + i)).join("\n")}\n`,
      );
    const one = await runCli(["validate", dir, "--format", "json", "--jobs", "1"]);
    const two = await runCli(["validate", dir, "--format", "json", "--jobs", "2"]);
    expect(one.code).toBe(0);
    const kinds = JSON.parse(one.stdout).summary.unrecognisedKinds as Record<string, number>;
    expect(Object.keys(kinds)).toHaveLength(1001);
    expect(kinds["xAPI statement, verb https://example.edu/verbs/v999"]).toBe(1);
    expect(kinds["xAPI statement, verb https://example.edu/verbs/v1000"]).toBeUndefined();
    expect(kinds["(other kinds)"]).toBe(500);
    expect(Object.values(kinds).reduce((a, b) => a + b, 0)).toBe(1500);
    expect(JSON.parse(two.stdout).summary).toEqual(JSON.parse(one.stdout).summary);
    const page = join(dir, "report.html");
    expect((await runCli(["report", dir, "-o", page])).code).toBe(0);
    expect(readFileSync(page, "utf8")).toContain('<td>kinds past the first 1000, not named</td><td class="n">500</td>');
  });

  it("the text summary lists the 50 most frequent kinds and says how many more there are", async () => {
    const file = join(scratch(), "kinds.ndjson");
    writeFileSync(file, `${Array.from({ length: 120 }, (_, i) => statement(i)).join("\n")}\n`);
    const result = await runCli(["validate", file]);
    const listed = result.stdout.split("\n").filter((line) => / × xAPI statement, verb /.test(line));
    expect(listed).toHaveLength(50);
    expect(result.stdout).toContain("… and 70 more kinds");
  });
});
