/**
 * The report formats written as streams: byte for byte what the formatters of
 * test/report-formats.test.ts write, handed out in pieces as results arrive, with what must wait
 * for the totals held in a spool (memory, then a temporary file), never as one string. The built
 * command line then holds 200 000 diagnostics in every format under a heap far smaller than they
 * take, and its outputs stay valid in the edge cases: none, one file, many, a read error between
 * two files, a reader that goes away.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { countDiagnostics, emptySummary, type Summary } from "../src/core/tally.js";
import { ruleInfo, type Diagnostic } from "../src/diagnostics.js";
import { createGithubReport, formatGithub } from "../src/report/github.js";
import { createJsonReport, formatJsonReport } from "../src/report/json.js";
import type { FileEntry } from "../src/report/files.js";
import { formatJunit } from "../src/report/junit.js";
import { createJunitReport } from "../src/report/junit-stream.js";
import { createSarifReport, formatSarif } from "../src/report/sarif.js";
import { PIECE_CHARS, type ReportSink, type ReportWriter } from "../src/report/sink.js";
import { Spool } from "../src/report/spool.js";
import { runCli, scratchFolder } from "./helpers.js";
import { sarifValidator } from "./sarif-schema.js";

const MiB = 1024 * 1024;

// --- input ---------------------------------------------------------------------------------------

/** `count` diagnostics over `files` files, errors and warnings mixed, some about the file itself. */
function many(count: number, files = 10): Diagnostic[] {
  return Array.from({ length: count }, (_, i): Diagnostic => ({
    code: i % 3 === 0 ? "SCORE_ABOVE_MAX" : i % 7 === 0 ? "JSON_SYNTAX" : "NO_COURSE",
    severity: i % 3 === 0 ? "warning" : "error",
    message: `problem ${i} <&> "q" 😀`,
    file: `exports/file-${i % files}.ndjson`,
    line: i + 1,
    column: 5,
    ...(i % 7 !== 0 && { index: Math.floor(i / files) % 4, pointer: `/data/${i}` }),
  }));
}

/** Strings that break naive writers: line breaks, markup, a lone surrogate, a long message. */
const hostile: Diagnostic[] = [
  {
    code: "NO_COURSE",
    severity: "error",
    message: "the event names no course",
    file: "samples/a.json",
    line: 3,
    column: 7,
    index: 0,
    eventId: "urn:uuid:1",
    pointer: "/data/0/group",
    profile: "caliper-grade-event",
  },
  {
    code: "SCORE_ABOVE_MAX",
    severity: "warning",
    message: "line one\nline two\r\nthree\rend",
    file: "dir,with::odd%chars/b c.json",
    line: 1,
    column: 1,
    index: 2,
    pointer: "",
  },
  {
    code: "JSON_SYNTAX",
    severity: "error",
    message: `100% | <e> & "f" ]]> --> \\uD800`,
    file: `samples/x|y<z>&"q".json`,
    line: 11,
    column: 11,
  },
  {
    code: "ENCODING",
    severity: "error",
    message: "ctl \u0001 nul \u0000 lone \uD800 tab\tend",
    file: "ctl\u0007file-\uDC00.json",
    line: 2,
  },
  {
    code: "TYPE",
    severity: "error",
    message: `${"x".repeat(70_000)} END`,
    file: "samples/a.json",
    line: 5,
    column: 2,
    index: 1,
    eventId: "e-\uD801",
    pointer: "/a~1b",
  },
];

function summaryOf(diagnostics: readonly Diagnostic[]): Summary {
  const summary = emptySummary();
  summary.files = new Set(diagnostics.map((d) => d.file)).size;
  summary.events = 12;
  summary.unrecognisedKinds = { "odd <kind>\nnext \uD800": 2 };
  countDiagnostics(summary, diagnostics);
  return summary;
}

/** A sink that keeps every piece written, and when it was written. */
function recordingSink(): ReportSink & { pieces: string[]; text(): string } {
  const pieces: string[] = [];
  return {
    pieces,
    write: (text) => {
      if (text !== "") pieces.push(text);
      return Promise.resolve();
    },
    closed: () => false,
    text: () => pieces.join(""),
  };
}

async function streamed(
  writer: ReportWriter,
  diagnostics: readonly Diagnostic[],
  summary: Summary,
  files: readonly string[] = [],
): Promise<void> {
  try {
    for (const file of files) writer.file(file);
    for (const d of diagnostics) await writer.diagnostic(d);
    await writer.end(summary);
  } finally {
    await writer.close();
  }
}

const sarifOptions = { toolVersion: "0.1.0", rules: ruleInfo };

interface Format {
  name: string;
  /** What the formatter writes for these diagnostics. */
  whole(diagnostics: readonly Diagnostic[], summary: Summary, files: readonly string[]): string;
  stream(sink: ReportSink, memoryBytes: number): ReportWriter;
}

const formats: Format[] = [
  {
    name: "json",
    whole: (ds, s) => formatJsonReport(s, ds),
    stream: (sink, memoryBytes) => createJsonReport(sink, { memoryBytes }),
  },
  {
    name: "sarif",
    whole: (ds, s) => formatSarif(ds, s, sarifOptions),
    stream: (sink, memoryBytes) => createSarifReport(sink, { ...sarifOptions, memoryBytes }),
  },
  {
    name: "junit",
    whole: (ds, s, files) => formatJunit(ds, s, { files }),
    stream: (sink, memoryBytes) => createJunitReport(sink, { memoryBytes }),
  },
  {
    name: "junit per event",
    whole: (ds, s, files) => formatJunit(ds, s, { files, perEvent: true }),
    stream: (sink, memoryBytes) => createJunitReport(sink, { perEvent: true, memoryBytes }),
  },
  {
    name: "github",
    whole: (ds, s) => {
      const report = formatGithub(ds, s, { stepSummaryBytes: 20_000 });
      return `${report.annotations}\n---\n${report.stepSummary}`;
    },
    stream: (sink) => {
      let stepSummary = "";
      const writer = createGithubReport(sink, {
        stepSummaryBytes: 20_000,
        stepSummary: (markdown) => (stepSummary = markdown),
      });
      return { ...writer, end: async (summary) => (await writer.end(summary), sink.write(`\n---\n${stepSummary}`)) };
    },
  },
];

const inputs: [string, Diagnostic[], string[]][] = [
  ["no diagnostics", [], []],
  ["no diagnostics, two clean files", [], ["clean.json", "also clean.json"]],
  ["one file", many(40, 1), ["exports/file-0.ndjson"]],
  ["hostile strings", hostile, ["clean.json", "samples/a.json"]],
  [
    "many files, interleaved, some never listed",
    many(6000, 10),
    ["exports/file-3.ndjson", "clean.json", "exports/file-0.ndjson"],
  ],
];

// --- byte for byte -------------------------------------------------------------------------------

describe("streamed reports are byte for byte what the formatters write", () => {
  for (const format of formats)
    describe(format.name, () => {
      it.each(
        inputs.flatMap(([name, ds, files]) =>
          [0, 1 << 30].map((memoryBytes) => [name, memoryBytes, ds, files] as const),
        ),
      )("%s (spool in memory up to %i bytes)", async (_, memoryBytes, diagnostics, files) => {
        const summary = summaryOf(diagnostics);
        const sink = recordingSink();
        await streamed(format.stream(sink, memoryBytes), diagnostics, summary, files);
        const expected = format.whole(diagnostics, summary, files);
        // Not toBe on megabytes: the first difference is what helps.
        const text = sink.text();
        let at = 0;
        while (at < text.length && text.charCodeAt(at) === expected.charCodeAt(at)) at++;
        expect(
          at === text.length && at === expected.length,
          `first difference at ${at}: ${JSON.stringify(text.slice(at - 40, at + 40))}`,
        ).toBe(true);
      });
    });
});

// --- streaming as a class ------------------------------------------------------------------------

describe("reports go out in pieces, never as one string", () => {
  const diagnostics = many(20_000, 7);
  const summary = summaryOf(diagnostics);

  it.each(formats.filter((f) => f.name !== "github").map((f) => [f.name, f] as const))(
    "%s: pieces of at most 64 Ki characters and one line",
    async (_, format) => {
      const sink = recordingSink();
      await streamed(format.stream(sink, 64 * 1024), diagnostics, summary, []);
      const longestLine = Math.max(...diagnostics.map((d) => d.message.length)) + 1000;
      expect(sink.text().length).toBeGreaterThan(2 * MiB);
      expect(Math.max(...sink.pieces.map((p) => p.length))).toBeLessThanOrEqual(PIECE_CHARS + longestLine);
    },
  );

  it("github: each annotation is written as its diagnostic comes, before the last is handed in", async () => {
    const sink = recordingSink();
    const writer = createGithubReport(sink);
    const seen: number[] = [];
    for (const d of diagnostics.slice(0, 30)) {
      await writer.diagnostic(d);
      seen.push(sink.pieces.length);
    }
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    await writer.end(summary);
    expect(sink.pieces.at(-1)).toMatch(/^::notice /);
  });

  it("a spool holds at most its limit in memory, and then a block: the rest is in its temporary file", async () => {
    const spool = new Spool({ memoryBytes: 256 * 1024 });
    let most = 0;
    try {
      for (let i = 0; i < 50_000; i++) {
        await spool.append(`record ${i} ${"é".repeat(i % 97)}`);
        most = Math.max(most, spool.inMemory);
      }
      expect(spool.spilled).toBe(true);
      expect(most).toBeLessThanOrEqual(MiB + 256);
      // Read back in any order, across the file's blocks.
      const order = [49_999, 0, 25_000, 1, 49_998];
      const read: string[] = [];
      for await (const text of spool.read(order)) read.push(text);
      expect(read).toEqual(order.map((i) => `record ${i} ${"é".repeat(i % 97)}`));
    } finally {
      await spool.close();
    }
  });
});

// --- the command line ----------------------------------------------------------------------------

const dir = scratchFolder("report-stream");

/** NDJSON lines that are each a JSON syntax error: one diagnostic per line, from a small file. */
function badLines(path: string, count: number): string {
  writeFileSync(path, '{"b"}\n'.repeat(count));
  return path;
}

const BIG = 60_000;
const big = badLines(join(dir, "big.ndjson"), BIG);
const small = badLines(join(dir, "small.ndjson"), 2_000);
const validateSarif = sarifValidator();

/** Parses with saxes (strict XML 1.0); returns the test cases' names and how many failed. */
function junitCases(xml: string): { names: string[]; failures: number; suite: Record<string, string> } {
  const parser = new SaxesParser();
  const names: string[] = [];
  let failures = 0;
  let suite: Record<string, string> = {};
  parser.on("opentag", (tag) => {
    if (tag.name === "testsuite") suite = { ...(tag.attributes as Record<string, string>) };
    if (tag.name === "testcase") names.push(String(tag.attributes.name));
    if (tag.name === "failure") failures++;
  });
  parser.on("error", (err) => {
    throw err;
  });
  parser.write(xml).close();
  return { names, failures, suite };
}

/** Checks one report as its consumer reads it; returns how many diagnostics it holds. */
function readBack(format: string, text: string): number {
  switch (format) {
    case "json":
      return (JSON.parse(text) as { diagnostics: unknown[] }).diagnostics.length;
    case "sarif":
      return (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0]?.results.length ?? -1;
    case "junit":
      return junitCases(text).failures;
    case "github":
      return text.split("\n").filter((line) => line.startsWith("::")).length;
    default:
      return text.split("\n").filter((line) => / (error|warning) [A-Z_]+: /.test(line)).length;
  }
}

const FORMATS = ["text", "json", "sarif", "junit", "github"] as const;

/** A folder for the run's temporary files, to see that none is left. */
function tmpFolder(name: string): Record<string, string> {
  const tmp = join(dir, `tmp-${name}`);
  mkdirSync(tmp);
  return { TMPDIR: tmp, TMP: tmp, TEMP: tmp };
}

describe("the command line holds many diagnostics in every format", () => {
  // Held whole, 60 000 diagnostics take more than this heap: the run would fail, not just grow.
  it.each(FORMATS)(
    `--format %s: ${BIG} diagnostics under a 20 MiB heap, the report whole and valid, no temporary file left`,
    async (format) => {
      const summaryFile = join(dir, `summary-${format}.md`);
      const outFile = join(dir, `big.${format}`);
      const tmp = tmpFolder(format);
      const out = openSync(outFile, "w");
      const result = await runCli(["validate", big, "--format", format], {
        stdout: out,
        env: { NODE_OPTIONS: "--max-old-space-size=20", GITHUB_STEP_SUMMARY: summaryFile, ...tmp },
      });
      closeSync(out);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      const text = readFileSync(outFile, "utf8");
      // github: 10 annotations and a notice; junit: one failing case (one file).
      expect(readBack(format, text)).toBe({ text: BIG, json: BIG, sarif: BIG, junit: 1, github: 11 }[format]);
      if (format === "github") expect(readFileSync(summaryFile).length).toBeLessThanOrEqual(MiB);
      expect(readdirSync(tmp.TMPDIR ?? "")).toEqual([]);
    },
  );
});

describe("the command line's reports in the edge cases", () => {
  const clean = "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json";
  const invalid = "samples/invalid/caliper-grade-event";
  const readError = "samples/invalid/input/read-error--truncated-gzip.ndjson.gz";
  const runs: [string, string[]][] = [
    ["no diagnostics", [clean]],
    ["one file", [`${invalid}/learner-is-actor.json`]],
    ["many files", [invalid, clean, "samples/invalid/brightspace-grade"]],
    ["a file read error between two files", [`${invalid}/learner-is-actor.json`, readError, small]],
  ];

  it.each(
    runs.flatMap(([name, paths]) =>
      FORMATS.filter((f) => f !== "text").map((format) => [name, format, paths] as const),
    ),
  )("%s, --format %s: valid, and holds what --format json holds", async (_, format, paths) => {
    const json = await runCli(["validate", ...paths, "--format", "json"]);
    const expected = JSON.parse(json.stdout) as { summary: Summary; files: FileEntry[]; diagnostics: Diagnostic[] };
    const result = await runCli(["validate", ...paths, "--format", format]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(expected.diagnostics.some((d) => d.severity === "error") ? 1 : 0);
    if (format === "json")
      expect(result.stdout).toBe(formatJsonReport(expected.summary, expected.diagnostics, expected.files));
    if (format === "sarif") {
      const log: unknown = JSON.parse(result.stdout);
      expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
      expect(readBack("sarif", result.stdout)).toBe(expected.diagnostics.length);
    }
    if (format === "junit") {
      const { names, failures, suite } = junitCases(result.stdout);
      const failing = new Set(expected.diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
      expect(failures).toBe(failing.size);
      expect(suite.tests).toBe(String(names.length));
      expect(names.length).toBe(expected.summary.files);
    }
    if (format === "github") {
      const count = (severity: string) => expected.diagnostics.filter((d) => d.severity === severity).length;
      const annotated = Math.min(count("error"), 10) + Math.min(count("warning"), 10);
      expect(readBack("github", result.stdout)).toBe(annotated + (annotated < expected.diagnostics.length ? 1 : 0));
    }
  });

  // The limits shorten the text listing only: a report read by a machine keeps every verdict.
  it.each(FORMATS.filter((f) => f !== "text"))(
    "--format %s: --quiet and --max-diagnostics leave the report as it is",
    async (format) => {
      const paths = [invalid, clean, "samples/invalid/brightspace-grade"];
      for (const extra of format === "junit" ? [[], ["--junit-per-event"]] : [[]]) {
        const whole = await runCli(["validate", ...paths, "--format", format, ...extra]);
        for (const limit of [["-q"], ["--max-diagnostics", "1"]]) {
          const limited = await runCli(["validate", ...paths, "--format", format, ...extra, ...limit]);
          expect([limited.code, limited.stdout], limit.join(" ")).toEqual([whole.code, whole.stdout]);
        }
      }
    },
  );

  it.each(FORMATS)(
    "--format %s: a reader that goes away (| head -c 100) ends the run quietly, no temporary file left",
    async (format) => {
      const tmp = tmpFolder(`pipe-${format}`);
      const result = await runCli(["validate", big, "--format", format], { closeStdoutEarly: true, env: tmp });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(readdirSync(tmp.TMPDIR ?? "")).toEqual([]);
    },
  );

  it("a temporary folder that cannot be written is exit 2 with one line, and nothing on standard output", async () => {
    const result = await runCli(["validate", big, "--format", "json"], {
      env: { TMPDIR: join(dir, "no-such-folder") },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^gradeev: cannot hold the report in a temporary file: .*no-such-folder.*: no such file or folder\n$/,
    );
  });
});
