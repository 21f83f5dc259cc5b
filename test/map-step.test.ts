/**
 * The flags a distributed engine's map step needs (issue 17): --exit-zero, --report FILE, and
 * --stdin-name / --first-line / --first-index for a part of a file read through standard input.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { gunzipSync } from "node:zlib";
import type { Summary } from "../src/core/tally.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";
import { planParts, runParts, writeCorpus, type PartRun } from "./map-parts.js";

const BS = "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json";
const FORMATS = ["text", "json", "github", "junit", "sarif"] as const;
const scratch = () => scratchFolder("map-step");

describe("--exit-zero", () => {
  it("invalid events exit 0 with it, 1 without, for validate and convert", async () => {
    // Invalid events, not input that stopped being readable (samples/invalid/input's READ_ERROR, exit 2 with --exit-zero).
    const invalid = [
      "samples/invalid/bb-calculated-grade",
      "samples/invalid/brightspace-grade",
      "samples/invalid/caliper-grade-event",
    ];
    for (const command of ["validate", "convert"]) {
      expect((await runCli([command, ...invalid])).code, command).toBe(1);
      const result = await runCli([command, ...invalid, "--exit-zero"]);
      expect(result.code, command).toBe(0);
      expect(result.stdout + result.stderr, command).toMatch(/error NO_COURSE/);
    }
  });

  it("a usage error and an unreadable input keep exit 2", async () => {
    for (const args of [
      ["validate", "samples/invalid", "--exit-zero", "--jobs", "0"],
      ["convert", "samples/invalid", "--exit-zero", "--to", "xml"],
      ["validate", "no/such/file.json", "--exit-zero"],
      ["convert", "samples/invalid", "no/such/file.json", "--exit-zero"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^(gradeev: |error: )/);
    }
  });

  it("an internal error keeps exit 3", async () => {
    const chunks: string[] = [];
    const io = {
      stdin: Readable.from([]),
      stdout: Object.assign(
        new Writable({
          write: () => {
            throw new TypeError("boom");
          },
        }),
        { isTTY: false },
      ),
      stderr: Object.assign(
        new Writable({
          write(c: Buffer, _e, done) {
            chunks.push(c.toString());
            done();
          },
        }),
        { isTTY: false },
      ),
      env: {},
    };
    expect(await main(["validate", join(ROOT, "samples/invalid"), "--exit-zero"], io)).toBe(3);
    expect(chunks.join("")).toMatch(/internal error: boom/);
  });
});

describe("--report FILE", () => {
  it.each(FORMATS)(
    "convert --format %s: the report goes to the file, as it would go to standard error, and the records stay on standard output",
    async (format) => {
      const dir = scratch();
      const file = join(dir, "report.out");
      const plain = await runCli(["convert", "samples/invalid", "--format", format]);
      const toFile = await runCli(["convert", "samples/invalid", "--format", format, "--report", file]);
      expect(toFile.code).toBe(plain.code);
      expect(toFile.stdout).toBe(plain.stdout);
      expect(toFile.stdout).toMatch(/^course,user,/);
      expect(toFile.stderr).toBe("");
      expect(readFileSync(file, "utf8")).toBe(plain.stderr);
      expect(readdirSync(dir)).toEqual(["report.out"]);
    },
  );

  it.each(FORMATS)(
    "validate --format %s: the report goes to the file, as it would go to standard output",
    async (format) => {
      const dir = scratch();
      const file = join(dir, "report.out");
      const plain = await runCli(["validate", "samples/invalid", "--format", format]);
      const toFile = await runCli(["validate", "samples/invalid", "--format", format, "--report", file]);
      expect(toFile.code).toBe(plain.code);
      expect(toFile.stdout).toBe("");
      expect(readFileSync(file, "utf8")).toBe(plain.stdout);
    },
  );

  it("a run that fails leaves no report file, partial or empty, and a previous one as it was", async () => {
    const dir = scratch();
    const fresh = join(dir, "fresh.json");
    const kept = join(dir, "kept.json");
    writeFileSync(kept, "previous\n");
    for (const report of [fresh, kept]) {
      // The records' device is full: the run fails while writing, after the report file was opened.
      const result = await runCli(["convert", BS, "-o", "/dev/full", "--format", "json", "--report", report]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^gradeev: cannot write .*no space/i);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(kept, "utf8")).toBe("previous\n");
    expect(readdirSync(dir)).toEqual(["kept.json"]);
  });

  it("input left unread (TASK_FAILED, exit 2): -o is left as it was, and the report, which says what was not read, is written", async () => {
    const dir = scratch();
    // A statement of 300 000 small objects: more than a 16 MiB worker holds (as test/parallel.test.ts builds it).
    const values = Array.from({ length: 300_000 }, (_, i) => `{"k":${i},"v":"x${i}"}`).join(",\n");
    writeFileSync(
      join(dir, "huge.json"),
      `[{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://example.org/a"},"result":{"score":{"raw":1,"min":0,"max":2},"extensions":{"http://example.org/x":[\n${values}\n]}}}]\n`,
    );
    writeFileSync(join(dir, "grades.csv"), "previous\n");
    const result = await runCli(
      [
        "convert",
        join(ROOT, BS),
        "huge.json",
        "--jobs",
        "2",
        "--worker-memory",
        "16MiB",
        "-o",
        "grades.csv",
        "--format",
        "json",
        "--report",
        "report.json",
      ],
      { cwd: dir },
    );
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, "grades.csv"), "utf8")).toBe("previous\n");
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
      summary: Summary;
      diagnostics: Diagnostic[];
    };
    expect(report.summary.failedTasks).toBe(1);
    expect(report.diagnostics.map((d) => d.code)).toContain("TASK_FAILED");
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "huge.json", "report.json"]);
  }, 60_000);

  it("refuses a report that would replace an input, or share standard output with the records", async () => {
    const dir = scratch();
    const input = join(dir, "in.ndjson");
    writeFileSync(input, readFileSync(join(ROOT, BS)));
    const over = await runCli(["validate", input, "--report", input]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/is also an input/);
    expect(readFileSync(input, "utf8")).toBe(readFileSync(join(ROOT, BS), "utf8"));
    const stdout = await runCli(["convert", BS, "--report", "/dev/stdout"], { stdout: undefined });
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toMatch(/--report \/dev\/stdout is standard output, where the records/);
  });
});

describe("--stdin-name, --first-line, --first-index", () => {
  it("the parts of a file, each through standard input, name the file and its lines and indexes: diagnostics and rejects joined are the whole run's", async () => {
    const dir = scratch();
    const files = writeCorpus(dir);
    expect(files[0]).toBe("lrs.ndjson");
    const parts = planParts(dir, ["lrs.ndjson"], { "lrs.ndjson": [3, 6, 9, 20] });
    expect(parts.length).toBeGreaterThan(2);
    const whole = await runCli(
      ["convert", "lrs.ndjson", "--to", "csv", "--no-header", "--format", "json", "--rejects", "whole.rejects.ndjson"],
      { cwd: dir },
    );
    const runs = await runParts(parts, ["convert", "--to", "csv", "--no-header"], dir, { rejects: true });
    const wholeReport = JSON.parse(whole.stderr) as { diagnostics: Diagnostic[] };
    const partDiagnostics = runs.flatMap(
      (run) => (JSON.parse(readFileSync(run.report, "utf8")) as { diagnostics: Diagnostic[] }).diagnostics,
    );
    expect(wholeReport.diagnostics.length).toBeGreaterThan(3);
    expect(partDiagnostics).toEqual(wholeReport.diagnostics);
    expect(runs.map((run) => run.rejects).join("")).toBe(readFileSync(join(dir, "whole.rejects.ndjson"), "utf8"));
    expect(runs.map((run) => run.stdout).join("")).toBe(whole.stdout);
    // The text report's lines too (all but the summary, which counts each part).
    const text = (out: string) => out.split("\n").filter((l) => /^lrs\.ndjson:\d+/.test(l));
    const wholeText = await runCli(["validate", "lrs.ndjson"], { cwd: dir });
    const partTexts = await Promise.all(
      parts.map((part, k) =>
        runCli(
          [
            "validate",
            "-",
            "--stdin-name",
            "lrs.ndjson",
            "--first-line",
            String(part.firstLine),
            "--first-index",
            String(firstIndexOf(runs, k)),
          ],
          { input: part.bytes },
        ),
      ),
    );
    expect(text(wholeText.stdout).length).toBeGreaterThan(3);
    expect(partTexts.flatMap((r) => text(r.stdout))).toEqual(text(wholeText.stdout));
  });

  it.each(FORMATS)("--format %s: a part's report names the file, and the line and index in it", async (format) => {
    const dir = scratch();
    writeCorpus(dir);
    // Lines 5 to 11 of lrs.ndjson: an invalid event on line 5 (event #4), an unparsable line 6 (event #5).
    const [, part] = planParts(dir, ["lrs.ndjson"], { "lrs.ndjson": [5, 12] });
    const args = [
      "validate",
      "-",
      "--format",
      format,
      "--stdin-name",
      "lrs.ndjson",
      "--first-line",
      "5",
      "--first-index",
      "4",
    ];
    const result = await runCli(args, { input: part!.bytes });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("<stdin>");
    const where: Record<(typeof FORMATS)[number], RegExp[]> = {
      text: [
        /^lrs\.ndjson:5:\d+: error NO_ITEM: .*\(event #4 /m,
        /^lrs\.ndjson:6:\d+: error JSON_SYNTAX: .*\(event #5\)/m,
      ],
      json: [],
      github: [/^::error file=lrs\.ndjson,line=5,/m, /^::error file=lrs\.ndjson,line=6,/m],
      junit: [/<testcase [^>]*name="lrs\.ndjson"/, /lrs\.ndjson:5:\d+/],
      sarif: [/"uri": "lrs\.ndjson"/, /"startLine": 5,/, /"startLine": 6,/],
    };
    for (const pattern of where[format]) expect(result.stdout).toMatch(pattern);
    if (format === "json") {
      const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
      expect(diagnostics.map(({ code, file, line, index }) => ({ code, file, line, index }))).toEqual([
        { code: "NO_ITEM", file: "lrs.ndjson", line: 5, index: 4 },
        { code: "JSON_SYNTAX", file: "lrs.ndjson", line: 6, index: 5 },
        { code: "NO_COURSE", file: "lrs.ndjson", line: 11, index: 9 },
      ]);
    }
  });

  it("--stdin-name alone renames standard input; the defaults are <stdin>, line 1, event 0", async () => {
    const input = readFileSync(join(ROOT, "samples/invalid/input/json-syntax--one-bad-ndjson-line.ndjson"));
    const plain = await runCli(["validate", "-", "--format", "json"], { input });
    const named = await runCli(["validate", "-", "--format", "json", "--stdin-name", "exports/day 1.ndjson"], {
      input,
    });
    const same = await runCli(["validate", "-", "--format", "json", "--first-line", "1", "--first-index", "0"], {
      input,
    });
    expect(plain.stdout).toMatch(/"file": "<stdin>"/);
    expect(named.stdout).toBe(plain.stdout.replaceAll('"<stdin>"', '"exports/day 1.ndjson"'));
    // Declared a part, it says so in its files (for merge-reports), and is otherwise the same.
    expect(same.stdout).toBe(plain.stdout.replace('"firstIndex": 0\n', '"firstIndex": 0,\n      "part": true\n'));
  });

  it.each([
    [
      ["validate", BS, "--stdin-name", "x.ndjson"],
      /^gradeev: --stdin-name describes standard input, which is not read/,
    ],
    [["convert", BS, "--first-line", "3"], /^gradeev: --first-line describes standard input, which is not read/],
    [
      ["validate", "-", "--first-line", "0"],
      /option '--first-line <n>' argument '0' is invalid\. a line number, a whole number of 1 or more/,
    ],
    [["validate", "-", "--first-line", "1.5"], /argument '1\.5' is invalid\. a line number/],
    [["validate", "-", "--first-line", "x"], /argument 'x' is invalid\. a line number/],
    [
      ["validate", "-", "--first-index", "-1"],
      /option '--first-index <n>' argument '-1' is invalid\. an event index, a whole number of 0 or more/,
    ],
    [["validate", "-", "--first-index", ""], /argument '' is invalid\. an event index/],
    [["validate", "-", "--stdin-name", ""], /^gradeev: --stdin-name needs a name/],
    [
      ["convert", "-", "--dedupe", "--first-line", "5"],
      /^gradeev: --dedupe and --latest judge every event against the others, which a part of a file does not hold/,
    ],
  ])("a usage error with one line, exit 2: %j", async (args, message) => {
    const result = await runCli(args, { input: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});

describe("the JSON report's summary: lines, bytes and counts by code", () => {
  it("lines and bytes read: the text's lines, the bytes as stored (a gzip file's compressed), the same on one thread and two", async () => {
    const dir = scratch();
    const files = writeCorpus(dir);
    const summaryOf = async (args: string[]) =>
      (
        JSON.parse((await runCli(["validate", ...args, "--format", "json"], { cwd: dir })).stdout) as {
          summary: Summary;
        }
      ).summary;
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      const text = file.endsWith(".gz") ? gunzipSync(bytes).toString() : bytes.toString();
      const summary = await summaryOf([file]);
      expect(summary.bytes, file).toBe(bytes.length);
      expect(summary.lines, file).toBe(text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
    }
    // Many chunks and batches, and diagnostics enough that the JSON report's spool waits on its
    // temporary file: every byte read is counted, also those read while a batch was handed on.
    const broken = join(dir, "broken.ndjson");
    writeFileSync(broken, "{ broken\n".repeat(30_000));
    const brokenSummary = await summaryOf([broken, "--jobs", "1"]);
    expect(brokenSummary.bytes).toBe(270_000);
    expect(brokenSummary.lines).toBe(30_000);
    const one = await summaryOf([...files, "--jobs", "1"]);
    const two = await summaryOf([...files, "--jobs", "2", "--part-size", "1KiB"]);
    expect(two).toEqual(one);
    expect(one.lines).toBeGreaterThan(0);
  });

  it("byCode counts every diagnostic by its code, in code order, however many the text report shows", async () => {
    const result = await runCli(["validate", "samples/invalid", "--format", "json", "--max-diagnostics", "1"]);
    const report = JSON.parse(result.stdout) as { summary: Summary; diagnostics: Diagnostic[] };
    const counted: Record<string, number> = {};
    for (const d of report.diagnostics) counted[d.code] = (counted[d.code] ?? 0) + 1;
    expect(report.summary.byCode).toEqual(counted);
    expect(Object.keys(report.summary.byCode)).toEqual(Object.keys(counted).sort());
    expect(Object.values(report.summary.byCode).reduce((a, b) => a + b, 0)).toBe(
      report.summary.errors + report.summary.warnings,
    );
    expect(Object.keys(counted).length).toBeGreaterThan(10);
  });
});

/** The --first-index runParts gave part k. */
function firstIndexOf(runs: readonly PartRun[], k: number): number {
  let index = 0;
  for (let j = 0; j < k; j++)
    index += (JSON.parse(readFileSync(runs[j]!.report, "utf8")) as { summary: Summary }).summary.events;
  return index;
}
