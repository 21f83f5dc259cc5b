import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { newTally } from "../src/run/read-items.js";
import { BATCH_BYTES } from "../src/run/batch-bound.js";
import { taskRunner } from "../src/run/task.js";

const dir = mkdtempSync(join(tmpdir(), "gradeev-task-batches-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = JSON.parse(
  readFileSync(
    new URL("../samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json", import.meta.url),
    "utf8",
  ),
) as Record<string, unknown>;

/** The batches of one file read whole on this thread, as `convert` makes them (records kept). */
async function batchesOf(path: string): Promise<{ batches: number; records: number; lines: number }> {
  const runTask = await taskRunner({ check: {}, rejects: "none", records: {} }, new PassThrough());
  const tally = newTally();
  let batches = 0;
  let records = 0;
  let lines = 0;
  for await (const batch of runTask({ kind: "whole", source: { kind: "file", name: path, path } }, tally)) {
    batches++;
    records += batch.records.length;
    lines = batch.lines;
  }
  return { batches, records, lines };
}

describe("a batch is bounded by the text it holds", () => {
  // 8 events of 400 KB: 3.2 MB of text, which gzip packs into a few KB. Counted in file bytes, the
  // bound never met a gzip file's large events: 64 of 1 MB took 231 MB of memory, not 103.
  const lines = Array.from({ length: 8 }, (_, i) =>
    JSON.stringify({
      ...event,
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      extensions: { pad: "n".repeat(400_000) },
    }),
  );
  const text = `${lines.join("\n")}\n`;
  const plain = join(dir, "large.ndjson");
  writeFileSync(plain, text);
  writeFileSync(`${plain}.gz`, gzipSync(text, { level: 1 }));

  it.each([plain, `${plain}.gz`])("in %s, as many bytes as it was read in", async (path) => {
    expect(text.length).toBeGreaterThan(2 * BATCH_BYTES);
    const { batches, records, lines: read } = await batchesOf(path);
    expect(batches).toBeGreaterThanOrEqual(3);
    expect(records).toBe(8);
    expect(read).toBe(8);
  });
});
