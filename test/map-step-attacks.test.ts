/**
 * The map step's contract (issue 17) attacked as a producer, an engine or an attacker would:
 * --exit-zero, --report FILE, --stdin-name / --first-line / --first-index, the summary's lines,
 * bytes and byCode, a file split into line-aligned parts, and merge-reports. "open findings" holds
 * the promises that do not hold yet; "held" the attacks that failed, kept as regression tests.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  linkSync,
  writeFileSync,
  openSync,
  closeSync,
} from "node:fs";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, scratchFolder, type CliResult } from "./helpers.js";

const scratch = () => scratchFolder("map-attacks");
const MAX = Number.MAX_SAFE_INTEGER;
const FORMATS = ["text", "json", "github", "junit", "sarif"] as const;

const VALID = readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8")
  .trimEnd()
  .split("\n");
const INVALID = JSON.stringify(
  JSON.parse(readFileSync(join(ROOT, "samples/invalid/brightspace-grade/no-item.json"), "utf8")),
);
/** Six valid statements (one with a warning), an invalid one, an unparsable line: 8 lines, 8 events. */
const LINES = [...VALID, INVALID, "{ not JSON"];
const TEXT = `${LINES.join("\n")}\n`;

interface Report {
  version: number;
  summary: Record<string, unknown> & { events: number; lines: number; bytes: number; byCode: Record<string, number> };
  files: { name: string; firstLine: number; firstIndex: number }[];
  diagnostics: { code: string; file: string; line: number; index?: number; column?: number; message: string }[];
}

/** The line starts of `bytes` (a line starts after every LF that is not the last byte). */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let at = bytes.indexOf(0x0a); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(0x0a, at + 1))
    starts.push(at + 1);
  return starts;
}

/** `bytes` cut before the lines `cuts` names (1-based; past the end gives an empty part): each part and its first line. */
function cutLines(bytes: Buffer, cuts: readonly number[]): { bytes: Buffer; firstLine: number; firstByte: number }[] {
  const starts = lineStarts(bytes);
  const firsts = [1, ...cuts];
  return firsts.map((firstLine, k) => {
    const next = firsts[k + 1];
    const from = starts[firstLine - 1] ?? bytes.length;
    const to = next === undefined ? bytes.length : (starts[next - 1] ?? bytes.length);
    return { bytes: bytes.subarray(from, to), firstLine, firstByte: from };
  });
}

interface PartRun extends CliResult {
  report: string;
  rejects: string;
}

interface Split {
  whole: CliResult & { report: string; rejects: string };
  parts: PartRun[];
  merged: CliResult;
}

/**
 * `file` (written into `dir` as `bytes`) converted whole, then as the parts `cuts` makes, each
 * through standard input as a map step runs it, and the parts' reports merged.
 */
async function runSplit(
  dir: string,
  file: string,
  bytes: Buffer,
  cuts: readonly number[],
  extra: readonly string[] = [],
): Promise<Split> {
  writeFileSync(join(dir, file), bytes);
  const common = ["--to", "csv", "--no-header", "--jobs", "1", "--format", "json", "--exit-zero", ...extra];
  const wholeRun = await runCli(["convert", file, ...common, "--report", "whole.json", "--rejects", "whole.rejects"], {
    cwd: dir,
  });
  const whole = {
    ...wholeRun,
    report: readFileSync(join(dir, "whole.json"), "utf8"),
    rejects: readFileSync(join(dir, "whole.rejects"), "utf8"),
  };
  const parts: PartRun[] = [];
  let firstIndex = 0;
  for (const [k, part] of cutLines(bytes, cuts).entries()) {
    const report = join(dir, `part-${k}.json`);
    const rejects = join(dir, `part-${k}.rejects`);
    const run = await runCli(
      [
        "convert",
        "-",
        ...common,
        "--report",
        report,
        "--rejects",
        rejects,
        "--stdin-name",
        file,
        "--first-line",
        String(part.firstLine),
        "--first-index",
        String(firstIndex),
        "--first-byte",
        String(part.firstByte),
      ],
      { input: part.bytes, cwd: dir },
    );
    const reportText = existsSync(report) ? readFileSync(report, "utf8") : "";
    parts.push({ ...run, report: reportText, rejects: existsSync(rejects) ? readFileSync(rejects, "utf8") : "" });
    if (run.code !== 0) break;
    firstIndex += (JSON.parse(reportText) as Report).summary.events;
  }
  const merged = await runCli(["merge-reports", "--format", "json", ...parts.map((_, k) => `part-${k}.json`)], {
    cwd: dir,
  });
  return { whole, parts, merged };
}

/** The parts give the whole run's records and rejects byte for byte, and their merged report is the whole run's. */
function expectSameAsWhole({ whole, parts, merged }: Split): void {
  expect(parts.map((p) => p.code)).toEqual(parts.map(() => 0));
  expect(parts.map((p) => p.stdout).join("")).toBe(whole.stdout);
  expect(parts.map((p) => p.rejects).join("")).toBe(whole.rejects);
  expect(merged.stderr).toBe("");
  expect(merged.stdout).toBe(whole.report);
}

/** The parts give the whole run's outputs, or a part says it cannot (exit 2): never a different answer that looks right. */
function expectSameAsWholeOrRefused(split: Split): void {
  if (split.parts.some((p) => p.code === 2)) return;
  expectSameAsWhole(split);
}

/** Writes `count` copies of the test lines: an input large enough that a reader that goes away goes away mid-run. */
function writeLarge(path: string, copies: number): void {
  writeFileSync(path, TEXT.repeat(copies));
}

describe("found by attack, fixed", () => {
  describe("splitting: line-aligned parts are not the whole file", () => {
    it("a part that starts (past line 1) with a line beginning with U+FEFF reads that line as the whole run does, not as a file's byte-order mark", async () => {
      const dir = scratch();
      // Line 3 starts with a BOM: in the whole file it is no file start.
      const bytes = Buffer.concat([
        Buffer.from(`${LINES.slice(0, 2).join("\n")}\n`),
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(`${LINES.slice(2).join("\n")}\n`),
      ]);
      const split = await runSplit(dir, "mid-bom.ndjson", bytes, [3]);
      expect((JSON.parse(split.whole.report) as Report).diagnostics.some((d) => d.line === 3)).toBe(true);
      expectSameAsWhole(split);
    });

    it("a document the whole run reads across lines (pretty-printed in NDJSON), cut by a line-aligned part: the parts give the whole run's events, or a part exits 2", async () => {
      const dir = scratch();
      const pretty = JSON.stringify(JSON.parse(VALID[1]!), null, 2);
      const text = `${[VALID[0], pretty, ...LINES.slice(2)].join("\n")}\n`;
      const split = await runSplit(dir, "pretty.ndjson", Buffer.from(text), [5]);
      expect((JSON.parse(split.whole.report) as Report).summary.events).toBe(LINES.length);
      expectSameAsWholeOrRefused(split);
    });

    it("invalid UTF-8 the whole run skips with the lines after it up to the next document, cut between those lines: the parts give the whole run's events, or a part exits 2", async () => {
      const dir = scratch();
      const bytes = Buffer.concat([
        Buffer.from(`${LINES.slice(0, 2).join("\n")}\n{"a":"`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n'),
        Buffer.from([0xc3]),
        Buffer.from(`\n${LINES.slice(2).join("\n")}\n`),
      ]);
      const split = await runSplit(dir, "bad-utf8.ndjson", bytes, [3, 4, 5]);
      expect((JSON.parse(split.whole.report) as Report).diagnostics[0]?.message).toMatch(
        /the 2 lines from here to the next line that starts a document were skipped/,
      );
      expectSameAsWholeOrRefused(split);
    });

    it("an ENCODING diagnostic of a part names the byte offset the whole run names (not the part's own), in the report and the rejects", async () => {
      const dir = scratch();
      // One bad line, whole: the next line starts a document, so no part boundary falls inside what is skipped.
      const bytes = Buffer.concat([
        Buffer.from(`${LINES.slice(0, 2).join("\n")}\n{"a":"`),
        Buffer.from([0xff]),
        Buffer.from(`"}\n${LINES.slice(2).join("\n")}\n`),
      ]);
      const split = await runSplit(dir, "bad-line.ndjson", bytes, [3, 4]);
      const encoding = (JSON.parse(split.whole.report) as Report).diagnostics.find((d) => d.code === "ENCODING");
      expect(encoding?.message).toMatch(/at byte offset \d{3,}/);
      expectSameAsWhole(split);
    });
  });

  describe("positions and counts past 2^53", () => {
    it("--first-line / --first-index near 2^53: every line and index written is exact, or the run is refused (exit 2, one line)", async () => {
      for (const flag of ["--first-line", "--first-index"]) {
        const start = BigInt(MAX);
        const result = await runCli(["validate", "-", "--format", "json", flag, String(MAX)], { input: TEXT });
        if (result.code === 2) {
          expect(result.stderr, flag).toMatch(/^(gradeev: |error: )[^\n]*\n$/);
          continue;
        }
        // The test lines' diagnostics are on lines 6, 7 and 8, events 5, 6 and 7.
        const written = [...result.stdout.matchAll(flag === "--first-line" ? /"line": (\d+)/g : /"index": (\d+)/g)].map(
          (m) => BigInt(m[1]!),
        );
        const expected = [start + 5n, start + 6n, start + 7n];
        expect(written, flag).toEqual(expected);
        expect(
          written.every((n) => n <= BigInt(MAX)),
          flag,
        ).toBe(true);
      }
    });

    it("merge-reports refuses counts whose sum passes 2^53 rather than writing a rounded count", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "a.ndjson"), TEXT);
      const one = JSON.parse(
        (await runCli(["validate", "a.ndjson", "--format", "json"], { cwd: dir })).stdout,
      ) as Report;
      one.summary.events = MAX;
      writeFileSync(join(dir, "a.json"), JSON.stringify(one));
      const other = {
        ...one,
        files: [{ name: "b.ndjson", firstLine: 1, firstIndex: 0 }],
        diagnostics: one.diagnostics.map((d) => ({ ...d, file: "b.ndjson" })),
      };
      writeFileSync(join(dir, "b.json"), JSON.stringify(other));
      const merged = await runCli(["merge-reports", "a.json", "b.json", "--format", "json"], { cwd: dir });
      const written = [...merged.stdout.matchAll(/"events": (\d+)/g)].map((m) => BigInt(m[1]!));
      expect(written.every((n) => n <= BigInt(MAX))).toBe(true);
      expect(merged.code).toBe(2);
    });
  });

  it("a line longer than --max-event-bytes after an unparsable line is an event: counted, reported (EVENT_TOO_LARGE) and rejected, whole or in parts", async () => {
    const dir = scratch();
    const long = JSON.stringify({ padding: "x".repeat(5000) });
    // Read whole, the long line after "{ not JSON" vanishes: no event, no diagnostic, no reject.
    const text = `${[...LINES, long, VALID[0]].join("\n")}\n`;
    const split = await runSplit(dir, "f.ndjson", Buffer.from(text), [4, 9], ["--max-event-bytes", "2KiB"]);
    const whole = JSON.parse(split.whole.report) as Report;
    expect(whole.summary.events).toBe(LINES.length + 2);
    expect(whole.diagnostics.filter((d) => d.code === "EVENT_TOO_LARGE").map((d) => [d.line, d.index])).toEqual([
      [9, 8],
    ]);
    expect(split.whole.rejects).toMatch(/"line":9,"index":8,"reason":"unparsable"/);
    expectSameAsWhole(split);
  });

  it.each(["0x10", "1e3", "+5", " 5", "5 ", "0b11", "0o7", "5.0", "5e0"])(
    "--first-line / --first-index %j: a usage error (exit 2), not a number read some other way",
    async (value) => {
      for (const flag of ["--first-line", "--first-index"]) {
        const result = await runCli(["validate", "-", flag, value], { input: TEXT });
        expect(result.code, `${flag} ${value}`).toBe(2);
        expect(result.stderr, `${flag} ${value}`).toMatch(/is invalid/);
        expect(result.stdout, `${flag} ${value}`).toBe("");
      }
    },
  );

  it("--exit-zero: input that stops being readable part-way (a truncated gzip stream, READ_ERROR) is an input error, exit 2, not 0", async () => {
    for (const command of ["validate", "convert"]) {
      const result = await runCli([
        command,
        "samples/invalid/input/read-error--truncated-gzip.ndjson.gz",
        "--exit-zero",
      ]);
      expect(result.stdout + result.stderr, command).toMatch(/READ_ERROR/);
      expect(result.code, command).toBe(2);
    }
  });

  it("--report FILE: a run that exits 0 has written its report, also when the reader of the records goes away (| head -1)", async () => {
    const dir = scratch();
    const input = join(dir, "large.ndjson");
    writeLarge(input, 2500);
    const report = join(dir, "report.json");
    const result = await runCli(["convert", input, "--format", "json", "--report", report, "--exit-zero"], {
      closeStdoutEarly: true,
    });
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
    if (result.code === 0) expect(existsSync(report)).toBe(true);
    else expect(result.code).toBe(2);
  }, 60_000);

  it("--report FILE and merge-reports -o FILE: no colour codes in a file, even with FORCE_COLOR set", async () => {
    const dir = scratch();
    const input = join(dir, "in.ndjson");
    writeFileSync(input, TEXT);
    for (const command of ["validate", "convert"]) {
      const report = join(dir, `${command}.txt`);
      const result = await runCli([command, input, "--report", report], { env: { FORCE_COLOR: "1" } });
      expect(result.code, command).toBe(1);
      expect(readFileSync(report, "utf8"), command).not.toMatch(/\u001b\[/);
      expect(readFileSync(report, "utf8"), command).toMatch(/error NO_ITEM/);
    }
    await runCli(["validate", input, "--format", "json", "--report", join(dir, "part.json")]);
    const merged = join(dir, "merged.txt");
    await runCli(["merge-reports", join(dir, "part.json"), "-o", merged], { env: { FORCE_COLOR: "1" } });
    expect(readFileSync(merged, "utf8")).not.toMatch(/\u001b\[/);
    expect(readFileSync(merged, "utf8")).toMatch(/error NO_ITEM/);
  });

  describe("merge-reports", () => {
    it("- reads a report from standard input, as every other gradeev command reads -", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "a.ndjson"), TEXT);
      const report = (await runCli(["validate", "a.ndjson", "--format", "json"], { cwd: dir })).stdout;
      const merged = await runCli(["merge-reports", "-", "--format", "json"], { input: report, cwd: dir });
      expect(merged.stderr).toBe("");
      expect(merged.code).toBe(1);
      expect(merged.stdout).toBe(report);
    });

    it("a final report whose first part starts inside a file (the parts before it lost) is not passed off as a whole run's: exit 2 or a warning naming where it starts", async () => {
      const dir = scratch();
      const split = await runSplit(dir, "lrs.ndjson", Buffer.from(TEXT), [4, 7]);
      expect(split.parts).toHaveLength(3);
      for (const format of ["text", "junit", "sarif", "github"]) {
        const merged = await runCli(["merge-reports", "part-1.json", "part-2.json", "--format", format], { cwd: dir });
        expect(merged.stderr, format).toMatch(/lrs\.ndjson.*line 4|line 4.*lrs\.ndjson/);
      }
    });

    it("a part's counts under names an object inherits (constructor, toString, __proto__) are counted as numbers, or the part is refused", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "a.ndjson"), TEXT);
      const report = (await runCli(["validate", "a.ndjson", "--format", "json"], { cwd: dir })).stdout;
      for (const key of ["constructor", "toString", "__proto__"]) {
        writeFileSync(join(dir, "part.json"), report.replace('"byCode": {', `"byCode": {\n      "${key}": 2,`));
        const merged = await runCli(["merge-reports", "part.json", "--format", "json"], { cwd: dir });
        if (merged.code === 2) {
          expect(merged.stderr, key).toMatch(/^gradeev: part\.json: /);
          continue;
        }
        const byCode = (JSON.parse(merged.stdout) as Report).summary.byCode;
        expect(
          Object.values(byCode).every((n) => typeof n === "number"),
          key,
        ).toBe(true);
        expect(Object.getOwnPropertyDescriptor(byCode, key)?.value, key).toBe(2);
      }
    });

    it("a part whose diagnostics disagree with its own counts (a duplicated key that empties the list, a list cut short) is refused, exit 2", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const good = (await runCli(["validate", "f.ndjson", "--format", "json"], { cwd: dir })).stdout;
      const at = good.lastIndexOf('\n  "notShown"');
      writeFileSync(join(dir, "duplicated-key.json"), `${good.slice(0, at)}\n  "diagnostics": [],${good.slice(at)}`);
      const report = JSON.parse(good) as Report;
      writeFileSync(join(dir, "cut.json"), JSON.stringify({ ...report, diagnostics: report.diagnostics.slice(1) }));
      for (const part of ["duplicated-key.json", "cut.json"]) {
        const merged = await runCli(["merge-reports", part, "--format", "json"], { cwd: dir });
        expect(merged.code, part).toBe(2);
        expect(merged.stderr, part).toMatch(new RegExp(`^gradeev: ${part.replace(".", "\\.")}: `));
      }
    });

    it("the reports of one file named twice in a row (a run over `f f`) merge to that run's report", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const whole = await runCli(["validate", "f.ndjson", "f.ndjson", "--format", "json"], { cwd: dir });
      writeFileSync(
        join(dir, "f.json"),
        (await runCli(["validate", "f.ndjson", "--format", "json"], { cwd: dir })).stdout,
      );
      const merged = await runCli(["merge-reports", "f.json", "f.json", "--format", "json"], { cwd: dir });
      expect(merged.stderr).toBe("");
      expect(merged.stdout).toBe(whole.stdout);
    });

    it("parts judged differently (one with --strict, one without) are refused, not merged into a report no run would give", async () => {
      const dir = scratch();
      const parts = cutLines(Buffer.from(TEXT), [4]);
      for (const [k, part] of parts.entries()) {
        const strict = k === 0 ? ["--strict"] : [];
        await runCli(
          [
            "validate",
            "-",
            "--format",
            "json",
            "--report",
            `p${k}.json`,
            "--stdin-name",
            "f.ndjson",
            "--first-line",
            String(part.firstLine),
            "--first-index",
            String(part.firstLine - 1),
            ...strict,
          ],
          { input: part.bytes, cwd: dir },
        );
      }
      const merged = await runCli(["merge-reports", "p0.json", "p1.json"], { cwd: dir });
      expect(merged.code).toBe(2);
    });

    it("memory stays bounded as the parts grow: 60 parts, over 60 MB of reports, merge in a 64 MiB heap", async () => {
      const dir = scratch();
      const input = join(dir, "large.ndjson");
      writeLarge(input, 1000);
      const one = await runCli(["validate", input, "--format", "json", "--jobs", "1"]);
      expect(one.code).toBe(1);
      const names: string[] = [];
      for (let k = 0; k < 60; k++) {
        const name = join(dir, `p${k}.json`);
        writeFileSync(name, one.stdout.replaceAll(JSON.stringify(input), JSON.stringify(`file-${k}.ndjson`)));
        names.push(name);
      }
      expect(one.stdout.length * names.length).toBeGreaterThan(60e6);
      const merged = await runCli(["merge-reports", ...names, "--format", "json", "-o", join(dir, "merged.json")], {
        env: { NODE_OPTIONS: "--max-old-space-size=64" },
      });
      expect(merged.stderr).not.toMatch(/heap|^\s+at /m);
      expect(merged.code).toBe(1);
    }, 120_000);
  });
});

describe("held: attacks on the contract that failed", () => {
  describe("--exit-zero", () => {
    it("with --strict and --fail-on-unknown: what they make invalid exits 0; usage and output errors keep 2", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      writeFileSync(join(dir, "unknown.ndjson"), '{"a":1}\n');
      expect((await runCli(["validate", "unknown.ndjson", "--strict", "--fail-on-unknown"], { cwd: dir })).code).toBe(
        1,
      );
      expect(
        (await runCli(["validate", "unknown.ndjson", "--strict", "--fail-on-unknown", "--exit-zero"], { cwd: dir }))
          .code,
      ).toBe(0);
      expect((await runCli(["validate", "in.ndjson", "--strict", "--exit-zero"], { cwd: dir })).code).toBe(0);
      for (const args of [
        ["validate", "-", "--exit-zero", "--first-line", "0"],
        ["validate", "in.ndjson", "--exit-zero", "--first-index", "1"],
        ["validate", "in.ndjson", "--exit-zero", "--report", dir],
        ["validate", "in.ndjson", "--exit-zero", "--report", "/dev/full"],
        ["convert", "in.ndjson", "--exit-zero", "--report", "/dev/full", "-o", "out.csv"],
        ["merge-reports", "no-such.json", "--exit-zero"],
      ]) {
        const result = await runCli(args, { cwd: dir, input: TEXT });
        expect(result.code, args.join(" ")).toBe(2);
        expect(result.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      }
      expect(existsSync(join(dir, "out.csv"))).toBe(false);
    });
  });

  describe("--report FILE", () => {
    it("refuses a report that is -o, --rejects or an input, however spelt (./, a symbolic link, a hard link, standard input's file): exit 2, the input intact", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      symlinkSync("in.ndjson", join(dir, "in-link.ndjson"));
      linkSync(join(dir, "in.ndjson"), join(dir, "in-hard.ndjson"));
      symlinkSync("out.csv", join(dir, "out-link"));
      for (const [args, message] of [
        [["convert", "in.ndjson", "-o", "out.csv", "--report", "./out.csv"], /-o and --report name the same file/],
        [["convert", "in.ndjson", "-o", "out.csv", "--report", "out-link"], /-o and --report name the same file/],
        [
          ["convert", "in.ndjson", "--rejects", "r.ndjson", "--report", "r.ndjson"],
          /--rejects and --report name the same file/,
        ],
        [["validate", "in.ndjson", "--report", "in-link.ndjson"], /is also an input/],
        [["validate", "in.ndjson", "--report", "in-hard.ndjson"], /is also an input/],
      ] as const) {
        const result = await runCli([...args], { cwd: dir });
        expect(result.code, args.join(" ")).toBe(2);
        expect(result.stderr, args.join(" ")).toMatch(message);
      }
      const fd = openSync(join(dir, "in.ndjson"), "r");
      try {
        const result = await runCli(["validate", "-", "--report", "in.ndjson"], { cwd: dir, stdin: fd });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/is also an input/);
      } finally {
        closeSync(fd);
      }
      expect(readFileSync(join(dir, "in.ndjson"), "utf8")).toBe(TEXT);
      expect(readdirSync(dir).sort()).toEqual(["in-hard.ndjson", "in-link.ndjson", "in.ndjson", "out-link"]);
    });

    it("a folder, a missing folder, a file as a folder: exit 2 with one line, nothing left", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      mkdirSync(join(dir, "folder"));
      for (const [report, message] of [
        ["folder", /folder: is a folder, not a file/],
        ["missing/report.json", /missing\/report\.json: no such file or folder/],
        ["in.ndjson/report.json", /in\.ndjson\/report\.json: not a folder/],
      ] as const) {
        for (const command of ["validate", "convert"]) {
          const result = await runCli([command, "in.ndjson", "--report", report], { cwd: dir });
          expect(result.code, `${command} ${report}`).toBe(2);
          expect(result.stderr, `${command} ${report}`).toMatch(message);
          expect(result.stderr.trimEnd().split("\n"), `${command} ${report}`).toHaveLength(1);
        }
      }
      expect(readdirSync(dir).sort()).toEqual(["folder", "in.ndjson"]);
      expect(readdirSync(join(dir, "folder"))).toEqual([]);
    });

    it("a symbolic link: the file it leads to gets the report, the link stays; a FIFO is written in place and stays a FIFO", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      writeFileSync(join(dir, "target.json"), "previous\n");
      symlinkSync("target.json", join(dir, "link.json"));
      const plain = await runCli(["validate", "in.ndjson", "--format", "json"], { cwd: dir });
      expect(
        (await runCli(["validate", "in.ndjson", "--format", "json", "--report", "link.json"], { cwd: dir })).code,
      ).toBe(1);
      expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dir, "link.json"))).toBe("target.json");
      expect(readFileSync(join(dir, "target.json"), "utf8")).toBe(plain.stdout);
      const fifo = join(dir, "report.fifo");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      const read = new Promise<string>((resolve, reject) => {
        let text = "";
        createReadStream(fifo)
          .on("data", (c) => (text += c.toString()))
          .on("end", () => resolve(text))
          .on("error", reject);
      });
      const result = await runCli(["validate", "in.ndjson", "--format", "json", "--report", fifo], { cwd: dir });
      expect(result.code).toBe(1);
      expect(await read).toBe(plain.stdout);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    });

    it("/dev/stderr and /dev/stdout: written to directly, where they do not meet the records", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      const plainValidate = await runCli(["validate", "in.ndjson"], { cwd: dir });
      const toStdout = await runCli(["validate", "in.ndjson", "--report", "/dev/stdout"], { cwd: dir });
      expect(toStdout.stdout).toBe(plainValidate.stdout);
      const toStderr = await runCli(["validate", "in.ndjson", "--report", "/dev/stderr"], { cwd: dir });
      expect(toStderr.stderr).toBe(plainValidate.stdout);
      expect(toStderr.stdout).toBe("");
      const convert = await runCli(["convert", "in.ndjson", "-o", "out.csv", "--report", "/dev/stdout"], { cwd: dir });
      expect(convert.code).toBe(1);
      expect(convert.stdout).toMatch(/error NO_ITEM/);
      expect(readFileSync(join(dir, "out.csv"), "utf8")).toMatch(/^course,user,/);
    });

    it("SIGTERM (an engine killing a task, a speculative copy) mid-way through a map step leaves no report, records or rejects file, temporary or not", async () => {
      const dir = scratch();
      const child = spawn(
        process.execPath,
        [
          BIN,
          "convert",
          "-",
          "--format",
          "json",
          "--exit-zero",
          "--stdin-name",
          "f.ndjson",
          "--first-line",
          "9",
          "--first-index",
          "8",
          "-o",
          join(dir, "part.csv"),
          "--rejects",
          join(dir, "part.rejects"),
          "--report",
          join(dir, "part.json"),
        ],
        { stdio: ["pipe", "pipe", "pipe"] },
      );
      // Standard input stays open, so the run is mid-way, its three temporary files open, when the signal comes.
      child.stdin.write(TEXT);
      for (let tries = 0; readdirSync(dir).length < 3 && tries < 100; tries++)
        await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(dir)).toHaveLength(3);
      const exited = new Promise((resolve) => child.on("close", (exit, killed) => resolve(exit ?? killed)));
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      expect(readdirSync(dir)).toEqual([]);
    });

    it("two runs at once writing the same report: one whole report is left, no temporary file", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "small.ndjson"), TEXT);
      writeLarge(join(dir, "large.ndjson"), 300);
      const runs = await Promise.all(
        [0, 1, 2, 3]
          .flatMap(() => ["small.ndjson", "large.ndjson"])
          .map((input) =>
            runCli(["validate", input, "--format", "json", "--jobs", "1", "--report", "report.json"], { cwd: dir }),
          ),
      );
      expect(runs.map((r) => r.code)).toEqual(runs.map(() => 1));
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
      expect(["small.ndjson", "large.ndjson"]).toContain(report.files[0]?.name);
      expect(readdirSync(dir).sort()).toEqual(["large.ndjson", "report.json", "small.ndjson"]);
    }, 60_000);

    it("a run refused for a missing input (exit 2) leaves no report, and a previous one as it was: validate and convert", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "in.ndjson"), TEXT);
      for (const command of ["validate", "convert"]) {
        writeFileSync(join(dir, "kept.json"), "previous\n");
        const kept = await runCli(
          [command, "in.ndjson", "missing.ndjson", "--format", "json", "--report", "kept.json", "--exit-zero"],
          { cwd: dir },
        );
        const fresh = await runCli(
          [command, "-", "missing.ndjson", "--format", "json", "--report", "fresh.json", "--exit-zero"],
          { cwd: dir, input: TEXT },
        );
        expect([kept.code, fresh.code], command).toEqual([2, 2]);
        expect(readFileSync(join(dir, "kept.json"), "utf8"), command).toBe("previous\n");
        expect(existsSync(join(dir, "fresh.json")), command).toBe(false);
      }
      expect(readdirSync(dir).sort()).toEqual(["in.ndjson", "kept.json"]);
    });
  });

  describe("--stdin-name", () => {
    it("a name with a line break, CR, TAB, an escape, `:9:1`, `%`, `,`, quotes, `<` and `&` is shown in every format, and the rejects, as a file of that name is", async () => {
      const dir = scratch();
      const name = 'we:ird 9:1%2C,"<&>\t\r\n\u001b[31m.ndjson';
      writeFileSync(join(dir, name), TEXT);
      for (const format of FORMATS) {
        const asFile = await runCli(["validate", name, "--format", format], { cwd: dir });
        const asStdin = await runCli(["validate", "-", "--format", format, "--stdin-name", name], {
          cwd: dir,
          input: TEXT,
        });
        expect(asStdin.stdout, format).toBe(asFile.stdout);
        expect(asStdin.stdout, format).not.toMatch(/\u001b|\r/);
      }
      await runCli(["convert", name, "--rejects", "file.rejects"], { cwd: dir });
      await runCli(["convert", "-", "--stdin-name", name, "--rejects", "stdin.rejects"], { cwd: dir, input: TEXT });
      expect(readFileSync(join(dir, "stdin.rejects"), "utf8")).toBe(readFileSync(join(dir, "file.rejects"), "utf8"));
      // The JUnit report stays well-formed XML: no raw < & or control character from the name.
      const junit = (await runCli(["validate", "-", "--format", "junit", "--stdin-name", name], { input: TEXT }))
        .stdout;
      expect(junit).toContain('name="we:ird 9:1%2C,&quot;&lt;&amp;&gt;');
      expect(junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    });

    it("a long name, `-`, and bytes that are not UTF-8 (shown as U+FFFD): no crash, the run's verdict", async () => {
      const long = "d/".repeat(2000) + "part.ndjson";
      const longRun = await runCli(["validate", "-", "--format", "json", "--stdin-name", long], { input: TEXT });
      expect(longRun.code).toBe(1);
      expect((JSON.parse(longRun.stdout) as Report).files[0]?.name).toBe(long);
      const dash = await runCli(["validate", "-", "--stdin-name", "-"], { input: TEXT });
      expect(dash.stdout).toMatch(/^-:7:\d+: error NO_ITEM/m);
      const bytes = spawnSync(
        "bash",
        ["-c", `"$0" "$1" validate - --format json --stdin-name $'bad\\xffname'`, process.execPath, BIN],
        { input: TEXT, encoding: "utf8" },
      );
      expect(bytes.status).toBe(1);
      expect((JSON.parse(bytes.stdout) as Report).files[0]?.name).toBe("bad\ufffdname");
    });
    it("the name never changes how standard input is read: a .gz name on plain input, a plain name on gzip input; a gzip part's bytes are as stored, as its file's", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson.gz"), gzipSync(Buffer.from(TEXT)));
      const file = (await runCli(["validate", "f.ndjson.gz", "--format", "json"], { cwd: dir })).stdout;
      const gzipIn = await runCli(["validate", "-", "--format", "json", "--stdin-name", "f.ndjson.gz"], {
        cwd: dir,
        input: gzipSync(Buffer.from(TEXT)),
      });
      expect(gzipIn.stdout).toBe(file);
      expect((JSON.parse(file) as Report).summary.bytes).toBe(readFileSync(join(dir, "f.ndjson.gz")).length);
      const plainAsGz = await runCli(["validate", "-", "--format", "json", "--stdin-name", "f.ndjson.gz"], {
        input: TEXT,
      });
      const gzAsPlain = await runCli(["validate", "-", "--format", "json", "--stdin-name", "f.ndjson"], {
        input: gzipSync(Buffer.from(TEXT)),
      });
      const counts = (r: CliResult) => {
        const { bytes: _bytes, ...rest } = (JSON.parse(r.stdout) as Report).summary;
        return rest;
      };
      expect(counts(plainAsGz)).toEqual(counts(gzAsPlain));
      expect(counts(plainAsGz).events).toBe(LINES.length);
    });
  });

  describe("--first-line / --first-index", () => {
    it.each(FORMATS)("--format %s: a part's diagnostics are the whole file's, line for line", async (format) => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const whole = (await runCli(["validate", "f.ndjson", "--format", format], { cwd: dir })).stdout;
      const [, part] = cutLines(Buffer.from(TEXT), [4]);
      const partRun = (
        await runCli(
          ["validate", "-", "--format", format, "--stdin-name", "f.ndjson", "--first-line", "4", "--first-index", "3"],
          { input: part!.bytes },
        )
      ).stdout;
      // Every diagnostic of the test lines is on line 4 or later: the part has them all, at the same places.
      const diagnostics = (text: string): unknown => {
        switch (format) {
          case "text":
            return text.split("\n").filter((l) => l.startsWith("f.ndjson:"));
          case "github":
            return text.split("\n").filter((l) => l.startsWith("::"));
          case "junit":
            return text.split("\n").filter((l) => !l.includes("<property "));
          case "json":
            return (JSON.parse(text) as Report).diagnostics;
          case "sarif":
            return (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0]?.results;
        }
      };
      expect(JSON.stringify(diagnostics(partRun))).toMatch(/NO_ITEM/);
      expect(diagnostics(partRun)).toEqual(diagnostics(whole));
    });

    it("rejects name the file's lines and indexes; with a gzip part, too", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      await runCli(["convert", "f.ndjson", "--rejects", "whole.rejects"], { cwd: dir });
      const [, part] = cutLines(Buffer.from(TEXT), [4]);
      await runCli(
        [
          "convert",
          "-",
          "--rejects",
          "part.rejects",
          "--stdin-name",
          "f.ndjson",
          "--first-line",
          "4",
          "--first-index",
          "3",
        ],
        { cwd: dir, input: part!.bytes },
      );
      await runCli(
        [
          "convert",
          "-",
          "--rejects",
          "gz.rejects",
          "--stdin-name",
          "f.ndjson",
          "--first-line",
          "4",
          "--first-index",
          "3",
        ],
        { cwd: dir, input: gzipSync(part!.bytes) },
      );
      const whole = readFileSync(join(dir, "whole.rejects"), "utf8");
      expect(whole.split("\n").filter(Boolean)).toHaveLength(2);
      expect(readFileSync(join(dir, "part.rejects"), "utf8")).toBe(whole);
      expect(readFileSync(join(dir, "gz.rejects"), "utf8")).toBe(whole);
    });

    it.each(["0", "-1", "1.5", "", "x", "9007199254740992", "1e21", "Infinity", "٥", "1_000"])(
      "--first-line %j: a usage error, exit 2",
      async (value) => {
        const result = await runCli(["validate", "-", "--first-line", value], { input: TEXT });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/argument .* is invalid/);
      },
    );
  });

  describe("the summary: lines, bytes and byCode", () => {
    it.each([
      ["empty", "", 0],
      ["blank lines only", "\n\n\n", 3],
      ["CRLF blank lines", "\r\n\r\n", 2],
      ["a BOM alone", "\ufeff", 1],
      ["no final line break", '{"a":1}', 1],
      ["CRLF events", TEXT.replaceAll("\n", "\r\n"), LINES.length],
      ["a BOM, then events", `\ufeff${TEXT}`, LINES.length],
    ])("%s: lines and bytes as read, through a file and standard input alike", async (_, text, lines) => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), text);
      for (const args of [["f.ndjson"], ["-"]]) {
        const summary = (
          JSON.parse(
            (await runCli(["validate", ...args, "--format", "json"], { cwd: dir, input: text })).stdout,
          ) as Report
        ).summary;
        expect(summary.lines, args[0]).toBe(lines);
        expect(summary.bytes, args[0]).toBe(Buffer.byteLength(text));
      }
    });

    it("bytes and lines of inputs many batches long (unparsable lines, a long line): every byte counted, through a file, standard input, gzip, --report and two threads", async () => {
      const dir = scratch();
      const text = `${TEXT.repeat(60)}${"x".repeat(3000)}\n${"{ bad\n".repeat(30_000)}`;
      writeFileSync(join(dir, "f.ndjson"), text);
      writeFileSync(join(dir, "f.ndjson.gz"), gzipSync(Buffer.from(text)));
      const plain = Buffer.byteLength(text);
      const packed = readFileSync(join(dir, "f.ndjson.gz")).length;
      const lines = text.split("\n").length - 1;
      const summaryOf = async (args: string[], input?: Buffer) => {
        const result = await runCli([...args, "--format", "json", "--report", "r.json"], {
          cwd: dir,
          ...(input && { input }),
        });
        expect(result.stderr, args.join(" ")).toBe("");
        const { bytes, lines: read } = (JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as Report).summary;
        return [bytes, read];
      };
      for (const command of ["validate", "convert"]) {
        expect(await summaryOf([command, "f.ndjson"]), command).toEqual([plain, lines]);
        expect(await summaryOf([command, "-"], Buffer.from(text)), command).toEqual([plain, lines]);
        expect(await summaryOf([command, "f.ndjson.gz"]), command).toEqual([packed, lines]);
        expect(
          await summaryOf([command, "f.ndjson", "f.ndjson.gz", "--jobs", "2", "--part-size", "64KiB"]),
          command,
        ).toEqual([plain + packed, 2 * lines]);
      }
    }, 60_000);

    it("byCode is complete with --quiet and --max-diagnostics 0 in every machine format", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const plain = (
        JSON.parse((await runCli(["validate", "f.ndjson", "--format", "json"], { cwd: dir })).stdout) as Report
      ).summary.byCode;
      expect(plain).toEqual({ JSON_SYNTAX: 1, NO_COURSE: 1, NO_ITEM: 1 });
      for (const limit of [["--quiet"], ["--max-diagnostics", "0"], ["--max-diagnostics", "1"]]) {
        const json = JSON.parse(
          (await runCli(["validate", "f.ndjson", "--format", "json", ...limit], { cwd: dir })).stdout,
        ) as Report;
        expect(json.summary.byCode, limit.join(" ")).toEqual(plain);
        expect(json.diagnostics, limit.join(" ")).toHaveLength(3);
        const sarif = JSON.parse(
          (await runCli(["validate", "f.ndjson", "--format", "sarif", ...limit], { cwd: dir })).stdout,
        ) as { runs: { properties: { summary: Report["summary"] } }[] };
        expect(sarif.runs[0]?.properties.summary.byCode, limit.join(" ")).toEqual(plain);
      }
    });
  });

  describe("splitting: parts through standard input are the whole run", () => {
    it.each([
      [
        "parts starting and ending on blank lines, and an empty last part",
        `${LINES.slice(0, 3).join("\n")}\n\n\n\n${LINES.slice(3).join("\n")}\n\n\n`,
        [4, 5, 7, 14, 14],
      ],
      ["CRLF lines", TEXT.replaceAll("\n", "\r\n"), [3, 7]],
      ["no line break after the last line", TEXT.slice(0, -1), [8]],
      ["a BOM at the file's start, the first part one line", `\ufeff${TEXT}`, [2]],
      ["a first line that is a BOM and a line break alone", `\ufeff\n${TEXT}`, [2]],
      ["duplicated events across parts (no --dedupe: each converted)", `${TEXT}${TEXT}`, [9]],
      ["a blank-lines-only file in parts: NO_EVENTS once", "\n\n\n\n\n", [2, 4]],
    ])("%s: records, rejects byte for byte, and the merged report is the whole run's", async (_, text, cuts) => {
      const dir = scratch();
      expectSameAsWhole(await runSplit(dir, "f.ndjson", Buffer.from(text), cuts));
    });

    it("lines longer than --max-event-bytes, alone in a part or among others: EVENT_TOO_LARGE at the file's line, as whole", async () => {
      const dir = scratch();
      const long = JSON.stringify({ padding: "x".repeat(5000) });
      const text = `${[...LINES.slice(0, 3), long, ...VALID.slice(3), long, INVALID, "{ not JSON"].join("\n")}\n`;
      const split = await runSplit(dir, "f.ndjson", Buffer.from(text), [4, 5, 8], ["--max-event-bytes", "2KiB"]);
      expect((JSON.parse(split.whole.report) as Report).summary.byCode.EVENT_TOO_LARGE).toBe(2);
      expectSameAsWhole(split);
    });
  });

  describe("merge-reports", () => {
    it("what is not a report, or not all there, is refused with one line naming the part, exit 2, -o left as it was", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const good = (await runCli(["validate", "f.ndjson", "--format", "json"], { cwd: dir })).stdout;
      const older = JSON.parse(good) as Record<string, unknown> & { summary: Record<string, unknown> };
      delete older.summary.lines;
      const parts: Record<string, string> = {
        "text.json": (await runCli(["validate", "f.ndjson"], { cwd: dir })).stdout,
        "truncated.json": good.slice(0, good.length / 2),
        "array.json": "[1, 2]\n",
        "version-2.json": good.replace('"version": 1', '"version": 2'),
        "deep.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}\n`,
        "deep-object.json": `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}\n`,
        "older.json": JSON.stringify(older),
        "huge-number.json": good.replace('"events": 8', '"events": 1e400'),
        "negative.json": good.replace('"events": 8', '"events": -8'),
        "no-line.json": good.replace('"line": 7', '"line": "7"'),
      };
      for (const [name, text] of Object.entries(parts)) writeFileSync(join(dir, name), text);
      mkdirSync(join(dir, "folder"));
      writeFileSync(join(dir, "merged.txt"), "previous\n");
      for (const part of [...Object.keys(parts), "missing.json", "folder"]) {
        const result = await runCli(["merge-reports", part, "-o", "merged.txt"], { cwd: dir });
        expect(result.code, part).toBe(2);
        expect(result.stderr, part).toMatch(new RegExp(`^gradeev: ${part.replace(".", "\\.")}: `));
        expect(result.stderr.trimEnd().split("\n"), part).toHaveLength(1);
        expect(result.stdout, part).toBe("");
      }
      expect(readFileSync(join(dir, "merged.txt"), "utf8")).toBe("previous\n");
      const none = await runCli(["merge-reports"], { cwd: dir });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/missing required argument/);
    });

    it("--format github with a $GITHUB_STEP_SUMMARY that cannot be written is refused before anything is written, as validate refuses it: exit 2, one line, no annotation", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      await runCli(["validate", "f.ndjson", "--format", "json", "--report", "f.json"], { cwd: dir });
      const env = { GITHUB_STEP_SUMMARY: join(dir, "missing", "summary.md") };
      const validate = await runCli(["validate", "f.ndjson", "--format", "github"], { cwd: dir, env });
      expect(validate.code).toBe(2);
      expect(validate.stdout).toBe("");
      const merged = await runCli(["merge-reports", "f.json", "--format", "github"], { cwd: dir, env });
      expect(merged.code).toBe(2);
      expect(merged.stderr).toMatch(/^gradeev: cannot append the step summary/);
      expect(merged.stdout).toBe("");
    });

    it("a part that left input unread (TASK_FAILED) keeps exit 2, one with an internal error exit 3, --exit-zero or not", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const report = JSON.parse(
        (await runCli(["validate", "f.ndjson", "--format", "json"], { cwd: dir })).stdout,
      ) as Report;
      writeFileSync(
        join(dir, "failed.json"),
        JSON.stringify({ ...report, summary: { ...report.summary, failedTasks: 1 } }),
      );
      writeFileSync(
        join(dir, "bug.json"),
        JSON.stringify({ ...report, summary: { ...report.summary, internalErrors: 1 } }),
      );
      for (const exitZero of [[], ["--exit-zero"]]) {
        expect(
          (await runCli(["merge-reports", "failed.json", ...exitZero], { cwd: dir })).code,
          exitZero.join(""),
        ).toBe(2);
        expect((await runCli(["merge-reports", "bug.json", ...exitZero], { cwd: dir })).code, exitZero.join("")).toBe(
          3,
        );
      }
      writeFileSync(join(dir, "f.json"), JSON.stringify(report));
      expect((await runCli(["merge-reports", "f.json"], { cwd: dir })).code).toBe(1);
      expect((await runCli(["merge-reports", "f.json", "--exit-zero"], { cwd: dir })).code).toBe(0);
    });

    it.each([
      ["events in every part", TEXT, [4, 7]],
      ["events in the last part only", `\n\n\n${TEXT}`, [2, 4]],
      ["events in the first part only", `${TEXT}\n\n\n`, [9, 10]],
      ["blank lines only", "\n\n\n\n", [2, 3]],
    ])("merged in stages (parts 0+1 then 2, or 0 then 1+2), %s: the whole run's report", async (_, text, cuts) => {
      const dir = scratch();
      const split = await runSplit(dir, "f.ndjson", Buffer.from(text), cuts);
      expect(split.parts).toHaveLength(3);
      const merge = async (parts: string[], out: string) => {
        const result = await runCli(["merge-reports", ...parts, "--format", "json", "-o", out], { cwd: dir });
        expect(result.stderr).toBe("");
        return readFileSync(join(dir, out), "utf8");
      };
      await merge(["part-0.json", "part-1.json"], "left.json");
      expect(await merge(["left.json", "part-2.json"], "left-then-2.json")).toBe(split.whole.report);
      await merge(["part-1.json", "part-2.json"], "right.json");
      expect(await merge(["part-0.json", "right.json"], "0-then-right.json")).toBe(split.whole.report);
    });

    it("parts cut inside a line (not line-aligned), numbered as a planner counts line breaks: refused, exit 2", async () => {
      const dir = scratch();
      const bytes = Buffer.from(TEXT);
      const cut = lineStarts(bytes)[3]! + 40;
      const parts = [bytes.subarray(0, cut), bytes.subarray(cut)];
      let firstIndex = 0;
      for (const [k, part] of parts.entries()) {
        const firstLine = k === 0 ? 1 : bytes.subarray(0, cut).toString().split("\n").length;
        await runCli(
          [
            "validate",
            "-",
            "--format",
            "json",
            "--report",
            `p${k}.json`,
            "--stdin-name",
            "f.ndjson",
            "--first-line",
            String(firstLine),
            "--first-index",
            String(firstIndex),
          ],
          { input: part, cwd: dir },
        );
        firstIndex += (JSON.parse(readFileSync(join(dir, `p${k}.json`), "utf8")) as Report).summary.events;
      }
      const merged = await runCli(["merge-reports", "p0.json", "p1.json"], { cwd: dir });
      expect(merged.code).toBe(2);
      expect(merged.stderr).toMatch(/^gradeev: p1\.json: its part of f\.ndjson starts at line 4/);
    });

    it("parts out of order, repeated, or with one missing between others are refused, exit 2", async () => {
      const dir = scratch();
      await runSplit(dir, "f.ndjson", Buffer.from(TEXT), [3, 6]);
      for (const order of [
        ["part-0.json", "part-2.json", "part-1.json"],
        ["part-0.json", "part-1.json", "part-1.json", "part-2.json"],
        ["part-0.json", "part-2.json"],
        ["part-1.json", "part-0.json", "part-2.json"],
      ]) {
        const result = await runCli(["merge-reports", ...order], { cwd: dir });
        expect(result.code, order.join(" ")).toBe(2);
        expect(result.stderr, order.join(" ")).toMatch(
          /^gradeev: part-\d\.json: [^\n]*(missing|repeated|out of order)/,
        );
      }
    });

    it.each(
      [
        ...FORMATS.map((f) => [f]),
        ["junit", "--junit-per-event"],
        ["text", "--quiet"],
        ["text", "--max-diagnostics", "1"],
        ["text", "--max-diagnostics", "0"],
      ].map((args) => [args.join(" "), args] as const),
    )(
      "--format %s: the merge of whole-file reports is one run's report over the same files, byte for byte",
      async (_, args) => {
        const [format, ...rest] = args;
        const dir = scratch();
        writeFileSync(join(dir, "a.ndjson"), TEXT);
        writeFileSync(join(dir, "b.ndjson"), `${LINES.slice(5).join("\n")}\n`);
        const whole = await runCli(["validate", "a.ndjson", "b.ndjson", "a.ndjson", "--format", format!, ...rest], {
          cwd: dir,
          env: { GITHUB_STEP_SUMMARY: join(dir, "whole.md") },
        });
        await runCli(["validate", "a.ndjson", "--format", "json", "--report", "a.json"], { cwd: dir });
        await runCli(["convert", "b.ndjson", "--format", "json", "--report", "b.json"], { cwd: dir }); // a convert part among validate parts: the same report
        const merged = await runCli(["merge-reports", "a.json", "b.json", "a.json", "--format", format!, ...rest], {
          cwd: dir,
          env: { GITHUB_STEP_SUMMARY: join(dir, "merged.md") },
        });
        expect(merged.code).toBe(whole.code);
        expect(merged.stdout).toBe(whole.stdout);
        if (format === "github")
          expect(readFileSync(join(dir, "merged.md"), "utf8")).toBe(readFileSync(join(dir, "whole.md"), "utf8"));
      },
    );

    it.each(
      [...FORMATS.map((f) => [f]), ["junit", "--junit-per-event"]].map((args) => [args.join(" "), args] as const),
    )(
      "--format %s: the merge of a split file's parts (blank lines at their edges, NO_EVENTS in some) is the whole file's report, byte for byte",
      async (_, args) => {
        const dir = scratch();
        const text = `${LINES.slice(0, 3).join("\n")}\n\n\n\n${LINES.slice(3).join("\n")}\n\n`;
        const split = await runSplit(dir, "f.ndjson", Buffer.from(text), [4, 5, 7, 13]);
        const whole = await runCli(["validate", "f.ndjson", ...args], { cwd: dir });
        const merged = await runCli(["merge-reports", ...split.parts.map((_, k) => `part-${k}.json`), ...args], {
          cwd: dir,
        });
        expect(merged.code).toBe(whole.code);
        expect(merged.stdout).toBe(whole.stdout);
      },
    );

    it("-o: replaces an existing file whole, refuses a part, writes /dev/stdout in place, refuses a folder", async () => {
      const dir = scratch();
      writeFileSync(join(dir, "f.ndjson"), TEXT);
      const json = (await runCli(["validate", "f.ndjson", "--format", "json", "--report", "f.json"], { cwd: dir }))
        .code;
      expect(json).toBe(1);
      const text = (await runCli(["validate", "f.ndjson"], { cwd: dir })).stdout;
      writeFileSync(join(dir, "out.txt"), "previous, longer than nothing\n".repeat(200));
      expect((await runCli(["merge-reports", "f.json", "-o", "out.txt"], { cwd: dir })).code).toBe(1);
      expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe(text);
      const over = await runCli(["merge-reports", "f.json", "-o", "f.json"], { cwd: dir });
      expect(over.code).toBe(2);
      expect(over.stderr).toMatch(/is also an input/);
      expect((await runCli(["merge-reports", "f.json", "-o", "/dev/stdout"], { cwd: dir })).stdout).toBe(text);
      mkdirSync(join(dir, "folder"));
      expect((await runCli(["merge-reports", "f.json", "-o", "folder"], { cwd: dir })).code).toBe(2);
      expect(readdirSync(dir).sort()).toEqual(["f.json", "f.ndjson", "folder", "out.txt"]);
    });
  });
});
