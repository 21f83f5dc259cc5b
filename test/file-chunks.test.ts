import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { READ_AHEAD } from "../src/read/bytes.js";
import { fdReader, fileChunks } from "../src/read/file-chunks.js";
import { gunzip } from "../src/read/gunzip.js";
import { splitLines, type Line } from "../src/read/lines.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

describe("a file read through two buffers in turn", () => {
  it("gives every byte from start to end once, in order, whatever the chunk size", async () => {
    const folder = scratchFolder("chunks");
    const file = join(folder, "bytes.bin");
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 251));
    writeFileSync(file, bytes);
    const fd = openSync(file, "r");
    try {
      for (const [size, start, end] of [
        [7, 0, 1000],
        [7, 3, 998],
        [1000, 0, 1000],
        [4096, 10, 20],
        [7, 500, 500],
        [64, 0, 5000],
      ] as const) {
        const got: Buffer[] = [];
        // Copied as they come: each chunk is good only until the next is asked for.
        for await (const chunk of fileChunks(fdReader(fd), size, { start, end })) got.push(Buffer.from(chunk));
        expect(Buffer.concat(got)).toEqual(bytes.subarray(start, Math.min(end, bytes.length)));
      }
      // Without a part: from where the file stands, one read after the other (a pipe has no positions).
      const got: Buffer[] = [];
      for await (const chunk of fileChunks(fdReader(fd), 64)) got.push(Buffer.from(chunk));
      expect(Buffer.concat(got)).toEqual(bytes);
    } finally {
      closeSync(fd);
    }
  });
});

/**
 * Chunks of `bytes` that keep file-chunks.ts's promise to the letter and no more: every chunk is
 * the same memory, overwritten with garbage the moment the next is asked for, so that a reader
 * that keeps a chunk's bytes past that reads garbage every time, not only when a read lands early.
 */
async function* poisonedChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  const shared = Buffer.alloc(size);
  for (let at = 0; at < bytes.length; at += size) {
    shared.fill(0xee);
    const count = bytes.copy(shared, 0, at, at + size);
    yield shared.subarray(0, count);
  }
  shared.fill(0xee);
}

async function linesOf(chunks: AsyncIterable<Buffer>): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const some of splitLines(chunks)) lines.push(...some);
  return lines;
}

describe("what reads a file's chunks keeps nothing of one once the next is asked for", () => {
  // Lines longer than a chunk, a character of several bytes and a line that is not UTF-8 across chunks.
  const text = Buffer.concat([
    Buffer.from(`{"a":"${"x".repeat(40)}é"}\n{"b":1}\r\n`),
    Buffer.from('{"c":"\xff\xfe'.padEnd(30, "z"), "latin1"),
    Buffer.from('"}\n'),
    // Short lines not UTF-8, some of them wholly inside one chunk.
    ...Array.from({ length: 8 }, (_, i) => Buffer.from(`{"e":"${"y".repeat(i)}\xff"}\n`, "latin1")),
    Buffer.from('{"d":2}'),
  ]);

  it("splitting lines", async () => {
    const expected = await linesOf(
      (async function* () {
        yield text;
      })(),
    );
    expect(expected.map((line) => (typeof line === "string" ? line : line.kind))).toEqual([
      `{"a":"${"x".repeat(40)}é"}`,
      '{"b":1}',
      ...Array(9).fill("encoding"),
      '{"d":2}',
    ]);
    for (const size of [1, 3, 7, 16, 64]) expect(await linesOf(poisonedChunks(text, size))).toEqual(expected);
  });

  it("gunzipping", async () => {
    const compressed = gzipSync(Buffer.concat([text, text]));
    for (const size of [1, 5, 64]) {
      const out: Buffer[] = [];
      for await (const chunk of gunzip(poisonedChunks(compressed, size))) out.push(Buffer.from(chunk));
      expect(Buffer.concat(out)).toEqual(Buffer.concat([text, text]));
    }
  });
});

/**
 * A file of several reads' worth, whose lines straddle the reads at every kind of place: in an
 * event, in a character of several bytes, in a line that is not UTF-8, in a pretty-printed
 * document, between CR and LF. Read from its path (two buffers in turn), in parts (--jobs 2), gzipped
 * and through standard input (a new buffer each time), it must give the same records, diagnostics and rejects.
 */
describe("lines across reads of a file", () => {
  const folder = scratchFolder("straddle");
  const event = readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split(
    "\n",
  )[0]!;
  const lines: Buffer[] = [];
  let size = 0;
  for (let i = 0; size < 4 * READ_AHEAD + 1000; i++) {
    // Each event made distinct, and of a length that moves where the next read falls.
    let text = event
      .replace("learner-1", `learner-${i}-${"é".repeat(i % 13)}`)
      .replace(/"id":"6f0d3c2a-[^"]*"/, `"id":"6f0d3c2a-1b4e-4c5d-8e9f-${String(i).padStart(12, "0")}"`);
    if (i % 9 === 4) text = text.replace("learner-", "learner-\xff"); // a byte that is no UTF-8 (latin1 below)
    const line =
      i % 11 === 6
        ? Buffer.from(JSON.stringify(JSON.parse(text.replace("\xff", "")), null, 2))
        : Buffer.from(text, i % 9 === 4 ? "latin1" : "utf8");
    lines.push(line, Buffer.from(i % 5 === 0 ? "\r\n" : "\n"));
    size += line.length + 2;
  }
  const whole = Buffer.concat(lines);
  const plain = join(folder, "plain", "events.ndjson");
  const gzipped = join(folder, "gzipped", "events.ndjson");
  mkdirSync(join(folder, "plain"));
  mkdirSync(join(folder, "gzipped"));
  writeFileSync(plain, whole);
  writeFileSync(gzipped, gzipSync(whole));

  const convert = async (input: string, extra: string[], stdin?: Buffer) => {
    const rejects = join(folder, `rejects-${Math.random().toString(36).slice(2)}.ndjson`);
    const run = await runCli(
      ["convert", input, "--to", "csv", "--format", "json", "--rejects", rejects, ...extra],
      stdin === undefined ? {} : { input: stdin },
    );
    return { code: run.code, records: run.stdout, report: run.stderr, rejects: readFileSync(rejects, "utf8") };
  };

  it(
    "the same records, diagnostics and rejects read from the path, in parts, gzipped and from standard input",
    { timeout: 60_000 },
    async () => {
      // The file's name as each run reports it, made one.
      const named = (text: string) => text.replaceAll(plain, "F").replaceAll(gzipped, "F").replaceAll("<stdin>", "F");
      const fromPath = await convert(plain, ["--jobs", "1"]);
      expect(fromPath.code).toBe(1);
      expect(fromPath.records.split("\n").length).toBeGreaterThan(300);
      expect(fromPath.rejects).toContain("bytes_base64");
      // A gzip file's bytes read are its compressed ones (the summary counts bytes as stored).
      const storedBytes = (report: string) => report.replace(/"bytes": \d+/, '"bytes": N');
      for (const other of [
        await convert(plain, ["--jobs", "2", "--part-size", "100KiB"]),
        await convert(gzipped, ["--jobs", "1"]),
        await convert("-", ["--jobs", "1"], whole),
      ]) {
        expect(other.code).toBe(1);
        expect(other.records).toBe(fromPath.records);
        expect(named(other.rejects)).toBe(named(fromPath.rejects));
        expect(storedBytes(named(other.report))).toBe(storedBytes(named(fromPath.report)));
      }
    },
  );
});
