import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: the bench is plain JavaScript, without types
import { eachLine } from "../bench/children/lines.js";
import { seededRandom } from "./seeded.js";

const dir = mkdtempSync(join(tmpdir(), "gradeev-bench-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function linesOf(path: string, part?: { k: number; n: number }): Promise<string[]> {
  const lines: string[] = [];
  await eachLine(path, (line: string) => lines.push(line), part);
  return lines;
}

// The bench's "file split" rows are the ceiling for --jobs only if their parts read each line once.
describe("bench lines: a file split into parts", () => {
  const random = seededRandom(15);
  const cases = Array.from({ length: 12 }, (_, c) => {
    // Lines from 1 byte to 200 KB (longer than a read window), a trailing line feed or none.
    const lines = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) =>
      `${c}-${i}-`.padEnd(1 + Math.floor(random() < 0.1 ? random() * 200_000 : random() * 300), "x"),
    );
    return { c, lines, trailing: c % 2 === 0 };
  });
  it.each(cases)("case $c: the parts, in order, are the file's lines, each once", async ({ c, lines, trailing }) => {
    const path = join(dir, `f${c}.ndjson`);
    writeFileSync(path, lines.join("\n") + (trailing ? "\n" : ""));
    expect(await linesOf(path)).toEqual(lines);
    for (const n of [1, 2, 3, 5, 64]) {
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(...(await linesOf(path, { k, n })));
      expect(parts).toEqual(lines);
    }
  });
});
