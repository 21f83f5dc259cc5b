/** `gradeev report` attacked: what a producer or an attacker could send, and what the page must still be. */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyBatch } from "../src/run/batch.js";
import { DistinctCount } from "../src/html-report/distinct.js";
import {
  dayOf,
  MAX_COURSES,
  MAX_ITEMS_IN_ALL,
  MAX_NAME,
  ReportFacts,
  type FactRecord,
} from "../src/html-report/facts.js";
import { reportPage } from "../src/html-report/page.js";
import { emptySummary } from "../src/core/tally.js";
import { BIN, ROOT, runCli, scratchFolder } from "./helpers.js";

const folder = scratchFolder("html-report-attacks");
const SAMPLE = readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split(
  "\n",
)[0]!;

function record(fields: Partial<FactRecord>): FactRecord {
  return {
    course: "C1",
    user: "u1",
    item: "i1",
    score_percent: 50,
    event_time: "2024-05-02T02:00:06Z",
    profile: "xapi-score",
    ...fields,
  };
}

async function pageOf(records: FactRecord[]): Promise<string> {
  const facts = new ReportFacts();
  const batch = emptyBatch();
  batch.file = "f.ndjson";
  batch.counts.valid = records.length;
  batch.records = records as never;
  facts.add(batch);
  return reportPage({ facts, summary: emptySummary(), made: "now", inputs: ["f.ndjson"] });
}

function svgs(html: string): string[] {
  return html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
}

/** An xAPI statement of the samples, changed by `change`, as a line. */
function statement(
  change: (s: {
    id: string;
    timestamp: string;
    object: { id: string };
    context: { contextActivities: { grouping: { id: string }[] } };
  }) => void,
  n = 0,
): string {
  const s = JSON.parse(SAMPLE) as Parameters<typeof change>[0];
  s.id = `6f0d3c2a-1b4e-4c5d-8e9f-${String(n).padStart(12, "0")}`;
  change(s);
  return JSON.stringify(s);
}

const withoutMade = (html: string) => html.replace(/<p>Made [^ ]+/, "<p>Made");

describe("found by attack, fixed", () => {
  it("draws a day before the year 100 at its day, not as NaN (Vega's UTC time unit reads year 1 as 1901)", async () => {
    const html = await pageOf([
      record({ event_time: "0001-01-01T00:00:00Z" }),
      record({ event_time: "0001-01-03T10:00:00Z" }),
    ]);
    const days = svgs(html).find((svg) => svg.includes("valid events"))!;
    expect(days).not.toContain("NaN");
    expect(days.match(/<path aria-label="day \(UTC\): [^"]*0001/g)).toHaveLength(3);
  });

  it("draws a day's bar from 0 to its count: a bar spanning its day is not turned on its side", async () => {
    const html = await pageOf([
      record({ event_time: "2024-05-01T00:00:00Z" }),
      ...Array.from({ length: 3 }, () => record({ event_time: "2024-05-03T00:00:00Z" })),
    ]);
    const days = svgs(html).find((svg) => svg.includes("valid events"))!;
    const heights = [...days.matchAll(/<path aria-label="day \(UTC\)[^>]* d="M[^,]+,[^h]+h[^v]+v([^h]+)h/g)].map((m) =>
      Number(m[1]),
    );
    expect(heights).toHaveLength(3);
    expect(heights[0]! * 3).toBeCloseTo(heights[2]!);
    expect(heights[1]).toBe(0);
  });

  it("outlines the bars of a span of more days than pixels: one day of events in 54 years is still seen", async () => {
    // 1970 to 2024: every day drawn; 0001 to 9999, more than MAX_DAYS: the days with events only.
    for (const first of ["1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z"]) {
      const html = await pageOf([record({ event_time: first }), record({ event_time: "2024-05-03T00:00:00Z" })]);
      const days = svgs(html).find((svg) => svg.includes("valid events"))!;
      expect(days, first).toMatch(/<path aria-label="day \(UTC\): 2024-05-03; valid events: 1"[^>]*stroke-width="1"/);
    }
  });

  it("dates a time outside the years 0000-9999 as unreadable, never as a cut string", () => {
    expect(dayOf("+275760-09-13T00:00:00Z")).toBeUndefined();
    expect(dayOf("-000001-01-01T00:00:00Z")).toBeUndefined();
    expect(dayOf("+010000-01-01T00:00:00Z")).toBeUndefined();
    expect([dayOf("0000-01-01T00:00:00Z"), dayOf("9999-12-31T23:59:59Z")]).toEqual(["0000-01-01", "9999-12-31"]);
  });

  it("draws no legend from NaN to NaN when a course has no unusual score, or only unusual ones", async () => {
    const html = await pageOf([record({ course: "usual" }), record({ course: "missing only", score_percent: null })]);
    for (const svg of svgs(html)) expect(svg).not.toContain("NaN");
  });

  it("an empty input, standard input, only invalid events: a page, no NaN, validate's exit code", async () => {
    const empty = join(folder, "empty.ndjson");
    writeFileSync(empty, "");
    for (const [args, code, input] of [
      [[empty], 0],
      [["-"], 0, `${SAMPLE}\n`],
      [["samples/invalid"], 1],
    ] as const) {
      const result = await runCli(["report", ...args], input === undefined ? {} : { input });
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
      for (const svg of svgs(result.stdout)) expect(svg, args.join(" ")).not.toContain("NaN");
    }
  }, 60_000);

  it("draws no empty frame: a chart of no rows is a sentence (only unrecognised events: no profile)", async () => {
    const result = await runCli(["report", "samples/unrecognised"]);
    expect(result.code).toBe(0);
    const profiles = result.stdout.slice(result.stdout.indexOf("<h2>Events by profile"));
    const section = profiles.slice(0, profiles.indexOf("</section>"));
    expect(section).not.toContain("<svg");
    expect(section).toContain("No event was recognised by a profile.");
  }, 60_000);

  it("draws no frame of zero-width bars for files of no event: an empty input is a sentence", async () => {
    const empty = join(folder, "nothing.ndjson");
    writeFileSync(empty, "");
    const html = (await runCli(["report", empty])).stdout;
    const files = html.slice(html.indexOf("<h2>Events by file"));
    const section = files.slice(0, files.indexOf("</section>"));
    expect(section).not.toContain("<svg");
    expect(section).toContain("No event was read.");
    expect(section).toContain("nothing.ndjson"); // the table still lists the file
  }, 60_000);

  it("holds MAX_COURSES courses one by one, the rest as other courses: memory bounded by a number, not by the export", async () => {
    const facts = new ReportFacts();
    const batch = emptyBatch();
    batch.records = Array.from({ length: MAX_COURSES * 3 }, (_, i) => record({ course: `C${i}` })) as never;
    facts.add(batch);
    expect(facts.courses.size).toBe(MAX_COURSES);
    expect(facts.otherCourses).toBe(MAX_COURSES * 2);
    const html = await reportPage({ facts, summary: emptySummary(), made: "now", inputs: ["x"] });
    expect(html).toContain(
      `${MAX_COURSES * 2} records of courses past the first ${MAX_COURSES} met are not shown one by one.`,
    );
  });

  it("holds MAX_ITEMS_IN_ALL items one by one across all courses: MAX_COURSES courses of MAX_ITEMS items are not 400 000 bins", () => {
    const facts = new ReportFacts();
    for (let c = 0; c < MAX_COURSES; c++) {
      const batch = emptyBatch();
      batch.records = Array.from({ length: 20 }, (_, i) => record({ course: `C${c}`, item: `i${i}` })) as never;
      facts.add(batch);
    }
    const courses = [...facts.courses.values()];
    const held = courses.reduce((sum, c) => sum + c.byItem.size, 0);
    expect(held).toBe(MAX_ITEMS_IN_ALL);
    expect(courses.reduce((sum, c) => sum + c.otherItems, 0)).toBe(MAX_COURSES * 20 - MAX_ITEMS_IN_ALL);
  });

  it("says so when a course with the most records met its items after MAX_ITEMS_IN_ALL: a sentence, not a broken chart", async () => {
    const facts = new ReportFacts();
    for (let c = 0; c < MAX_ITEMS_IN_ALL / 100; c++) {
      const batch = emptyBatch();
      batch.records = Array.from({ length: 100 }, (_, i) => record({ course: `C${c}`, item: `i${i}` })) as never;
      facts.add(batch);
    }
    const late = emptyBatch();
    late.records = Array.from({ length: 500 }, () => record({ course: "late and large" })) as never;
    facts.add(late);
    const html = await reportPage({ facts, summary: emptySummary(), made: "now", inputs: ["x"] });
    const section = html.slice(html.indexOf("<h2>Scores by item in late and large"));
    expect(section.slice(0, section.indexOf("</section>"))).toContain(
      `No item of this course is followed one by one: the first ${MAX_ITEMS_IN_ALL} items met, in all courses, were.`,
    );
    for (const svg of svgs(html)) expect(svg).not.toContain("NaN");
  });

  it("holds a name of 100 000 characters as its first MAX_NAME and a hash: two long names stay two", () => {
    const facts = new ReportFacts();
    const batch = emptyBatch();
    const long = (c: string) => `https://lms.example.edu/${c}/`.padEnd(100_000, "x");
    batch.file = long("file");
    batch.records = [
      record({ course: long("a"), item: long("i") + "1", profile: long("p") }),
      record({ course: long("a"), item: long("i") + "2" }),
    ] as never;
    facts.add(batch);
    const names = [
      ...facts.files.keys(),
      ...facts.profiles.keys(),
      ...facts.courses.keys(),
      ...[...facts.courses.values()].flatMap((c) => [...c.byItem.keys()]),
    ];
    for (const name of names) expect(name.length).toBeLessThanOrEqual(MAX_NAME + 40);
    expect([...facts.courses.values()][0]!.byItem.size).toBe(2);
  });

  it("counts learners of long ids exactly while few, holding hashes of them, not the ids", () => {
    const count = new DistinctCount();
    for (let i = 0; i < 100; i++) count.add(`${i}`.padEnd(100_000, "u"));
    expect([count.count, count.estimated]).toEqual([100, false]);
    expect(count.heldBytes()).toBeLessThanOrEqual(2048);
  });

  // 40 MiB: before batches were bounded by bytes as well as events, 64 of these events made one batch
  // of 13 MB, and the report ran out of this heap each time (and of 64 MiB now and then).
  it("a report of 100 000-character course and item ids runs in a 40 MiB heap", async () => {
    const file = join(folder, "long-ids.ndjson");
    const lines: string[] = [];
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < 200; i++)
        lines.push(
          statement(
            (s) => {
              s.context.contextActivities.grouping[0]!.id = `https://lms.example.edu/courses/C${c}`.padEnd(
                100_000,
                "c",
              );
              s.object.id = `https://lms.example.edu/q/${i}`.padEnd(100_000, "x");
            },
            c * 1000 + i,
          ),
        );
    writeFileSync(file, `${lines.join("\n")}\n`);
    const result = await runNode([
      "--max-old-space-size=40",
      BIN,
      "report",
      file,
      "-o",
      join(folder, "long-ids.html"),
      "--jobs",
      "1",
    ]);
    expect(result.stderr).toMatch(/^1 file, 400 events: 400 valid/);
    expect(result.code).toBe(0);
  }, 120_000);

  it("shows a control character as its picture and isolates a right-to-left override to its name", async () => {
    const html = await pageOf([record({ course: "a\u0001b\u0000c\u007f", item: "\u202eevil" })]);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(html).toContain("a\u2401b\u2400c\u2421");
    expect(html).toMatch(/td, th, code, h2 \{[^}]*unicode-bidi: isolate/);
  });

  it("names the first 10 inputs at the top, and how many more: a glob of 10 000 files is not the page's first screen", async () => {
    const inputs = Array.from({ length: 10_000 }, (_, i) => `nightly/${i}.ndjson`);
    const facts = new ReportFacts();
    const html = await reportPage({ facts, summary: emptySummary(), made: "now", inputs });
    const made = html.match(/<p>Made [^\n]*/)![0];
    expect(made.match(/<code>/g)).toHaveLength(10);
    expect(made).toContain("and 9990 more");
  });

  it("shows an unrecognised kind of 100 000 characters (a verb IRI) as its first MAX_NAME", async () => {
    const summary = emptySummary();
    summary.unrecognisedKinds[`xAPI statement, verb https://x.example/${"v".repeat(100_000)}`] = 1;
    const html = await reportPage({ facts: new ReportFacts(), summary, made: "now", inputs: ["x"] });
    expect(html.length).toBeLessThan(100_000);
  });

  it("a reader that goes away (| head -c 100) ends the run as validate's: no error, validate's exit code", async () => {
    const result = await runCli(["report", "samples/"], { closeStdoutEarly: true });
    expect(result.stderr).not.toContain("cannot write");
    expect(result.stderr).toMatch(/^\d+ files, \d+ events: /);
    expect(result.code).toBe(1);
  }, 60_000);
});

describe("held", () => {
  it("names that are Object's own (__proto__, constructor, toString) and markup are drawn as any name", async () => {
    for (const name of [
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      `</svg><script>x</script>"'&amp;`,
      "\ud800lone",
    ]) {
      const html = await pageOf([record({ course: name, item: name }), record({ course: "other", item: name })]);
      expect(svgs(html), name).toHaveLength(6);
      expect(html).not.toContain("<script");
      const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("--jobs 2 writes the page --jobs 1 writes, but for the time it was made; and with --latest, --dedupe", async () => {
    for (const extra of [[], ["--latest"], ["--dedupe"]]) {
      const one = await runCli(["report", "samples/", "--jobs", "1", ...extra]);
      const two = await runCli(["report", "samples/", "--jobs", "2", ...extra]);
      expect(withoutMade(two.stdout), extra.join(" ")).toBe(withoutMade(one.stdout));
    }
  }, 120_000);

  it("-o naming an input, a folder or a path that cannot be written: exit 2, one line, nothing written", async () => {
    const input = join(folder, "input.ndjson");
    writeFileSync(input, `${SAMPLE}\n`);
    for (const out of [input, folder, join(folder, "no-such-folder", "r.html")]) {
      const result = await runCli(["report", input, "-o", out]);
      expect([result.code, result.stderr.trim().split("\n").length], out).toEqual([2, 1]);
    }
    expect(readFileSync(input, "utf8")).toBe(`${SAMPLE}\n`);
    expect(existsSync(join(folder, "no-such-folder"))).toBe(false);
  }, 60_000);

  it("percentages 100, 10.0, -0 and 1e308 fall in 90-100, 10-20, 0-10 and > 100", async () => {
    const html = await pageOf([
      record({ score_percent: 100 }),
      record({ score_percent: "10.0" }),
      record({ score_percent: -0 }),
      record({ score_percent: 1e308 }),
    ]);
    const row = html.match(/<tr><td>i1<\/td>(.*?)<\/tr>/)![1]!;
    expect([...row.matchAll(/<td class="n">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([
      4, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0,
    ]);
  });

  it("Ctrl-C mid-run leaves no file and no temporary one", async () => {
    const dir = join(folder, "sigint");
    mkdirSync(dir, { recursive: true });
    const big = join(dir, "big.ndjson");
    writeFileSync(big, `${Array.from({ length: 60_000 }, (_, i) => statement(() => {}, i)).join("\n")}\n`);
    const child = spawn(process.execPath, [BIN, "report", big, "-o", join(dir, "r.html"), "--jobs", "1"], {
      stdio: "ignore",
    });
    // Listened for from the start: a run that ends before the signal must not leave the test waiting.
    const closed = new Promise((resolve) => child.on("close", (c, signal) => resolve(c ?? signal)));
    // Mid-run: once its temporary page exists (made before the first event is read), not after a guessed delay.
    for (let waited = 0; readdirSync(dir).length < 2 && waited < 20_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const code = await closed;
    expect(code).toBe(130);
    expect(readdirSync(dir)).toEqual(["big.ndjson"]);
  }, 60_000);

  it("two runs writing the same -o at once leave one whole page", async () => {
    const out = join(folder, "both.html");
    await Promise.all([
      runCli(["report", "samples/valid", "-o", out]),
      runCli(["report", "samples/invalid", "-o", out]),
    ]);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    expect(readdirSync(folder).filter((name) => name.startsWith("both.html") && name !== "both.html")).toEqual([]);
  }, 60_000);

  it("a folder of 10 000 files in a 64 MiB heap", async () => {
    const dir = join(folder, "ten-thousand");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, `f${i}.ndjson`), `${SAMPLE}\n`);
    const result = await runNode([
      "--max-old-space-size=64",
      BIN,
      "report",
      dir,
      "-o",
      join(folder, "ten-thousand.html"),
    ]);
    expect(result.stderr).toMatch(/^10000 files, 10000 events: 10000 valid/);
    expect(result.code).toBe(0);
  }, 120_000);
});

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}
