/** Progress on a terminal: when it shows, and what it says. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { progressLine } from "../src/cli/progress.js";
import { ROOT } from "./helpers.js";

describe("progressLine", () => {
  it.each([
    [50e6, 200e6, 10_000, 2, "gradeev: 25% (50 MB of 200 MB), 5,000 events/s, 0:06 left"],
    [1.5e6, undefined, 300, 3, "gradeev: 1.5 MB, 100 events/s"],
    [200e6, 200e6, 40_000, 8, "gradeev: 100% (200 MB of 200 MB), 5,000 events/s"],
  ])("%d of %s bytes, %d events in %d s", (read, total, events, seconds, line) => {
    expect(progressLine(read, total, events, seconds)).toBe(line);
  });
});

async function convertWith(stderrIsTTY: boolean, env: Record<string, string>) {
  const file = join(mkdtempSync(join(tmpdir(), "gradeev-progress-")), "many.ndjson");
  writeFileSync(file, readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson"), "utf8").repeat(1500));
  const err: string[] = [];
  const sink = (into?: string[]) => new Writable({ write(c: Buffer, _e, done) { into?.push(c.toString()); done(); } });
  const code = await main(["convert", file, "-o", join(tmpdir(), `gradeev-progress-${process.pid}.csv`)], {
    stdin: Object.assign(Readable.from([]), { isTTY: true }),
    stdout: Object.assign(sink(), { isTTY: false }),
    stderr: Object.assign(sink(err), { isTTY: stderrIsTTY }),
    env,
  });
  return { code, stderr: err.join("") };
}

describe("progress", () => {
  it("shows on a terminal once the run has lasted long enough, and is cleared before the summary", async () => {
    const { code, stderr } = await convertWith(true, { GRADEEV_PROGRESS_AFTER_MS: "0", NO_COLOR: "1" });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\r\x1b\[Kgradeev: \d+% \([\d.]+ MB of [\d.]+ MB\), [\d,]+ events\/s/);
    // Every progress line is cleared before anything else is written: none runs into other text.
    const progressLines = stderr.split("\r\x1b[K").filter((piece) => piece.startsWith("gradeev: ") && piece.includes("events/s"));
    expect(progressLines.length).toBeGreaterThan(0);
    for (const piece of progressLines) expect(piece).not.toContain("\n");
    expect(stderr).toMatch(/^1 file, 6000 events: 6000 valid/m);
  });

  it("never shows when standard error is not a terminal", async () => {
    const { stderr } = await convertWith(false, { GRADEEV_PROGRESS_AFTER_MS: "0" });
    expect(stderr).not.toMatch(/\r|events\/s/);
  });
});
