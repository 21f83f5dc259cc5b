/**
 * --jobs: worker threads give exactly what one thread gives. A multi-megabyte NDJSON file made of
 * every text sample (valid, invalid, unrecognised) and of broken lines at known places is split into
 * many small parts (--part-size), and every output stream is compared byte for byte with --jobs 1.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { openParts } from "../src/read/ranges.js";
import { defaultJobs, jobsCap, MAX_JOBS, MAX_SPLIT_FILES, PARALLEL_ABOVE_BYTES, planTasks } from "../src/parallel/run.js";
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
    if (i % 601 === 0) add(Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]), "ENCODING");
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
    const report = JSON.parse(runs.many.stdout) as { diagnostics: { code: string; line: number; index?: number }[]; summary: { events: number } };
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

  it.each(["csv", "json", "ndjson"])("convert --to %s with rejects: the same records, rejects and summary", async (format) => {
    const files = ["-o", `records.${format}`, "--rejects", "rejects.ndjson", "--rejects-unrecognised"];
    expectSameRun(await bothWays(["convert", big, "--to", format, "--max-event-bytes", `${MAX_EVENT}`, ...files]));
    const records = readFileSync(join(MANY, `records.${format}`), "utf8");
    expect(records).toBe(readFileSync(join(ONE, `records.${format}`), "utf8"));
    expect(records.length).toBeGreaterThan(500_000);
    const rejects = readFileSync(join(MANY, "rejects.ndjson"), "utf8");
    expect(rejects).toBe(readFileSync(join(ONE, "rejects.ndjson"), "utf8"));
    const rejectLines = rejects.trimEnd().split("\n").map((line) => JSON.parse(line) as { reason: string; line: number });
    expect(rejectLines.filter((r) => r.reason === "unparsable").map((r) => r.line)).toEqual(
      [...expectedLines.JSON_SYNTAX!, ...expectedLines.ENCODING!, ...expectedLines.EVENT_TOO_LARGE!].sort((a, b) => a - b),
    );
  }, 120_000);

  it("convert to standard output with options the workers must honour (columns, CRLF, BOM, pseudonyms)", async () => {
    const args = ["convert", big, "--columns", "user,course,score,actor", "--crlf", "--bom", "--delimiter", ";", "--pseudonymize", "--max-event-bytes", `${MAX_EVENT}`];
    const { one, many } = await bothWays(args, { GRADEEV_PSEUDONYM_KEY: "test-key-of-sixteen-bytes" });
    expectSameRun({ one, many });
    expect(many.stdout.startsWith("\ufeffuser;course;score;actor\r\n")).toBe(true);
  }, 120_000);

  it("several files of every kind (gzip, pretty documents, NDJSON, empty) go to workers whole, in order", async () => {
    const folder = join(dir, "many");
    mkdirSync(folder);
    const samples = sampleFiles(join(ROOT, "samples")).filter((s) => !s.includes("/entities/"));
    samples.forEach((sample, i) => copyFileSync(join(ROOT, sample), join(folder, `${String(i).padStart(3, "0")}-${sample.split("/").at(-1)}`)));
    writeFileSync(join(folder, "zzz-empty.ndjson"), "");
    writeFileSync(join(folder, "zzz-big.ndjson.gz"), gzipSync(readFileSync(big).subarray(0, 500_000)));
    expectSameRun(await bothWays(["validate", folder, "--format", "json"]));
    expectSameRun(await bothWays(["convert", folder, "--to", "ndjson"]));
  }, 120_000);

  it("--dedupe and --latest need every record in one place: they run on one thread", async () => {
    const many = await runCli(["convert", big, "--latest", "--jobs", "3", "--part-size", "64KiB", "-q"], { env: { GRADEEV_DEBUG: "1" } });
    expect(many.stderr).toMatch(/^gradeev: debug: 1 thread$/m);
  }, 120_000);

  it("standard input is read on one thread", async () => {
    const many = await runCli(["validate", "--jobs", "3", "-q"], { input: readFileSync(big).subarray(0, 300_000), env: { GRADEEV_DEBUG: "1" } });
    expect(many.stderr).toMatch(/^gradeev: debug: 1 thread$/m);
  }, 60_000);

  it("runs when Node itself was started with flags a worker may not take (--max-old-space-size, --input-type)", () => {
    const args = ["validate", big, "-q", "--jobs", "2", "--part-size", "1MiB"];
    const main = pathToFileURL(join(ROOT, "dist/cli/main.js")).href;
    const runs = [
      ["--max-old-space-size=400", BIN, ...args],
      ["--input-type=module", "-e", `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`],
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
    writeFileSync(small, readFileSync(big).subarray(0, 100_000).toString().replace(/[^\n]*$/, ""));
    const child = spawnSync(process.execPath, [BIN, "validate", fifo, small, "-q", "--jobs", "2"], { encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL" });
    writer.kill();
    expect(child.signal).toBeNull();
    expect(child.status).toBe(1);
    expect(child.stdout).toMatch(/^2 files, \d+ events/m);
  }, 90_000);

  it("when the reader of the output goes away, the exit code still says what was read (summary counts come with every batch)", async () => {
    const errors = join(dir, "errors.ndjson");
    writeFileSync(errors, `[1]\n${'{"broken":\n'.repeat(200_000)}`);
    for (let run = 0; run < 3; run++) {
      const result = await runCli(["validate", errors, "--jobs", "2", "--part-size", "512KiB"], { closeStdoutEarly: true });
      expect(result.stdout).toMatch(/JSON_SYNTAX/);
      expect(result.code).toBe(1);
    }
  }, 60_000);

  it("a file replaced after its parts were planned: every part is read from the file that was planned", async () => {
    type Run = { items: AsyncIterable<unknown>; summary: { events: number; valid: number } };
    const { planTasks, gradeInParallel } = (await import(pathToFileURL(join(ROOT, "dist/parallel/run.js")).href)) as {
      planTasks(sources: { kind: "file"; name: string; path: string }[], partBytes: number): Promise<unknown>;
      gradeInParallel(plan: unknown, setup: object, jobs: number): Run;
    };
    const file = join(dir, "rotated.ndjson");
    const line = sampleLines().find((l) => l.includes("GradeEvent"))!;
    writeFileSync(file, `${line}\n`.repeat(2000));
    const plan = await planTasks([{ kind: "file", name: file, path: file }], 64 * 1024);
    renameSync(file, `${file}.1`); // log rotation: the old file moves away, a new one takes its name
    writeFileSync(file, "{}\n".repeat(100_000));
    const run = gradeInParallel(plan, { check: {}, rejects: "none" }, 2);
    for await (const _ of run.items);
    expect(run.summary.events).toBe(2000);
  }, 60_000);

  it("the library: rows given back after writeFormatted are not lost when the stream keeps its chunks (a slowly read PassThrough)", async () => {
    type Item = { kind: string; text?: Uint8Array; count?: number; release?(): void };
    const api = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as {
      startRun(paths: string[], options: object): Promise<{ items: AsyncIterable<Item>; jobs: number }>;
      createRecordWriter(format: string, out: NodeJS.WritableStream): { writeFormatted(text: Uint8Array, count: number): Promise<void>; end(): Promise<void> };
    };
    const convertTo = async (release: boolean) => {
      const run = await api.startRun([big], { jobs: 2, partBytes: 64 * 1024, worker: { output: { format: "csv" }, rejects: "none" } });
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
      for await (const item of run.items) {
        if (item.kind !== "rows") continue;
        await writer.writeFormatted(item.text!, item.count!);
        if (release) item.release!();
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
    const result = await runCli(["validate", big, "-q", "--jobs", "64", "--part-size", "64KiB"], { env: { GRADEEV_DEBUG: "1" } });
    expect(result.stderr).toMatch(new RegExp(`^gradeev: debug: ${cap} worker threads$`, "m"));
    const api = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as { startRun(paths: string[], options: object): Promise<{ items: AsyncIterable<unknown>; jobs: number }> };
    const run = await api.startRun([big], { jobs: 1000, partBytes: 64 * 1024, worker: { rejects: "none" } });
    expect(run.jobs).toBe(cap);
    for await (const _ of run.items);
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
    const many = await runCli(["convert", folder, "--to", "ndjson", "--jobs", "3", "--part-size", "8KiB"], { env: { GRADEEV_DEBUG: "1" } });
    expectSameRun({ one, many });
    expect(many.stdout.trim().split("\n").length).toBeGreaterThan(sources.length * 2); // records from every file
  }, 120_000);

  it("--jobs defaults to every core only for inputs large enough to pay for the workers", () => {
    expect(defaultJobs(undefined)).toBe(1);
    expect(defaultJobs(PARALLEL_ABOVE_BYTES - 1)).toBe(1);
    expect(defaultJobs(PARALLEL_ABOVE_BYTES)).toBeGreaterThanOrEqual(1);
  });
});
