import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyBatch } from "../src/run/batch.js";
import {
  dayOf,
  ITEM_BINS,
  MAX_COURSES,
  MAX_DAYS,
  MAX_ITEMS_IN_ALL,
  PERCENT_BINS,
  ReportFacts,
  type FactRecord,
} from "../src/html-report/facts.js";
import { PARALLEL_ABOVE_BYTES } from "../src/parallel/jobs.js";
import { runCli, scratchFolder } from "./helpers.js";

/** What the report's aggregates hold in typed arrays and counters, in bytes: bins and distinct counts. */
function heldBytes(facts: ReportFacts): number {
  let bytes = 0;
  for (const course of facts.courses.values()) {
    bytes += course.bins.byteLength + course.learners.heldBytes() + course.items.heldBytes();
    for (const bins of course.byItem.values()) bytes += bins.byteLength;
  }
  return bytes;
}

describe("the report's aggregates, with many distinct values", () => {
  it("stay within their caps with more courses, items, days and learners than the caps", () => {
    const facts = new ReportFacts();
    const day = (n: number) => new Date(Date.UTC(1970, 0, 1) + n * 86_400_000).toISOString();
    let n = 0;
    // 3 000 courses of 12 items each, a day and a learner of a 64-character id per record: past
    // MAX_COURSES, MAX_ITEMS_IN_ALL and MAX_DAYS at once.
    for (let c = 0; c < 3000; c++) {
      const batch = emptyBatch();
      batch.records = Array.from({ length: 12 }, (_, i): FactRecord => {
        n++;
        return {
          course: `https://lms.example.edu/courses/${c}`,
          user: `learner-${n}`.padEnd(64, "x"),
          item: `item-${i}`,
          score_percent: String(n % 110),
          event_time: day(n),
          profile: "xapi-score",
        };
      }) as never;
      facts.add(batch);
    }
    const courses = [...facts.courses.values()];
    expect(facts.courses.size).toBe(MAX_COURSES);
    expect(courses.reduce((sum, c) => sum + c.byItem.size, 0)).toBe(MAX_ITEMS_IN_ALL);
    expect(facts.days.size).toBe(MAX_DAYS);
    expect(facts.otherCourses + courses.reduce((sum, c) => sum + c.records, 0)).toBe(n);
    for (const course of courses) for (const bins of course.byItem.values()) expect(bins.length).toBe(ITEM_BINS);
    // Each distinct count holds a 2 KiB table of hashes (or 1 KiB of registers), never the ids.
    for (const course of courses) expect(course.learners.heldBytes()).toBeLessThanOrEqual(2048);
    // The caps' worst: MAX_COURSES courses of bins and two counts, MAX_ITEMS_IN_ALL items of bins.
    const bound = MAX_COURSES * (PERCENT_BINS * 4 + 2 * 2048) + MAX_ITEMS_IN_ALL * ITEM_BINS * 4;
    expect(heldBytes(facts)).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(12 * 1024 * 1024);
  });

  // Date.parse refuses a leap second, which gradeev reads (test/html-report-days.test.ts).
  it("date a time in UTC as Date.parse does, however its date or time of day is written", () => {
    const parsed = (time: string) => {
      const ms = Date.parse(time);
      return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : undefined;
    };
    const times = [
      "2024-05-02T03:00:00Z",
      "2024-05-02T23:59:59.999999999Z",
      "2024-05-02T03:00:00.1234567891234Z",
      "2024-02-30T12:00:00Z", // rolled over by Date.parse, to 2024-03-01
      "2023-02-29T00:00:00Z",
      "2024-13-01T00:00:00Z",
      "2024-05-02T24:00:00Z",
      "2024-05-02T03:00:00.Z",
      "2024-05-02t03:00:00z",
      "0000-01-01T00:00:00Z",
      "2024-05-02T03:00:00+02:00",
    ];
    for (const time of times) expect(dayOf(time), time).toBe(parsed(time));
    // Asked twice: the second answer comes from the dates already seen.
    for (const time of times) expect(dayOf(time), time).toBe(parsed(time));
  });
});

describe("gradeev report's threads", () => {
  it("reads with one thread unless --jobs says otherwise, where validate would take every core", async () => {
    const folder = scratchFolder("html-report-threads");
    const file = join(folder, "large.ndjson");
    // NDJSON past the size at which validate and convert start a worker per core (objects, padded).
    const line = '{"x":0' + " ".repeat(1016) + "}\n";
    writeFileSync(file, line.repeat(Math.ceil(PARALLEL_ABOVE_BYTES / line.length) + 1));
    const env = { GRADEEV_DEBUG: "1" };
    if (availableParallelism() > 1)
      expect((await runCli(["validate", file], { env })).stderr).toMatch(/gradeev: debug: \d+ worker threads/);
    const report = await runCli(["report", file, "-o", join(folder, "page.html")], { env });
    expect(report.stderr).toContain("gradeev: debug: 1 thread");
    const two = await runCli(["report", file, "-o", join(folder, "page.html"), "--jobs", "2"], { env });
    expect(two.stderr).toContain("gradeev: debug: 2 worker threads");
  }, 60_000);
});
