/**
 * `gradeev merge-reports` (issue 17): the parts of a corpus, each run on its own through standard
 * input as a distributed engine's map step runs them, merged, against one run over the same files.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostics.js";
import { mergeReports, parseReport } from "../src/index.js";
import { formatJsonReport } from "../src/report/json.js";
import { runCli, scratchFolder, type CliResult } from "./helpers.js";
import { planParts, runParts, writeCorpus, type Part, type PartRun } from "./map-parts.js";

interface Report {
  summary: { files: number; lines: number; events: number; byCode: Record<string, number> };
  files: { name: string; firstLine: number; firstIndex: number }[];
  diagnostics: Diagnostic[];
}

const FORMATS: [string, ...string[]][] = [
  ["text"],
  ["json"],
  ["github"],
  ["junit"],
  ["junit", "--junit-per-event"],
  ["sarif"],
];

describe("merge-reports: parts merged are the whole run", () => {
  const dir = scratchFolder("merge-reports");
  let files: string[];
  let parts: Part[];
  let runs: PartRun[];
  let whole: CliResult;
  beforeAll(async () => {
    files = writeCorpus(dir);
    // lrs.ndjson's lines 12 to 17 are blank: that part holds no event; blank.ndjson holds none at all.
    parts = planParts(dir, files, { "lrs.ndjson": [5, 12, 18], "blank.ndjson": [3, 5] });
    runs = await runParts(parts, ["convert", "--to", "csv", "--no-header"], dir, { rejects: true });
    whole = await runCli(
      ["convert", ...files, "--jobs", "1", "--to", "csv", "--format", "json", "--rejects", "whole.rejects.ndjson"],
      { cwd: dir },
    );
  }, 120_000);
  const reports = () => runs.map((run) => run.report);

  it("the corpus is what the test means: split files, a part with no event, every kind of problem", () => {
    expect(parts.filter((part) => part.file === "lrs.ndjson")).toHaveLength(4);
    expect(parts.length).toBe(files.length + 3 + 2);
    const report = JSON.parse(whole.stderr) as Report;
    for (const code of ["JSON_SYNTAX", "NO_ITEM", "NO_EVENTS"])
      expect(report.summary.byCode[code], code).toBeGreaterThan(0);
    expect(report.diagnostics.some((d) => d.file === "nightly.ndjson.gz")).toBe(true);
    expect(whole.code).toBe(1);
    // Each part ran with --exit-zero: invalid events did not fail it.
    expect(runs.map((run) => run.code)).toEqual(runs.map(() => 0));
    // The blank parts said NO_EVENTS of themselves: three of blank.ndjson, one of lrs.ndjson's blank lines.
    const ends = runs.flatMap((run) =>
      (JSON.parse(readFileSync(run.report, "utf8")) as Report).diagnostics
        .filter((d) => d.code === "NO_EVENTS")
        .map((d) => d.file),
    );
    expect(ends).toEqual(["lrs.ndjson", "blank.ndjson", "blank.ndjson", "blank.ndjson"]);
  });

  it("the merged JSON report is the whole run's, byte for byte: summary (files split into parts counted once, lines, bytes, byCode), files, diagnostics", async () => {
    const merged = await runCli(["merge-reports", ...reports(), "--format", "json"]);
    expect(merged.stderr).toBe("");
    expect(merged.code).toBe(1);
    expect(JSON.parse(merged.stdout)).toEqual(JSON.parse(whole.stderr));
    expect(merged.stdout).toBe(whole.stderr);
    const report = JSON.parse(merged.stdout) as Report;
    expect(report.summary.files).toBe(files.length);
    // NO_EVENTS once, for the file that held none; none for lrs.ndjson, whose other parts held events.
    expect(report.diagnostics.filter((d) => d.code === "NO_EVENTS").map((d) => d.file)).toEqual(["blank.ndjson"]);
  });

  it.each(FORMATS)(
    "--format %s %s: the merged report is the whole run's (validate's text report: convert's adds where the records went)",
    async (format: string, ...more: string[]) => {
      const merged = await runCli(["merge-reports", ...reports(), "--format", format, ...more]);
      const one = await runCli(["validate", ...files, "--jobs", "1", "--format", format, ...more], { cwd: dir });
      expect(one.code).toBe(1);
      expect(merged.code).toBe(one.code);
      expect(merged.stdout).toBe(one.stdout);
      expect(merged.stdout.length).toBeGreaterThan(100);
    },
  );

  it("the parts' CSV concatenated, under one header, and their rejects concatenated, are the whole run's, byte for byte", async () => {
    const header = (await runCli(["convert", "-", "--to", "csv"], { input: "" })).stdout;
    expect(header).toMatch(/^course,user,[^\n]*\n$/);
    expect(header + runs.map((run) => run.stdout).join("")).toBe(whole.stdout);
    const rejects = readFileSync(join(dir, "whole.rejects.ndjson"), "utf8");
    expect(rejects.split("\n").length).toBeGreaterThan(5);
    expect(runs.map((run) => run.rejects).join("")).toBe(rejects);
  });

  it("the library's mergeReports is the command's merge: the same report, as formatJsonReport writes it", async () => {
    const merged = mergeReports(
      reports().map((path) => ({ name: path, report: parseReport(readFileSync(path, "utf8"), path) })),
    );
    expect(formatJsonReport(merged.summary, merged.diagnostics, merged.files)).toBe(whole.stderr);
  });

  it("exit code as the whole run's (1: invalid events), 0 with --exit-zero; -o writes the report as every output is", async () => {
    const out = join(dir, "merged.xml");
    const zero = await runCli(["merge-reports", ...reports(), "--format", "junit", "--exit-zero", "-o", out]);
    expect(zero.code).toBe(0);
    expect(zero.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe((await runCli(["merge-reports", ...reports(), "--format", "junit"])).stdout);
  });

  it("merging merged reports gives the same: parts may be merged in stages", async () => {
    // The second stage starts within lrs.ndjson: it continues the file the first stage ends in.
    expect(parts[2]).toMatchObject({ file: "lrs.ndjson", firstLine: 12 });
    const first = join(dir, "stage-1.json");
    const second = join(dir, "stage-2.json");
    await runCli(["merge-reports", ...reports().slice(0, 2), "--format", "json", "-o", first]);
    await runCli(["merge-reports", ...reports().slice(2), "--format", "json", "-o", second]);
    const staged = await runCli(["merge-reports", first, second, "--format", "json"]);
    expect(staged.stderr).toBe("");
    expect(staged.stdout).toBe(whole.stderr);
  });

  it("a part missing, repeated, out of order, or run with the wrong --first-index is exit 2, naming it", async () => {
    const r = reports();
    const cases: [string[], RegExp][] = [
      [
        [r[0]!, r[2]!, ...r.slice(3)],
        /part-2\.json: its part of lrs\.ndjson starts at line 12, but the parts before it end at line 4: a part is missing, repeated or out of order/,
      ],
      [
        [r[0]!, r[1]!, r[1]!, ...r.slice(2)],
        /part-1\.json: its part of lrs\.ndjson starts at line 5, but the parts before it end at line 11/,
      ],
      [
        [r[1]!, r[0]!, ...r.slice(2)],
        /part-0\.json: it reads lrs\.ndjson from line 1, but the report before it ends in lrs\.ndjson: a part repeated or out of order/,
      ],
      [
        [r[0]!, r[0]!, ...r.slice(1)],
        /part-0\.json: it reads lrs\.ndjson from line 1, but the report before it ends in lrs\.ndjson/,
      ],
    ];
    // The second part run again with --first-index 0, as a map step that does not count would.
    const wrong = join(dir, "wrong-index.json");
    await runCli(
      [
        "convert",
        "-",
        "--format",
        "json",
        "--report",
        wrong,
        "--exit-zero",
        "--stdin-name",
        "lrs.ndjson",
        "--first-line",
        "5",
      ],
      { input: parts[1]!.bytes },
    );
    cases.push([
      [r[0]!, wrong, ...r.slice(2)],
      /wrong-index\.json: its part of lrs\.ndjson starts with event 0, but the parts before it hold events 0 to 3: run it with --first-index 4/,
    ]);
    // A part that follows another file's.
    cases.push([
      [r[4]!, r[1]!],
      /part-1\.json: its part of lrs\.ndjson starts at line 5, but the report before it does not end in lrs\.ndjson/,
    ]);
    for (const [args, message] of cases) {
      const result = await runCli(["merge-reports", ...args]);
      expect(result.code, message.source).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^gradeev: .*${message.source}`));
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
  });

  it("--format github with an unwritable $GITHUB_STEP_SUMMARY is exit 2 with one line, before anything is written", async () => {
    const result = await runCli(["merge-reports", ...reports(), "--format", "github"], {
      env: { GITHUB_STEP_SUMMARY: join(dir, "no-such-folder", "summary.md") },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^gradeev: cannot append the step summary \(\$GITHUB_STEP_SUMMARY\) to .*summary\.md: no such file or folder\n$/,
    );
  });

  it("a part missing, unreadable, not JSON, not a report, or written before reports listed their files is exit 2 with one line, and -o is left as it was", async () => {
    const notJson = join(dir, "part.csv");
    writeFileSync(notJson, "course,user\n");
    const notReport = join(dir, "other.json");
    writeFileSync(notReport, '{"version": 1, "rows": []}\n');
    const old = JSON.parse(readFileSync(reports()[0]!, "utf8")) as Record<string, unknown>;
    delete old.files;
    const older = join(dir, "older.json");
    writeFileSync(older, JSON.stringify(old));
    const out = join(dir, "kept.json");
    writeFileSync(out, "previous\n");
    for (const [part, message] of [
      [join(dir, "no-such.json"), /no-such\.json: no such file or folder/],
      [scratchFolder("merge-reports-folder"), /: is a folder, not a file/],
      [notJson, /part\.csv: not a gradeev JSON report \(not JSON at all/],
      [notReport, /other\.json: not a gradeev JSON report of version 1: no summary/],
      [older, /older\.json: not a gradeev JSON report of version 1: it lists no files/],
    ] as const) {
      const result = await runCli(["merge-reports", reports()[0]!, part, "-o", out]);
      expect(result.code, part).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^gradeev: .*${message.source}`));
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(readFileSync(out, "utf8")).toBe("previous\n");
    }
  });
});
