/** `gradeev report`: one self-contained HTML page, its facts gathered in one pass in bounded memory. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyBatch } from "../src/run/batch.js";
import { DistinctCount } from "../src/html-report/distinct.js";
import {
  ABOVE_100,
  BELOW_0,
  dayOf,
  MAX_ITEMS,
  medianBin,
  MISSING,
  PERCENT_BINS,
  percentBin,
  ReportFacts,
} from "../src/html-report/facts.js";
import { reportPage, sharedFolder } from "../src/html-report/page.js";
import { emptySummary } from "../src/core/tally.js";
import type { GradeRecord } from "../src/types.js";
import { runCli, scratchFolder } from "./helpers.js";

const folder = scratchFolder("html-report");

function record(fields: Partial<GradeRecord>): GradeRecord {
  return {
    course: "C1",
    user: "u1",
    score: "5",
    score_max: "10",
    score_min: null,
    score_percent: "50",
    score_scaled: null,
    success: null,
    grade_text: null,
    item: "i1",
    is_final: null,
    event_time: "2024-05-02T02:00:06Z",
    action: null,
    actor: null,
    actor_ref: null,
    course_ref: null,
    user_ref: null,
    item_ref: null,
    grade_version: null,
    source: "xapi",
    profile: "xapi-score",
    event_id: null,
    ...fields,
  };
}

/** The SVG drawings of a page, and its tables, in order. */
function parts(html: string) {
  return { svgs: html.match(/<svg[\s\S]*?<\/svg>/g) ?? [], tables: html.match(/<table[\s\S]*?<\/table>/g) ?? [] };
}

describe("gradeev report on the samples", () => {
  it("writes one page: no script, no resource fetched, every chart drawn with marks, and the totals of validate", async () => {
    const out = join(folder, "samples.html");
    const result = await runCli(["report", "samples/", "-o", out]);
    expect(result.code).toBe(1); // samples/ holds invalid events: exit codes as validate's
    expect(result.stderr).toMatch(/^\d+ files, \d+ events: /);
    expect(result.stderr).toContain(`report written to ${out}`);
    const html = readFileSync(out, "utf8");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|\burl\((?!#)|@import/i); // url(#id): a gradient of the same page
    expect(html).not.toMatch(/\s(src|href)=/i); // nothing the page would fetch or follow
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length); // the drawings share one page: a gradient or clip of one is not another's
    const { svgs, tables } = parts(html);
    expect(svgs.length).toBeGreaterThanOrEqual(7); // files, profiles, codes, days, courses, items of 3 courses
    for (const svg of svgs) {
      expect(svg).toMatch(/class="mark-(rect|symbol|line)[^"]*"[^>]*>\s*<path/); // marks, not an empty frame
      expect(svg).toMatch(/aria-roledescription="axis"/); // and its axes, labelled
    }
    expect(tables.length).toBeGreaterThan(svgs.length); // the totals, then a table after each chart
    const validate = JSON.parse((await runCli(["validate", "samples/", "--format", "json"])).stdout) as {
      summary: { events: number; valid: number; invalid: number };
    };
    expect(html).toContain(`<th scope="row">events</th><td class="n">${validate.summary.events}</td>`);
    expect(html).toContain(`<th scope="row">invalid</th><td class="n">${validate.summary.invalid}</td>`);
    expect(html).toMatch(/<th scope="col">rule code<\/th>/);
  }, 60_000);

  it("writes to standard output without -o, and exits 0 on valid samples", async () => {
    const result = await runCli(["report", "samples/valid/xapi-moodle"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!doctype html>\n[\s\S]*<\/html>\n$/);
  }, 60_000);

  it("names no learner: they are counted, never listed", async () => {
    const rows = JSON.parse(
      (await runCli(["convert", "samples/valid", "--to", "json", "--columns", "user,course,item"])).stdout,
    ) as { user: string | null; course: string | null; item: string | null }[];
    // A user that is also part of a course or an item shown (a sample's user "Learner", an item
    // ".../LearnerConnection/...") proves nothing either way.
    const shownNames = rows.flatMap((r) => [r.course ?? "", r.item ?? ""]).join("\n");
    const users = [...new Set(rows.map((r) => r.user ?? ""))].filter((u) => u.length > 3 && !shownNames.includes(u));
    expect(users.length).toBeGreaterThan(20);
    const page = (await runCli(["report", "samples/valid"])).stdout;
    expect(page).toMatch(/<th scope="col">learners<\/th>/);
    for (const user of users) expect(page, user).not.toContain(user);
  }, 60_000);

  it("an input that cannot be read leaves -o untouched: exit 2, one line, no file", async () => {
    const out = join(folder, "never.html");
    const result = await runCli(["report", join(folder, "missing.ndjson"), "-o", out]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("shows names an export could carry as text, never as markup (course, item, file)", async () => {
    const hostile = `</svg><script>alert(1)</script><img src=x onerror=alert(2)>`;
    const line = readFileSync(join("samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split("\n")[0]!;
    const statement = JSON.parse(line) as { object: { id: string; definition?: { name?: Record<string, string> } } };
    statement.object.definition = { ...statement.object.definition, name: { "en-US": hostile } };
    const file = join(folder, `${"<b>"}.ndjson`);
    writeFileSync(file, `${JSON.stringify(statement)}\n`);
    const result = await runCli(["report", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/<script|<img|<b>/);
    expect(result.stdout).toContain("&lt;b&gt;.ndjson"); // the file, in the tables
  }, 60_000);
});

describe("the facts, in one pass", () => {
  it("count each file's and each profile's verdicts, an invalid event once however many errors it has", () => {
    const facts = new ReportFacts();
    const batch = emptyBatch();
    batch.file = "a.ndjson";
    batch.counts.valid = 1;
    batch.counts.invalid = 1;
    batch.records = [record({})];
    const error = {
      severity: "error" as const,
      file: "a.ndjson",
      line: 2,
      index: 1,
      profile: "xapi-score",
      message: "m",
    };
    batch.diagnostics = [
      { ...error, code: "XAPI_IRI" },
      { ...error, code: "XAPI_SCORE" },
    ];
    facts.add(batch);
    const next = emptyBatch(); // a later batch of the same file carries no name
    next.counts.unrecognised = 2;
    facts.add(next);
    expect(facts.files.get("a.ndjson")).toEqual({ valid: 1, invalid: 1, unrecognised: 2 });
    expect(facts.profiles.get("xapi-score")).toEqual({ valid: 1, invalid: 1, unrecognised: 0 });
    expect(facts.codes.get("XAPI_IRI")).toEqual({ count: 1, examples: ["a.ndjson:2"] });
  });

  it("hold the same few numbers whatever the number of events: bins, not scores; MAX_ITEMS items a course", () => {
    const facts = new ReportFacts();
    for (let n = 0; n < 50; n++) {
      const batch = emptyBatch();
      batch.records = Array.from({ length: 2000 }, (_, i) =>
        record({
          course: `C${i % 3}`,
          user: `u${n * 2000 + i}`,
          item: `i${(n * 2000 + i) % 1000}`,
          score_percent: String(i % 120),
        }),
      );
      facts.add(batch);
    }
    expect(facts.courses.size).toBe(3);
    for (const course of facts.courses.values()) {
      expect(course.byItem.size).toBe(MAX_ITEMS);
      expect(course.otherItems).toBeGreaterThan(0);
      expect(course.learners.estimated).toBe(true);
      expect(Math.abs(course.learners.count - 100_000 / 3) / (100_000 / 3)).toBeLessThan(0.08);
    }
    expect(facts.days.size).toBe(1);
  });

  it("bin percentages at 1 % with 100 in the last, and above 100, below 0 and missing apart", () => {
    expect([
      percentBin("0"),
      percentBin("99.99"),
      percentBin("100"),
      percentBin("100.01"),
      percentBin("-0.5"),
      percentBin(null),
    ]).toEqual([0, 99, 100, ABOVE_100, BELOW_0, MISSING]);
    const bins = new Uint32Array(PERCENT_BINS);
    bins[10] = 1;
    bins[50] = 1;
    bins[ABOVE_100] = 1;
    bins[MISSING] = 5; // not a score: no part of the median
    expect(medianBin(bins)).toBe(50);
    expect(medianBin(new Uint32Array(PERCENT_BINS))).toBeUndefined();
  });

  it("date events by their UTC day, whatever offset they were written with", () => {
    expect(dayOf("2024-05-01T23:30:00-02:00")).toBe("2024-05-02");
    expect(dayOf("2024-05-02T00:30:00+02:00")).toBe("2024-05-01");
    expect(dayOf("yesterday")).toBeUndefined();
    expect(dayOf(null)).toBeUndefined();
  });

  it("count distinct values exactly up to 128, and within 5 % past that", () => {
    const count = new DistinctCount();
    for (let i = 0; i < 3000; i++) count.add(`u${i % 128}`);
    expect([count.count, count.estimated]).toEqual([128, false]);
    for (const n of [129, 1000, 50_000]) {
      const many = new DistinctCount();
      for (let i = 0; i < n; i++) many.add(`learner-${i}`);
      expect(many.estimated).toBe(true);
      expect(Math.abs(many.count - n) / n, String(n)).toBeLessThan(0.05);
    }
  });

  it("draw a day without events as a gap: every day from the first to the last is in the chart", async () => {
    const facts = new ReportFacts();
    const batch = emptyBatch();
    batch.records = [record({ event_time: "2024-05-01T10:00:00Z" }), record({ event_time: "2024-05-04T10:00:00Z" })];
    facts.add(batch);
    const html = await reportPage({ facts, summary: emptySummary(), made: "now", inputs: ["x"] });
    const days = parts(html).svgs.find((svg) => svg.includes("valid events"));
    expect(days).toBeDefined();
    expect(days!.match(/<path aria-label="day \(UTC\)/g)).toHaveLength(4); // 1, 2 and 3 (gaps, at 0), 4
  });

  it("label files without the folder they all share", () => {
    expect(sharedFolder(["exports/a/x.ndjson", "exports/a/y.ndjson", "exports/ab.ndjson"])).toBe("exports/");
    expect(sharedFolder(["x.ndjson"])).toBe("");
  });
});
