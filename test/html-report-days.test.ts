/** The page's days: of every time gradeev reads as valid, the day gradeev's instants give, on any machine. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dayOf } from "../src/html-report/facts.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const folder = scratchFolder("html-report-days");
const STATEMENT = JSON.parse(
  readFileSync(
    join(ROOT, "samples/valid/xapi-score/adlnet-scorm-profile-course-completed-object-is-course.json"),
    "utf8",
  ),
) as Record<string, unknown>;

describe("gradeev report: days", () => {
  it("dates leap seconds, the ISO 8601 forms xAPI 1.0.3 accepts, and any case of t and z", () => {
    const days: [time: string, day: string | undefined][] = [
      ["2016-12-31T23:59:60Z", "2016-12-31"],
      ["2016-12-31T23:59:60.999+00:00", "2016-12-31"],
      ["2024-01-01t10:00:00z", "2024-01-01"],
      ["20240101T100000Z", "2024-01-01"],
      ["20240101T233000-0100", "2024-01-02"],
      ["2024-01-01T10:00:00,5Z", "2024-01-01"],
      ["2024-01-01 10:00:00Z", "2024-01-01"],
      ["2024-01-01T10:00Z", "2024-01-01"],
      ["2024-01-01T10:00:00.12345678901234567890Z", "2024-01-01"],
      ["2024-01-01T23:30:00-12:00", "2024-01-02"],
      ["2024-01-01T00:30:00+14:00", "2023-12-31"],
      ["2024-05-02T24:00:00Z", "2024-05-03"],
      ["0999-05-05T10:00:00Z", "0999-05-05"],
      ["2024-02-30T12:00:00Z", "2024-03-01"],
      ["2024-13-01T00:00:00Z", undefined],
      ["2024-01-01T25:00:00Z", undefined],
      ["2024-01-01T10:60:00Z", undefined],
      ["2024-01-01T10:00:61Z", undefined],
      ["10000-01-01T00:00:00Z", undefined],
      ["yesterday", undefined],
    ];
    for (const [time, day] of days) expect(dayOf(time), time).toBe(day);
  });

  it("dates a time without a zone as UTC, as gradeev reads it elsewhere, whatever the machine's zone", async () => {
    const times = ["2024-01-01T10:00:00", "2016-12-31T23:59:60Z", "20240101T100000Z", "2024-01-01T10:00:00,5Z"];
    const input = join(folder, "times.ndjson");
    writeFileSync(input, times.map((timestamp) => JSON.stringify({ ...STATEMENT, timestamp })).join("\n") + "\n");
    for (const TZ of ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]) {
      const result = await runCli(["report", input, "-o", "-"], { env: { TZ } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, TZ).toContain('aria-label="day (UTC): 2016-12-31; valid events: 1"');
      expect(result.stdout, TZ).toContain('aria-label="day (UTC): 2024-01-01; valid events: 3"');
    }
  });
});
