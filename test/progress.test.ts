/** Progress on a terminal: when it shows, and what it says. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
// Worker threads load the built worker file: a run on several threads must be the built one.
import { main as builtMain } from "../dist/cli/main.js";
import { progressLine } from "../src/cli/progress.js";
import { ROOT, scratchFolder } from "./helpers.js";

describe("progressLine", () => {
  it.each([
    [50e6, 200e6, 10_000, 2, "gradeev: 25% (50 MB of 200 MB), 5,000 events/s, 0:06 left"],
    [1.5e6, undefined, 300, 3, "gradeev: 1.5 MB, 100 events/s"],
    [200e6, 200e6, 40_000, 8, "gradeev: 100% (200 MB of 200 MB), 5,000 events/s"],
  ])("%d of %s bytes, %d events in %d s", (read, total, events, seconds, line) => {
    expect(progressLine(read, total, events, seconds)).toBe(line);
  });
});

/** Runs convert in-process on input that trickles in over about half a second, as a slow export would. */
async function convertWith(stderrIsTTY: boolean, env: Record<string, string>) {
  const text = readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson"), "utf8");
  async function* trickle() {
    for (let i = 0; i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      yield Buffer.from(text.repeat(10));
    }
  }
  const err: string[] = [];
  const sink = (into?: string[]) =>
    new Writable({
      write(c: Buffer, _e, done) {
        into?.push(c.toString());
        done();
      },
    });
  const code = await main(["convert", "-", "-o", join(scratchFolder("progress-out"), "out.csv")], {
    stdin: Object.assign(Readable.from(trickle()), { isTTY: false }),
    stdout: Object.assign(sink(), { isTTY: false }),
    stderr: Object.assign(sink(err), { isTTY: stderrIsTTY }),
    env,
  });
  return { code, stderr: err.join("") };
}

describe("progress", () => {
  it("shows on a terminal once the run has lasted long enough, and is cleared before the summary", async () => {
    const { code, stderr } = await convertWith(true, {
      GRADEEV_PROGRESS_AFTER_MS: "0",
      GRADEEV_PROGRESS_EVERY_MS: "5",
      NO_COLOR: "1",
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\r\x1b\[Kgradeev: [\d.]+ MB, [\d,]+ events\/s/); // standard input: no total, no time left
    // Every progress line is cleared before anything else is written: none runs into other text.
    const progressLines = stderr
      .split("\r\x1b[K")
      .filter((piece) => piece.startsWith("gradeev: ") && piece.includes("events/s"));
    expect(progressLines.length, stderr.slice(0, 2000)).toBeGreaterThan(0);
    for (const piece of progressLines) expect(piece, "a progress line ran into other output").not.toContain("\n");
    expect(stderr).toMatch(/(^|\x1b\[K)1 file, 2000 events: 2000 valid/m); // after a cleared progress line, or a newline
  });

  it("never shows when standard error is not a terminal", async () => {
    const { stderr } = await convertWith(false, { GRADEEV_PROGRESS_AFTER_MS: "0", GRADEEV_PROGRESS_EVERY_MS: "5" });
    expect(stderr).not.toMatch(/\r|events\/s/);
  });
});

describe("progress on worker threads", () => {
  it("counts the bytes every worker reads: the share done grows to at most 100 %, with events counted", async () => {
    const dir = scratchFolder("progress-jobs");
    const input = join(dir, "big.ndjson");
    const text = readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson"), "utf8");
    writeFileSync(input, text.repeat(500)); // about 5 MB, split into some 40 parts
    const err: string[] = [];
    const out: string[] = [];
    const sink = (into?: string[]) =>
      new Writable({
        write(c: Buffer, _e, done) {
          into?.push(c.toString());
          done();
        },
      });
    const code = await builtMain(["validate", input, "--jobs", "2", "--part-size", "128KiB"], {
      stdin: Object.assign(Readable.from([]), { isTTY: false }),
      stdout: Object.assign(sink(out), { isTTY: false }),
      stderr: Object.assign(sink(err), { isTTY: true }),
      env: { GRADEEV_PROGRESS_AFTER_MS: "0", GRADEEV_PROGRESS_EVERY_MS: "2", NO_COLOR: "1", GRADEEV_DEBUG: "1" },
    });
    const stderr = err.join("");
    expect(code).toBe(0);
    expect(stderr).toContain("2 worker threads");
    const shown = [...stderr.matchAll(/gradeev: (\d+)% \(([\d.]+) MB of ([\d.]+) MB\), ([\d,]+) events\/s/g)];
    expect(shown.length, stderr.slice(0, 2000)).toBeGreaterThan(1);
    const percents = shown.map((m) => Number(m[1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b)); // never goes back
    expect(Math.max(...percents)).toBeGreaterThan(0);
    expect(Math.max(...percents)).toBeLessThanOrEqual(100);
    for (const m of shown) expect(Number(m[3])).toBeCloseTo((Buffer.byteLength(text) * 500) / 1e6, 0); // the total is the file's size
    expect(shown.some((m) => Number(m[4]!.replaceAll(",", "")) > 0)).toBe(true);
    expect(out.join("")).toContain(
      `1 file, ${text.trim().split("\n").length * 500} events: ${text.trim().split("\n").length * 500} valid`,
    );
  });
});
