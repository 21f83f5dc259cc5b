/**
 * --jobs: worker threads give exactly what one thread gives. A multi-megabyte NDJSON file made of
 * every text sample (valid, invalid, unrecognised) and of broken lines at known places is split into
 * many small parts (--part-size), and every output stream is compared byte for byte with --jobs 1.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { lineAlignedRanges, openParts } from "../src/read/ranges.js";
import { defaultJobs, jobsCap, MAX_JOBS, PARALLEL_ABOVE_BYTES } from "../src/parallel/jobs.js";
import { MAX_SPLIT_FILES, planTasks } from "../src/parallel/run.js";
import { runInWorkers } from "../src/parallel/pool.js";
import { BIN, ROOT, runCli, sampleFiles, scratchFolder, type CliResult } from "./helpers.js";

const dir = scratchFolder("jobs");
const big = join(dir, "mixed.ndjson");
/** Where the broken lines were put (1-based line numbers), by the code they must be reported with. */
const expectedLines: Record<string, number[]> = { JSON_SYNTAX: [], ENCODING: [], EVENT_TOO_LARGE: [] };
const MAX_EVENT = 64 * 1024;

/**
 * Every text sample as NDJSON lines: a document becomes one compact line, NDJSON stays as it is.
 * Unparsable samples are left out: the broken lines this test adds are the only ones, at known places.
 */
function sampleLines(): string[] {
  const lines: string[] = [];
  for (const sample of sampleFiles()) {
    if (sample.endsWith(".gz")) continue;
    const text = readFileSync(join(ROOT, sample), "utf8").replace(/^\ufeff/, "");
    try {
      lines.push(JSON.stringify(JSON.parse(text)));
    } catch {
      lines.push(...text.split(/\r?\n/).filter((line) => line.trim() !== "" && parses(line)));
    }
  }
  return lines;
}

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  const pool = sampleLines();
  const parts: Buffer[] = [];
  let line = 0;
  let bytes = 0;
  const add = (content: Buffer | string, code?: string) => {
    const buffer = typeof content === "string" ? Buffer.from(content) : content;
    parts.push(buffer);
    bytes += buffer.length;
    line++;
    if (code) expectedLines[code]!.push(line);
  };
  for (let i = 0; bytes < 6 * 1024 * 1024; i++) {
    add(`${pool[i % pool.length]}${i % 7 === 0 ? "\r" : ""}\n`); // some CRLF lines
    if (i % 97 === 0) add("\n"); // blank lines take a line number, not an event index
    if (i % 389 === 0) add(`{"id": "broken", "actor": ${i}\n`, "JSON_SYNTAX");
    if (i % 601 === 0)
      add(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]), "ENCODING");
    if (i % 997 === 0) add(`{"pad":"${"x".repeat(MAX_EVENT)}"}\n`, "EVENT_TOO_LARGE");
  }
  parts.push(Buffer.from(pool[0]!)); // the last line has no newline
  line++;
  writeFileSync(big, Buffer.concat(parts));
}, 60_000);

/**
 * Runs a command with --jobs 1 and with several threads, each in its own folder so that output
 * files can have the same relative names; GRADEEV_DEBUG says how it ran.
 */
async function bothWays(args: string[], extraEnv: Record<string, string> = {}) {
  const env = { GRADEEV_DEBUG: "1", ...extraEnv };
  mkdirSync(ONE, { recursive: true });
  mkdirSync(MANY, { recursive: true });
  const one = await runCli([...args, "--jobs", "1"], { env, cwd: ONE });
  const many = await runCli([...args, "--jobs", "3", "--part-size", "64KiB"], { env, cwd: MANY });
  return { one, many };
}

const ONE = join(dir, "one");
const MANY = join(dir, "many-threads");

/** The stderr of a run without the debug line, which says how many threads ran. */
function withoutDebug(result: CliResult): string {
  return result.stderr.replace(/^gradeev: debug: .*\n/m, "");
}

function expectSameRun({ one, many }: { one: CliResult; many: CliResult }) {
  expect(one.stderr).toMatch(/^gradeev: debug: 1 thread$/m);
  expect(many.stderr).toMatch(/^gradeev: debug: 3 worker threads$/m);
  expect(many.code).toBe(one.code);
  expect(many.stdout).toBe(one.stdout);
  expect(withoutDebug(many)).toBe(withoutDebug(one));
}

describe("--jobs gives what one thread gives", () => {
  it("validate --format json: the same diagnostics, lines, indexes and summary; broken lines where they were put", async () => {
    const runs = await bothWays(["validate", big, "--format", "json", "--max-event-bytes", `${MAX_EVENT}`]);
    expectSameRun(runs);
    const report = JSON.parse(runs.many.stdout) as {
      diagnostics: { code: string; line: number; index?: number }[];
      summary: { events: number };
    };
    for (const [code, lines] of Object.entries(expectedLines)) {
      expect(lines.length).toBeGreaterThan(2);
      expect(report.diagnostics.filter((d) => d.code === code).map((d) => d.line)).toEqual(lines);
    }
    // Indexes count every event in the file, across parts: strictly increasing, ending at the count.
    const indexes = [...new Set(report.diagnostics.flatMap((d) => (d.index === undefined ? [] : [d.index])))];
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(indexes.at(-1)).toBeLessThan(report.summary.events);
    expect(report.summary.events).toBeGreaterThan(3000);
  }, 120_000);

  it.each(["csv", "json", "ndjson"])(
    "convert --to %s with rejects: the same records, rejects and summary",
    async (format) => {
      const files = ["-o", `records.${format}`, "--rejects", "rejects.ndjson", "--rejects-unrecognised"];
      expectSameRun(await bothWays(["convert", big, "--to", format, "--max-event-bytes", `${MAX_EVENT}`, ...files]));
      const records = readFileSync(join(MANY, `records.${format}`), "utf8");
      expect(records).toBe(readFileSync(join(ONE, `records.${format}`), "utf8"));
      expect(records.length).toBeGreaterThan(500_000);
      const rejects = readFileSync(join(MANY, "rejects.ndjson"), "utf8");
      expect(rejects).toBe(readFileSync(join(ONE, "rejects.ndjson"), "utf8"));
      const rejectLines = rejects
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as { reason: string; line: number });
      expect(rejectLines.filter((r) => r.reason === "unparsable").map((r) => r.line)).toEqual(
        [...expectedLines.JSON_SYNTAX!, ...expectedLines.ENCODING!, ...expectedLines.EVENT_TOO_LARGE!].sort(
          (a, b) => a - b,
        ),
      );
    },
    120_000,
  );

  it("convert to standard output with options the workers must honour (columns, CRLF, BOM, pseudonyms)", async () => {
    const args = [
      "convert",
      big,
      "--columns",
      "user,course,score,actor",
      "--crlf",
      "--bom",
      "--delimiter",
      ";",
      "--pseudonymize",
      "--max-event-bytes",
      `${MAX_EVENT}`,
    ];
    const { one, many } = await bothWays(args, { GRADEEV_PSEUDONYM_KEY: "test-key-of-sixteen-bytes" });
    expectSameRun({ one, many });
    expect(many.stdout.startsWith("\ufeffuser;course;score;actor\r\n")).toBe(true);
  }, 120_000);

  it("several files of every kind (gzip, pretty documents, NDJSON, empty) go to workers whole, in order", async () => {
    const folder = join(dir, "many");
    mkdirSync(folder);
    const samples = sampleFiles(join(ROOT, "samples")).filter((s) => !s.includes("/entities/"));
    samples.forEach((sample, i) =>
      copyFileSync(join(ROOT, sample), join(folder, `${String(i).padStart(3, "0")}-${sample.split("/").at(-1)}`)),
    );
    writeFileSync(join(folder, "zzz-empty.ndjson"), "");
    writeFileSync(join(folder, "zzz-big.ndjson.gz"), gzipSync(readFileSync(big).subarray(0, 500_000)));
    expectSameRun(await bothWays(["validate", folder, "--format", "json"]));
    expectSameRun(await bothWays(["convert", folder, "--to", "ndjson"]));
  }, 120_000);

  it("--dedupe and --latest need every record in one place: they run on one thread", async () => {
    const many = await runCli(["convert", big, "--latest", "--jobs", "3", "--part-size", "64KiB", "-q"], {
      env: { GRADEEV_DEBUG: "1" },
    });
    expect(many.stderr).toMatch(/^gradeev: debug: 1 thread$/m);
  }, 120_000);

  it("--group-by groups what workers checked: the same document as one thread's", async () => {
    const many = await runCli(
      ["convert", big, "--to", "json", "--group-by", "course", "--jobs", "2", "--part-size", "64KiB", "-q"],
      { env: { GRADEEV_DEBUG: "1" } },
    );
    expect(many.stderr).toMatch(/^gradeev: debug: 2 worker threads$/m);
    const one = await runCli(["convert", big, "--to", "json", "--group-by", "course", "--jobs", "1", "-q"]);
    expect(many.code).toBe(one.code);
    expect(many.stdout).toBe(one.stdout);
    expect(Object.keys(JSON.parse(one.stdout) as object).length).toBeGreaterThan(0);
  }, 120_000);

  it("standard input is read on one thread", async () => {
    const many = await runCli(["validate", "--jobs", "3", "-q"], {
      input: readFileSync(big).subarray(0, 300_000),
      env: { GRADEEV_DEBUG: "1" },
    });
    expect(many.stderr).toMatch(/^gradeev: debug: 1 thread$/m);
  }, 60_000);

  it("runs when Node itself was started with flags a worker may not take (--max-old-space-size, --input-type)", () => {
    const args = ["validate", big, "-q", "--jobs", "2", "--part-size", "1MiB"];
    const main = pathToFileURL(join(ROOT, "dist/cli/main.js")).href;
    const runs = [
      ["--max-old-space-size=400", BIN, ...args],
      [
        "--input-type=module",
        "-e",
        `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`,
      ],
    ];
    for (const run of runs) {
      const child = spawnSync(process.execPath, run, { encoding: "utf8", env: { ...process.env, GRADEEV_DEBUG: "1" } });
      expect(child.stderr).toMatch(/^gradeev: debug: 2 worker threads$/m);
      expect(child.stderr).not.toMatch(/internal error/);
      expect(child.status).toBe(1);
    }
  }, 60_000);

  it("a named pipe among the inputs is opened once, by its reader (planning the parts left its writer with no reader)", () => {
    const fifo = join(dir, "pipe.ndjson");
    spawnSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `cat "${big}" > "${fifo}"`], { stdio: "ignore" });
    const small = join(dir, "small.ndjson");
    writeFileSync(
      small,
      readFileSync(big)
        .subarray(0, 100_000)
        .toString()
        .replace(/[^\n]*$/, ""),
    );
    const child = spawnSync(process.execPath, [BIN, "validate", fifo, small, "-q", "--jobs", "2"], {
      encoding: "utf8",
      timeout: 60_000,
      killSignal: "SIGKILL",
    });
    writer.kill();
    expect(child.signal).toBeNull();
    expect(child.status).toBe(1);
    expect(child.stdout).toMatch(/^2 files, \d+ events/m);
  }, 90_000);

  it("when the reader of the output goes away, the exit code still says what was read (summary counts come with every batch)", async () => {
    const errors = join(dir, "errors.ndjson");
    writeFileSync(errors, `[1]\n${'{"broken":\n'.repeat(200_000)}`);
    for (let run = 0; run < 3; run++) {
      const result = await runCli(["validate", errors, "--jobs", "2", "--part-size", "512KiB"], {
        closeStdoutEarly: true,
      });
      expect(result.stdout).toMatch(/JSON_SYNTAX/);
      expect(result.code).toBe(1);
    }
  }, 60_000);

  it("a file replaced after its parts were planned: every part is read from the file that was planned", async () => {
    type Batch = { counts: { events: number } };
    const { planTasks, batchesInWorkers } = (await import(pathToFileURL(join(ROOT, "dist/parallel/run.js")).href)) as {
      planTasks(sources: { kind: "file"; name: string; path: string }[], partBytes: number): Promise<unknown>;
      batchesInWorkers(plan: unknown, setup: object, jobs: number): AsyncIterable<Batch>;
    };
    const file = join(dir, "rotated.ndjson");
    const line = sampleLines().find((l) => l.includes("GradeEvent"))!;
    writeFileSync(file, `${line}\n`.repeat(2000));
    const plan = await planTasks([{ kind: "file", name: file, path: file }], 64 * 1024);
    renameSync(file, `${file}.1`); // log rotation: the old file moves away, a new one takes its name
    writeFileSync(file, "{}\n".repeat(100_000));
    let events = 0;
    for await (const batch of batchesInWorkers(plan, { check: {}, rejects: "none" }, 2)) events += batch.counts.events;
    expect(events).toBe(2000);
  }, 60_000);

  it("the library: rows given back after writeFormatted are not lost when the stream keeps its chunks (a slowly read PassThrough)", async () => {
    type Batch = { rows?: string | Uint8Array; rowCount: number; release?(): void };
    const api = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as {
      startRun(paths: string[], options: object): Promise<{ batches: AsyncIterable<Batch>; jobs: number }>;
      createRecordWriter(
        format: string,
        out: NodeJS.WritableStream,
      ): { writeFormatted(text: string | Uint8Array, count: number): Promise<void>; end(): Promise<void> };
    };
    const convertTo = async (release: boolean) => {
      const run = await api.startRun([big], {
        jobs: 2,
        partBytes: 64 * 1024,
        stages: { output: { format: "csv", writer: {} }, rejects: "none" },
      });
      expect(run.jobs).toBe(2);
      const sink = new PassThrough({ highWaterMark: 16 }); // its buffer holds the very chunks written to it
      const writer = api.createRecordWriter("csv", sink);
      const read = (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of sink) {
          chunks.push(chunk as Buffer);
          await new Promise((resolve) => setTimeout(resolve, 1)); // a slow reader: chunks wait in the buffer
        }
        return Buffer.concat(chunks).toString();
      })();
      for await (const batch of run.batches) {
        if (batch.rows === undefined) continue;
        expect(batch.rows).toBeInstanceOf(Uint8Array); // from a worker: bytes whose memory goes back to it
        await writer.writeFormatted(batch.rows, batch.rowCount);
        if (release) batch.release!();
      }
      await writer.end();
      sink.end();
      return read;
    };
    const kept = await convertTo(false);
    expect(kept.split("\n").length).toBeGreaterThan(1000);
    expect(await convertTo(true)).toBe(kept);
  }, 60_000);

  it("--part-size takes a size, and a bad size is a usage error", async () => {
    for (const bad of ["1XB", "0", "-5", "lots"]) {
      const result = await runCli(["validate", big, "--jobs", "2", "--part-size", bad]);
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toMatch(/option '--part-size <size>' argument '-?\w+' is invalid/);
    }
  });

  it("--jobs takes a whole number from 1 to 64", async () => {
    for (const bad of ["0", "-2", "two", "1.5", "65", "100000"]) {
      const result = await runCli(["validate", big, "--jobs", bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--jobs/);
      expect(result.stderr).toMatch(/from 1 to 64/);
    }
  });

  it("--jobs runs at most twice as many workers as cores (4 at least): each costs about 20 MB and more cannot go faster", async () => {
    const cap = Math.min(64, Math.max(4, 2 * availableParallelism()));
    expect(MAX_JOBS).toBe(64);
    expect(jobsCap()).toBe(cap);
    const result = await runCli(["validate", big, "-q", "--jobs", "64", "--part-size", "64KiB"], {
      env: { GRADEEV_DEBUG: "1" },
    });
    expect(result.stderr).toMatch(new RegExp(`^gradeev: debug: ${cap} worker threads$`, "m"));
    const api = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as {
      startRun(paths: string[], options: object): Promise<{ batches: AsyncIterable<unknown>; jobs: number }>;
    };
    const run = await api.startRun([big], { jobs: 1000, partBytes: 64 * 1024 });
    expect(run.jobs).toBe(cap);
    for await (const _ of run.batches);
  }, 120_000);
});

/** The parts openParts plans, with the file it opened closed again. */
async function rangesOf(file: string, partBytes: number) {
  const split = await openParts(file, partBytes);
  await split?.handle.close();
  return split?.ranges;
}

describe("line-aligned parts", () => {
  it("cover the file exactly, each starting after a line feed, however long the lines", async () => {
    const file = join(dir, "ranges.ndjson");
    const long = `{"x":"${"y".repeat(200_000)}"}`; // longer than the 64 KiB search window
    writeFileSync(file, ['{"a":1}', long, '{"b":2}\r', long, "", '{"c":3}'].join("\n").repeat(20));
    const text = readFileSync(file);
    for (const partBytes of [1, 1000, 70_000, 300_000]) {
      const ranges = (await rangesOf(file, partBytes))!;
      expect(ranges[0]!.start).toBe(0);
      expect(ranges.at(-1)!.end).toBe(text.length);
      for (const [i, range] of ranges.entries()) {
        expect(range.end).toBeGreaterThan(range.start);
        if (i > 0) {
          expect(range.start).toBe(ranges[i - 1]!.end);
          expect(text[range.start - 1]).toBe(0x0a);
        }
      }
    }
  });

  // Memory allocated afresh for each split point is garbage until the main thread's quiet heap is
  // collected: a MiB per part, 20-30 MiB at the start of a 1 GiB run, its peak RSS on two workers.
  it("are planned through the same few buffers, reading little past each split point, however many parts", async () => {
    const file = join(dir, "many-parts.ndjson");
    writeFileSync(file, `{"a":"${"x".repeat(90)}"}\n`.repeat(20_000)); // 2 MB of 100-byte lines
    const handle = await open(file, "r");
    const buffers = new Set<ArrayBufferLike>();
    let bytesRead = 0;
    const counted = {
      stat: () => handle.stat(),
      read: (buffer: Buffer, offset: number, length: number, position: number) => {
        buffers.add(buffer.buffer);
        bytesRead += length;
        return handle.read(buffer, offset, length, position);
      },
    } as unknown as FileHandle;
    try {
      const ranges = (await lineAlignedRanges(counted, 8 * 1024))!;
      expect(ranges.length).toBeGreaterThan(200);
      expect(ranges).toEqual(await rangesOf(file, 8 * 1024)); // the same parts as through the file itself
      expect(buffers.size).toBeLessThanOrEqual(3);
      // The head (1 MiB at most), then a window of 64 KiB to find each part's line start and one to look past it.
      expect(bytesRead).toBeLessThanOrEqual(1024 * 1024 + ranges.length * 2 * 64 * 1024);
    } finally {
      await handle.close();
    }
  });

  it("are not made for documents, gzip, UTF-16 or small files", async () => {
    const doc = join(dir, "doc.json");
    writeFileSync(doc, JSON.stringify({ data: Array.from({ length: 5000 }, (_, i) => ({ i })) }, null, 2));
    const gz = join(dir, "lines.ndjson.gz");
    writeFileSync(gz, gzipSync('{"a":1}\n'.repeat(50_000)));
    const utf16 = join(dir, "utf16.ndjson");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}\n'.repeat(5000), "utf16le")]));
    for (const file of [doc, gz, utf16]) expect(await rangesOf(file, 1000)).toBeUndefined();
    expect(await rangesOf(big, 1024 ** 3)).toBeUndefined();
  });

  it(`split at most ${MAX_SPLIT_FILES} files (each stays open until the run ends); the files after them go whole, with the same output`, async () => {
    const folder = join(dir, "split-cap");
    mkdirSync(folder);
    const lines = sampleLines().slice(0, 40).join("\n") + "\n";
    const sources = Array.from({ length: MAX_SPLIT_FILES + 6 }, (_, i) => {
      const name = join(folder, `${String(i).padStart(3, "0")}.ndjson`);
      writeFileSync(name, lines);
      return { kind: "file" as const, name, path: name };
    });
    const plan = await planTasks(sources, 8 * 1024);
    try {
      const partsOf = (file: string) => plan.tasks.filter((task) => task.file === file);
      for (const [i, source] of sources.entries()) {
        const parts = partsOf(source.name);
        if (i < MAX_SPLIT_FILES) expect(parts.length, source.name).toBeGreaterThan(1);
        else expect(parts.map((task) => task.range)).toEqual([undefined]);
      }
    } finally {
      await plan.close();
    }
    const one = await runCli(["convert", folder, "--to", "ndjson", "--jobs", "1"], { env: { GRADEEV_DEBUG: "1" } });
    const many = await runCli(["convert", folder, "--to", "ndjson", "--jobs", "3", "--part-size", "8KiB"], {
      env: { GRADEEV_DEBUG: "1" },
    });
    expectSameRun({ one, many });
    expect(many.stdout.trim().split("\n").length).toBeGreaterThan(sources.length * 2); // records from every file
  }, 120_000);

  it("--jobs defaults to every core only for inputs large enough to pay for the workers", () => {
    expect(defaultJobs(undefined)).toBe(1);
    expect(defaultJobs(PARALLEL_ABOVE_BYTES - 1)).toBe(1);
    expect(defaultJobs(PARALLEL_ABOVE_BYTES)).toBeGreaterThanOrEqual(1);
  });
});

/**
 * One xAPI statement whose result extension holds `items` small objects, one a line: a document of
 * about 27 bytes an item that takes some 5 times that in memory once parsed, so that 300 000 items
 * (8 MB) exhaust a 16 MiB worker (--worker-memory) while one thread, or a worker of 64 MiB, reads it.
 */
function hugeStatement(items: number): string {
  const values = Array.from({ length: items }, (_, i) => `{"k":${i},"v":"x${i}"}`).join(",\n");
  return `{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://example.org/a"},"result":{"score":{"raw":1,"min":0,"max":2},"extensions":{"http://example.org/x":[\n${values}\n]}}}`;
}

/** Temporary or kept-back output files left in a folder (named .NAME.HEX.tmp / .old). */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => /\.(tmp|old)$/.test(name));
}

describe("a worker that stops in the middle of a task (out of memory, an uncaught exception, process.exit)", () => {
  const folder = join(dir, "worker-fails");
  const before = join(folder, "a.ndjson");
  const huge = join(folder, "huge.json");
  const after = join(folder, "c.ndjson");

  beforeAll(() => {
    mkdirSync(folder);
    const lines = sampleLines();
    writeFileSync(before, `${lines.slice(0, 60).join("\n")}\n`);
    writeFileSync(huge, `[${hugeStatement(300_000)}]\n`);
    writeFileSync(after, `${lines.slice(60, 120).join("\n")}\n`);
  });

  it.each([
    ["throws", /a bug in the worker/],
    ["exits", /exit code 7/],
    ["grows", /ran out of memory \(16 MiB/],
  ])(
    "the pool: the task whose worker %s is reported lost, with why; a new worker runs the tasks after it",
    async (how, why) => {
      const tasks = ["a", how, "c", "d"].map((file, id) => ({ id, file, path: file }));
      const seen: { task: number; kind: string; reason?: string }[] = [];
      const script = new URL("./fixtures/workers/faulty.mjs", import.meta.url);
      for await (const message of runInWorkers(
        tasks,
        { check: {}, rejects: "none" },
        { jobs: 1, memoryMb: 16, script },
      ))
        seen.push({
          task: message.task,
          kind: message.kind,
          ...(message.kind === "lost" && { reason: message.reason }),
        });
      expect(seen.map(({ task, kind }) => [task, kind])).toEqual([
        [0, "done"],
        [1, "lost"],
        [2, "done"],
        [3, "done"],
      ]);
      expect(seen[1]?.reason).toMatch(why);
    },
    60_000,
  );

  it("the pool: what a task sent before its worker stopped comes first, then the task lost", async () => {
    const tasks = ["a", "sends, then exits", "c"].map((file, id) => ({ id, file, path: file }));
    const script = new URL("./fixtures/workers/faulty.mjs", import.meta.url);
    const seen: [number, string][] = [];
    for await (const message of runInWorkers(tasks, { check: {}, rejects: "none" }, { jobs: 2, memoryMb: 16, script }))
      seen.push([message.task, message.kind]);
    expect(seen).toEqual([
      [0, "done"],
      [1, "batch"],
      [1, "lost"],
      [2, "done"],
    ]);
  }, 60_000);

  it("convert -o --rejects, --jobs 2: a file that exhausts its worker's memory (--worker-memory) is one TASK_FAILED line, exit 2; the other files are read and counted; -o and --rejects keep their previous files; no temporary file is left", async () => {
    writeFileSync(join(folder, "grades.csv"), "the previous run's records\n");
    writeFileSync(join(folder, "rejects.ndjson"), "the previous run's rejects\n");
    const result = await runCli(
      [
        "convert",
        before,
        huge,
        after,
        "--jobs",
        "2",
        "--worker-memory",
        "16MiB",
        "-o",
        "grades.csv",
        "--rejects",
        "rejects.ndjson",
      ],
      { cwd: folder },
    );
    const alone = await runCli(["validate", before, after, "--jobs", "1", "-q"]);
    expect(result.code).toBe(2);
    const failed = result.stderr.split("\n").filter((line) => line.includes("error TASK_FAILED"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(huge);
    expect(failed[0]).toMatch(/out of memory \(16 MiB, --worker-memory\)/);
    expect(failed[0]).toMatch(/8\d{6} bytes not read/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/internal error/);
    // The summary counts the other two files' events as one thread does, and the file whose task failed.
    const events = /^2 files, (\d+) events/m.exec(alone.stdout)?.[1];
    expect(result.stderr).toMatch(new RegExp(`^3 files, ${events} events`, "m"));
    expect(result.stderr).toMatch(/^1 file or part not read to the end \(TASK_FAILED\): 8\d{6} bytes not read/m);
    expect(result.stderr).toMatch(
      /^\d+ records not written: input was left unread \(TASK_FAILED\), so grades\.csv was left as it was$/m,
    );
    expect(readFileSync(join(folder, "grades.csv"), "utf8")).toBe("the previous run's records\n");
    expect(readFileSync(join(folder, "rejects.ndjson"), "utf8")).toBe("the previous run's rejects\n");
    expect(leftovers(folder)).toEqual([]);
  }, 60_000);

  it("convert to standard output: the other files' records, in input order, as one thread writes them without that file", async () => {
    const many = await runCli([
      "convert",
      before,
      huge,
      after,
      "--to",
      "ndjson",
      "--jobs",
      "2",
      "--worker-memory",
      "16MiB",
    ]);
    const alone = await runCli(["convert", before, after, "--to", "ndjson", "--jobs", "1"]);
    expect(many.code).toBe(2);
    expect(many.stdout.length).toBeGreaterThan(1000);
    expect(many.stdout).toBe(alone.stdout);
  }, 60_000);

  it("a part of a split NDJSON file: TASK_FAILED names the part and its bytes; the parts after it keep their line numbers", async () => {
    const split = join(folder, "split.ndjson");
    const text = readFileSync(big, "utf8");
    const cut = text.indexOf("\n", 500_000) + 1;
    writeFileSync(
      split,
      `${text.slice(0, cut)}${hugeStatement(300_000).replace(/\n/g, "")}\n${text.slice(cut, 1_000_000).replace(/[^\n]*$/, "")}`,
    );
    const args = ["validate", split, "--format", "json"];
    const one = await runCli([...args, "--jobs", "1"]);
    const many = await runCli([...args, "--jobs", "2", "--part-size", "64KiB", "--worker-memory", "16MiB"]);
    expect(many.code).toBe(2);
    type Report = { diagnostics: { code: string; line: number; index?: number; message: string }[] };
    const diagnostics = (JSON.parse(many.stdout) as Report).diagnostics;
    const failed = diagnostics.filter((d) => d.code === "TASK_FAILED");
    expect(failed).toHaveLength(1);
    const range = /^part \d+ of \d+ \(bytes \d+ to (\d+)\)/.exec(failed[0]?.message ?? "");
    expect(range).not.toBeNull();
    // The lines after the part that failed (its last byte is named): where the parts after it start.
    const firstAfter = readFileSync(split)
      .subarray(0, Number(range?.[1]) + 1)
      .toString()
      .split("\n").length;
    const lines = (report: Report) =>
      report.diagnostics
        .filter((d) => d.code !== "TASK_FAILED" && d.line >= firstAfter)
        .map((d) => `${d.code} ${d.line}`);
    expect(lines(JSON.parse(many.stdout) as Report).length).toBeGreaterThan(5);
    expect(lines(JSON.parse(many.stdout) as Report)).toEqual(lines(JSON.parse(one.stdout) as Report));
    // Their events' indexes are not known (the lost part's events were not counted): left out, not wrong.
    const after = diagnostics.filter((d) => d.line >= firstAfter);
    expect(after.every((d) => d.index === undefined)).toBe(true);
    expect(
      (JSON.parse(one.stdout) as Report).diagnostics.some((d) => d.line >= firstAfter && d.index !== undefined),
    ).toBe(true);
  }, 60_000);

  it("a part whose worker stops: every event before the unread bytes it names was sent and counted, none after; the summary counts what was written", async () => {
    // Events are sent in batches: those read before the line the worker stopped on, but not yet
    // sent, must fall within the bytes reported not read, not be counted as read and lost.
    const lost = join(folder, "lost.ndjson");
    const { id, lines } = numberedStatements(5000, "8000");
    lines.splice(3000, 0, hugeStatement(300_000).replace(/\n/g, ""));
    const text = `${lines.join("\n")}\n{bad\n`;
    writeFileSync(lost, text);
    const result = await runCli([
      "convert",
      lost,
      "--jobs",
      "2",
      "--part-size",
      "512KiB",
      "--worker-memory",
      "16MiB",
      "--columns",
      "event_id",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/ TASK_FAILED: /g)).toHaveLength(1); // the huge line's part, no other
    const failed = /part \d+ of \d+ \(bytes \d+ to (\d+)\) was not read to its end: .*; (\d+) bytes not read/.exec(
      result.stderr,
    );
    expect(failed).not.toBeNull();
    const unreadFrom = Number(failed?.[1]) + 1 - Number(failed?.[2]);
    const unreadTo = Number(failed?.[1]) + 1;
    // The unread bytes start at a line start, before the line the worker stopped on.
    const bytes = Buffer.from(text);
    expect(unreadFrom === 0 || bytes[unreadFrom - 1] === 0x0a).toBe(true);
    expect(unreadFrom).toBeLessThanOrEqual(bytes.indexOf(hugeStatement(300_000).replace(/\n/g, "").slice(0, 40)));
    const firstUnread = bytes.subarray(0, unreadFrom).toString().split("\n").length; // 1-based line
    const lastUnread = bytes.subarray(0, unreadTo).toString().split("\n").length - 1;
    const written = new Set(result.stdout.trim().split("\n").slice(1));
    // Line k (1-based) holds id(k) up to the huge line (3001), id(k - 1) after it.
    const idOn = (k: number) => (k <= 3000 ? id(k) : id(k - 1));
    const expected = [];
    for (let k = 1; k <= 5001; k++) if (k !== 3001 && (k < firstUnread || k > lastUnread)) expected.push(idOn(k));
    expect([...written].sort()).toEqual(expected.sort());
    const events = Number(/^1 file, (\d+) events/m.exec(result.stderr)?.[1]);
    expect(events).toBe(written.size + 1); // and the unparsable last line
    expect(result.stderr).toMatch(new RegExp(`^${written.size} records written to standard output$`, "m"));
  }, 60_000);

  it("a gzipped file whose worker stops: the bytes not read are its text's from the line reported on; every event before it was written", async () => {
    const gz = join(folder, "lost.ndjson.gz");
    // Enough lines before the huge one that batches of them are sent before the worker stops.
    const { line, id, lines } = numberedStatements(5000, "9000");
    const text = `${lines.join("\n")}\n${hugeStatement(300_000).replace(/\n/g, "")}\n${line}\n`;
    writeFileSync(gz, gzipSync(text));
    const result = await runCli([
      "convert",
      before,
      gz,
      "--jobs",
      "2",
      "--worker-memory",
      "16MiB",
      "--columns",
      "event_id",
    ]);
    expect(result.code).toBe(2);
    const failed = /\.gz:(\d+): error TASK_FAILED: the file was not read to its end: .*; (\d+) bytes not read/.exec(
      result.stderr,
    );
    expect(failed).not.toBeNull();
    const from = Number(failed?.[1]); // the first line not read
    expect(from).toBeGreaterThan(1);
    expect(from).toBeLessThanOrEqual(5001);
    expect(Number(failed?.[2])).toBe(
      Buffer.byteLength(
        text
          .split("\n")
          .slice(from - 1)
          .join("\n"),
      ),
    );
    const written = result.stdout
      .trim()
      .split("\n")
      .filter((row) => row.startsWith("00000000-0000-4000-9000-"));
    expect(written).toEqual(lines.slice(0, from - 1).map((_, k) => id(k + 1)));
  }, 60_000);

  it("by default the workers share Node's heap limit (node --max-old-space-size sets it), 64 MiB each at least", () => {
    const memory = pathToFileURL(join(ROOT, "dist/parallel/memory.js")).href;
    const print = `const { defaultWorkerMemoryMb } = await import(${JSON.stringify(memory)}); console.log(defaultWorkerMemoryMb(1), defaultWorkerMemoryMb(2), defaultWorkerMemoryMb(1000));`;
    const child = spawnSync(process.execPath, ["--max-old-space-size=1024", "--input-type=module", "-e", print], {
      encoding: "utf8",
    });
    const [one, two, many] = child.stdout.trim().split(" ").map(Number);
    expect(one).toBeGreaterThanOrEqual(1024); // V8's limit is the old generation's and a little more
    expect(one).toBeLessThan(1200);
    expect(two).toBe(Math.floor(one! / 2));
    expect(many).toBe(64);
  });

  it("--worker-memory takes a size of at least 16MiB, at which ordinary parts are read whole", async () => {
    for (const bad of ["16", "1MiB", "8MiB", "lots"]) {
      const result = await runCli(["validate", before, after, "--jobs", "2", "--worker-memory", bad]);
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toMatch(/option '--worker-memory <size>' argument '\w+' is invalid/);
    }
    // Three runs side by side (a loaded machine), each of eight parts on fresh 16 MiB workers.
    const ordinary = join(folder, "ordinary.ndjson");
    writeFileSync(ordinary, `${numberedStatements(5000, "a000").lines.join("\n")}\n`);
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        runCli([
          "convert",
          ordinary,
          "--jobs",
          "2",
          "--part-size",
          "512KiB",
          "--worker-memory",
          "16MiB",
          "--columns",
          "event_id",
        ]),
      ),
    );
    for (const result of runs) {
      expect(result.stderr).not.toMatch(/TASK_FAILED/);
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split("\n")).toHaveLength(5001);
    }
  }, 60_000);
});

/** `count` copies of one xAPI statement, one a line, the k-th (from 1) with the id `id(k)`. */
function numberedStatements(
  count: number,
  variant: string,
): { line: string; id: (n: number) => string; lines: string[] } {
  const line =
    readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split("\n")[0] ?? "";
  const id = (n: number) => `00000000-0000-4000-${variant}-${String(n).padStart(12, "0")}`;
  return {
    line,
    id,
    lines: Array.from({ length: count }, (_, k) => line.replace(/"id":"[^"]*"/, `"id":"${id(k + 1)}"`)),
  };
}
