/**
 * Memory does not grow with the input. The built command line converts generated inputs of two
 * sizes, 4x apart, in a child process that reports its own peak RSS; the larger may not cost more
 * than a small margin over the smaller. One pretty-printed Caliper envelope (a single JSON document,
 * streamed element by element) and one NDJSON file (with and without worker threads).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, scratchFolder } from "./helpers.js";

const MiB = 1024 * 1024;
const dir = scratchFolder("memory");
const envelope = JSON.parse(
  readFileSync(join(ROOT, "samples/valid/bb-calculated-grade/blackboard-docs-v1p1-envelope.json"), "utf8"),
) as {
  data: Record<string, unknown>[];
} & Record<string, unknown>;
const event = envelope.data[0]!;

/** Writes `count` events with distinct ids, in pieces, so that the test itself stays small. */
function writeEvents(path: string, count: number, shape: "envelope" | "ndjson"): number {
  const fd = openSync(path, "w");
  const { data: _, ...head } = envelope;
  let bytes = 0;
  const put = (text: string) => (bytes += writeSync(fd, text));
  if (shape === "envelope") put(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "data": [\n`);
  let batch = "";
  for (let i = 0; i < count; i++) {
    const one = { ...event, id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}` };
    batch +=
      shape === "envelope"
        ? `${i > 0 ? ",\n" : ""}    ${JSON.stringify(one, null, 2).replaceAll("\n", "\n    ")}`
        : `${JSON.stringify({ ...envelope, data: [one] })}\n`;
    if (batch.length > MiB) {
      put(batch);
      batch = "";
    }
  }
  put(batch + (shape === "envelope" ? "\n  ]\n}\n" : ""));
  closeSync(fd);
  return bytes;
}

/**
 * Runs `gradeev convert FILE -o OUT …` in a child that prints its peak RSS (bytes) at exit. Its
 * old generation is capped at 96 MiB: a reader that held the input (over 120 MB) would fail, not
 * just grow. (Worker threads take no such flag; their runs are judged by RSS alone.)
 */
function peakRss(files: string | string[], extra: string[]): number {
  const inputs = typeof files === "string" ? [files] : files;
  const script = join(dir, "peak-rss.mjs");
  writeFileSync(
    script,
    `const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist/cli/main.js")).href)});
    const code = await main(process.argv.slice(2));
    process.stdout.write(JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS * 1024 }));`,
  );
  const child = spawnSync(
    process.execPath,
    ["--max-old-space-size=96", script, "convert", ...inputs, "-o", `${inputs[0]}.csv`, "-q", ...extra],
    { encoding: "utf8", timeout: 120_000 },
  );
  expect(child.stderr).toMatch(/^\d+ files?, \d+ events: \d+ valid, 0 invalid/);
  const result = JSON.parse(child.stdout) as { code: number; maxRss: number };
  expect(result.code).toBe(0);
  return result.maxRss;
}

describe("memory stays flat as the input grows", () => {
  const cases: [string, "envelope" | "ndjson", string[]][] = [
    ["one pretty-printed envelope, streamed", "envelope", []],
    ["NDJSON on one thread", "ndjson", ["--jobs", "1"]],
    ["NDJSON on two worker threads", "ndjson", ["--jobs", "2", "--part-size", "4MiB"]],
    // Parquet holds one row group (10 000 records) and its encoded bytes at a time, never the file.
    ["NDJSON to Parquet on one thread", "ndjson", ["--jobs", "1", "--to", "parquet"]],
  ];
  it.each(cases)(
    "%s",
    (name, shape, extra) => {
      const small = join(dir, `small-${shape}-${name.length}`);
      const large = join(dir, `large-${shape}-${name.length}`);
      // The smaller is large enough for the heap to reach its working size (about 10 000 events).
      const smallBytes = writeEvents(small, 12_000, shape);
      const largeBytes = writeEvents(large, 48_000, shape);
      expect(largeBytes).toBeGreaterThan(4 * smallBytes - MiB);
      expect(largeBytes).toBeGreaterThan(120 * MiB);
      const smallRss = peakRss(small, extra);
      const largeRss = peakRss(large, extra);
      // Holding the input would add over 100 MiB here; a flat run differs by the heap's slack only.
      expect(largeRss - smallRss).toBeLessThan(32 * MiB);
      expect(largeRss).toBeLessThan(200 * MiB);
    },
    240_000,
  );
});

describe("memory stays bounded when events are large", () => {
  // A batch was 64 events, however large: of 1 MB events, 128 MB of text and values at once, which
  // the child's 96 MiB heap cannot hold. Batches are bounded by the bytes read too (run/task.ts).
  /** 64 lines of one event each whose item id is over 1 MB long. */
  function largeEvents(): string {
    const file = join(dir, "large-events.ndjson");
    const lines = Array.from({ length: 64 }, (_, i) =>
      JSON.stringify({
        ...envelope,
        data: [
          {
            ...event,
            id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            // The item's id, which its record and CSV row hold too.
            object: { ...(event.object as object), id: `https://example.edu/items/${i}/${"n".repeat(MiB)}` },
          },
        ],
      }),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  }

  it("64 events of over 1 MB each, converted on one thread", () => {
    const file = largeEvents();
    // 198 MiB before, 101 after (one-per-batch records and rows of 1 MB).
    expect(peakRss(file, ["--jobs", "1"])).toBeLessThan(150 * MiB);
  }, 120_000);

  // The batches made after dropping repeats took 64 items however large too: 255 MiB, 167 after.
  it("64 events of over 1 MB each, converted with --dedupe", () => {
    const file = largeEvents();
    expect(peakRss(file, ["--jobs", "1", "--dedupe"])).toBeLessThan(200 * MiB);
  }, 120_000);
});

describe("memory stays flat with whole files on worker threads", () => {
  // A gzip file is one task: a worker ahead of the output must wait, not pile its records up.
  it("two gzip files on two worker threads", async () => {
    const sizes = { small: 12_000, large: 48_000 };
    const rss: Record<string, number> = {};
    for (const [size, count] of Object.entries(sizes)) {
      const files = [];
      for (const k of [1, 2]) {
        const plain = join(dir, `gz-${size}-${k}.ndjson`);
        writeEvents(plain, count, "ndjson");
        await pipeline(createReadStream(plain), createGzip({ level: 1 }), createWriteStream(`${plain}.gz`));
        files.push(`${plain}.gz`);
      }
      rss[size] = peakRss(files, ["--jobs", "2"]);
    }
    expect(rss.large! - rss.small!).toBeLessThan(32 * MiB);
  }, 240_000);
});

/**
 * Runs of blank or whitespace lines cost their bytes at most, wherever they are: 4 Mi lines held
 * one an array slot (before the first event, inside a document) took over 32 MB and ended in a V8
 * fatal error under this heap; each run must pass with a 24 MiB old generation.
 */
describe("runs of blank lines do not grow memory, anywhere in a file", () => {
  const LINES = 4 * MiB;
  const cases: [string, (blank: string) => string][] = [
    ["before the first event", (blank) => `${blank}{"a": 1}\n`],
    ["between NDJSON events, whitespace only", () => `{"a": 1}\n${" \t\r\n".repeat(LINES)}{"a": 2}\n`],
    ["inside an object, before its first key", (blank) => `{\n${blank}  "a": 1\n}\n`],
    ["inside an object, after a colon", (blank) => `{\n  "a": ${blank}1\n}\n`],
    ["inside an array", (blank) => `[\n${blank}]\n`],
    ["inside an element of an envelope's data", (blank) => `{\n  "data": [\n    {"a":\n${blank}1}\n  ]\n}\n`],
    ["after a document cut short", (blank) => `{"a": 1\n${blank}{"a": 2}\n`],
  ];
  it.each(cases)(
    "%s",
    (_name, make) => {
      const file = join(dir, `blank-${_name.replaceAll(" ", "-").replace(/[^\w-]/g, "")}.json`);
      writeFileSync(file, make("\n".repeat(LINES)));
      const child = spawnSync(
        process.execPath,
        ["--max-old-space-size=24", join(ROOT, "bin/gradeev.js"), "validate", "-q", file],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(child.stderr).not.toMatch(/FATAL|heap|allocation/i);
      expect(child.signal).toBeNull();
      expect([0, 1]).toContain(child.status);
    },
    120_000,
  );
});

/** Runs gradeev (`validate FILE --format json`, or `args`) with a 24 MiB old generation: holding 48 MB of its input would fail. */
function underSmallHeap(file: string, args: string[] = ["validate", "--format", "json", file]) {
  const child = spawnSync(process.execPath, ["--max-old-space-size=24", join(ROOT, "bin/gradeev.js"), ...args], {
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 64 * MiB,
  });
  expect(child.stderr).not.toMatch(/FATAL|heap|allocation/i);
  expect(child.signal).toBeNull();
  return child;
}

/** 48 MiB of whitespace in 48 Ki lines of 1 KiB each: long runs of blank lines cost few lines, so the test stays quick. */
const BLANK_RUN = `${" ".repeat(1023)}\n`.repeat(48 * 1024);

/**
 * A streamed document's header (its text before its first element) and its elements keep no long
 * run of blank lines: held, 48 MiB of them in a header, or 12 MiB in an element (within
 * --max-event-bytes), ended in a V8 fatal error under this heap.
 */
describe("runs of blank lines in a streamed document's header or element are counted, not held", () => {
  // An object that is no container of events is one event: past --max-event-bytes (its blank lines
  // count, as a line's spaces do) it is EVENT_TOO_LARGE, exit 1, and still never held.
  const cases: [string, string, number, number][] = [
    ["before the first key of an envelope", `{\n${BLANK_RUN}"data": [{"a": 1}]}\n`, 1, 0],
    ["before the first element of an array", `[\n${BLANK_RUN}{"a": 1}]\n`, 1, 0],
    ["in an object that is not streamed (one event, too large)", `{\n${BLANK_RUN}"a": 1}\n`, 1, 1],
    ["before the first key, gzipped", "gzip", 1, 0],
    [
      "inside an element of an envelope's data",
      `{\n  "data": [\n    {"a":\n${`${" ".repeat(1023)}\n`.repeat(12 * 1024)}1}\n  ]\n}\n`,
      1,
      0,
    ],
  ];
  it.each(cases)(
    "%s",
    async (name, content, events, status) => {
      const file = join(dir, `header-${name.replace(/\W+/g, "-")}.json`);
      if (content === "gzip")
        await pipeline(
          Readable.from([`{\n${BLANK_RUN}"data": [{"a": 1}]}\n`]),
          createGzip({ level: 1 }),
          createWriteStream(file),
        );
      else writeFileSync(file, content);
      const child = underSmallHeap(file);
      expect(child.status).toBe(status);
      const report = JSON.parse(child.stdout) as { summary: { events: number }; diagnostics: { code: string }[] };
      expect(report.summary.events).toBe(events);
      if (status === 1) expect(report.diagnostics.map((d) => d.code)).toEqual(["EVENT_TOO_LARGE"]);
    },
    300_000,
  );
});

/**
 * Text that is not JSON (a CSV or HTML file saved as .json) is reported where it stops being JSON and
 * skipped to where a document may start, without being held: 48 MB of it in short lines used to be
 * held to 8 MiB, which ended in a V8 fatal error under this heap.
 */
describe("text that is not JSON is skipped, not held", () => {
  // Short lines: held, a line costs more than its bytes (the old reader held 8 MiB of them, as an array of lines).
  const csv = `user,score,comment\n${`alice,10,${"x".repeat(14)}\n`.repeat(2 * MiB)}`;
  it.each([
    ["a CSV file", csv],
    ["an HTML page", `<!doctype html>\n${"<p>{grades} [1, 2] yy</p>\n".repeat(2 * MiB)}`],
  ])(
    "%s: one JSON_SYNTAX at its start, then the event after it is read",
    (name, text) => {
      const file = join(dir, `not-json-${name.replace(/\W+/g, "-")}.json`);
      writeFileSync(file, `${text}{"a": 1}\n`);
      const child = underSmallHeap(file);
      expect(child.status).toBe(1);
      const report = JSON.parse(child.stdout) as {
        summary: { events: number; unparsable: number };
        diagnostics: { code: string; line: number; column: number }[];
      };
      expect(report.summary).toMatchObject({ events: 2, unparsable: 1 });
      expect(report.diagnostics).toMatchObject([{ code: "JSON_SYNTAX", line: 1, column: 1 }]);
    },
    300_000,
  );

  it("--rejects gets the diagnostic, not the text, when the run is over 1 MiB", () => {
    const file = join(dir, "not-json-rejects.json");
    writeFileSync(file, `${csv}{"a": 1}\n`);
    const rejects = join(dir, "not-json-rejects.ndjson");
    const child = underSmallHeap(file, ["convert", file, "-o", join(dir, "not-json.csv"), "--rejects", rejects]);
    expect(child.status).toBe(1);
    const entries = readFileSync(rejects, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { line: number; text?: string; diagnostics: { message: string }[] });
    expect(entries).toHaveLength(1);
    expect(entries[0]).not.toHaveProperty("text");
    expect(entries[0]!.diagnostics[0]!.message).toMatch(
      /the 2097153 lines \(\d+ characters\) from here to the next line that starts a document were skipped, too many to copy to --rejects/,
    );
  }, 300_000);
});

/**
 * A document never closed, nested one level a line (`{"a":` or `[` on every line), is neither an
 * array of events nor an envelope: it used to be held whole to its end and handed to JSON.parse,
 * about 15 times its size (24 MB: 460 MB). Past --max-event-bytes it is followed, not held: one
 * JSON_SYNTAX where it ends, with a 64 MiB old generation (what a document held whole to the 8 MiB
 * limit may cost before it is streamed, at one line a level), with and without a valid event before
 * it, gzipped or not.
 */
describe("a document nested over many lines and never closed is followed, not held", () => {
  const SIZE = 24 * MiB;
  const nested = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length));
  const cases: [string, string, number][] = [
    ["objects", nested('{"a":\n'), 0],
    ["arrays", nested("[\n"), 0],
    ["objects and arrays", nested('{"a": [\n'), 0],
    ["objects after an event", `{"id": 1}\n${nested('{"a":\n')}`, 1],
    ["objects in an envelope's property", `{"sensor":\n${nested('{"a":\n')}`, 0],
    ["objects, gzipped", "gzip", 0],
  ];
  it.each(cases)(
    "%s",
    async (name, content, before) => {
      const file = join(dir, `unclosed-${name.replace(/\W+/g, "-")}.json`);
      if (content === "gzip")
        await pipeline(Readable.from([nested('{"a":\n')]), createGzip({ level: 1 }), createWriteStream(file));
      else writeFileSync(file, content);
      const child = spawnSync(
        process.execPath,
        [
          "--max-old-space-size=64",
          join(ROOT, "bin/gradeev.js"),
          "validate",
          "--format",
          "json",
          "--max-event-bytes",
          "2MiB",
          file,
        ],
        { encoding: "utf8", timeout: 300_000 },
      );
      expect(child.stderr).not.toMatch(/FATAL|heap|allocation/i);
      expect(child.status).toBe(1);
      const report = JSON.parse(child.stdout) as {
        summary: { events: number; unparsable: number };
        diagnostics: { code: string; line: number; message: string }[];
      };
      expect(report.summary).toMatchObject({ events: before + 1, unparsable: 1 });
      expect(report.diagnostics.filter((d) => d.code !== "UNRECOGNISED")).toMatchObject([
        { code: "JSON_SYNTAX", message: expect.stringMatching(/ends too early/) as unknown },
      ]);
    },
    300_000,
  );

  it("one closed, over 8 MiB and --max-event-bytes, is one EVENT_TOO_LARGE", () => {
    const levels = 1.5 * MiB;
    const file = join(dir, "closed-nested.json");
    // Many short properties, none over the limit on its own.
    writeFileSync(file, `{\n${'"a": 1,\n'.repeat(levels)}"b": 2\n}\n`);
    const child = spawnSync(
      process.execPath,
      [join(ROOT, "bin/gradeev.js"), "validate", "--format", "json", "--max-event-bytes", "2MiB", file],
      { encoding: "utf8", timeout: 300_000 },
    );
    expect(child.status).toBe(1);
    const report = JSON.parse(child.stdout) as {
      summary: { events: number };
      diagnostics: { code: string; line: number; column: number }[];
    };
    expect(report.summary).toMatchObject({ events: 1 });
    expect(report.diagnostics).toMatchObject([{ code: "EVENT_TOO_LARGE", line: 1, column: 1 }]);
  }, 300_000);
});
