/** The built binary, spawned as a user runs it: stdout, stderr and exit code. */
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  lchownSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { main } from "../src/cli/main.js";
import { RECORD_COLUMNS } from "../src/index.js";
import { GradeevError } from "../src/errors.js";
import { commitAll, fileOutput, type Output } from "../src/write/output.js";
import { temporaryName } from "../src/write/temporaries.js";
import { mayFollow } from "../src/write/shared-folder.js";
import { BIN, ROOT, runCli, scratchFolder } from "./helpers.js";

const BS = "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json";
const BB_NDJSON = "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson";
const scratch = () => scratchFolder("test");
/** Sample files (one event each) as NDJSON lines, for standard input. */
const ndjsonOf = (files: string[]) =>
  files.map((file) => `${JSON.stringify(JSON.parse(readFileSync(join(ROOT, file), "utf8")))}\n`).join("");

describe("exit codes", () => {
  it("0 on the valid samples (the CI check)", async () => {
    const result = await runCli(["validate", "samples/valid"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 invalid/);
  });

  it("1 on the invalid samples", async () => {
    const result = await runCli(["validate", "samples/invalid"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error NO_COURSE/);
  });

  it("0 on unrecognised events, which are counted, not errors", async () => {
    const result = await runCli(["validate", "samples/unrecognised"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/0 valid, 0 invalid, [1-9]\d* unrecognised/);
    expect(result.stdout).toMatch(/\d+ × Caliper SessionEvent \(LoggedIn\)/);
  });

  it.each([
    [["validate", "no/such/file.json"], /^gradeev: no\/such\/file\.json: no such file or folder\n$/],
    [["validate", `${BS}/inside`], /^gradeev: .*inside: not a folder\n$/],
    [["convert", BS, "--to", "xml"], /argument 'xml' is invalid/],
    [["validate", "--colour"], /unknown option '--colour'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("2 with one clear line for %j", async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stdout).toBe("");
  });

  it("a usage or I/O error line shows names from the input as data: no line break, escape or workflow command", async () => {
    const dir = scratch();
    const evil = "a\n::error title=Injected::forged\u001b[2J\u202e";
    symlinkSync(join(dir, "nowhere"), join(dir, evil));
    for (const args of [
      ["validate", "--format", "github", join(dir, evil)],
      ["convert", BS, "-o", join(dir, evil, "out.csv")],
      ["convert", BS, "--columns", `user,${evil}`],
      ["validate", `--${evil}`],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).not.toMatch(/^\s*::/m);
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      expect(result.stderr).toContain("\\u000A::error");
    }
  });

  it("2 for an unreadable file, and no output file", async () => {
    const dir = scratch();
    chmodSync(dir, 0o777); // reachable by the unprivileged user below
    const file = join(dir, "locked.json");
    writeFileSync(file, "{}");
    chmodSync(file, 0o000);
    // As root, permissions do not apply: run the binary as nobody, through setpriv (util-linux).
    const asRoot = process.getuid?.() === 0;
    const args = ["convert", file, "-o", join(dir, "out.csv")];
    const result = asRoot
      ? await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
          const child = spawn(
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, BIN, ...args],
            {
              env: { ...process.env, FORCE_COLOR: "0" },
            },
          );
          let stderr = "";
          child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
          child.on("error", reject);
          child.on("close", (code) => resolve({ code, stderr }));
        })
      : await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradeev: .*locked\.json: permission denied\n$/);
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
  });

  it("2 when -o names a folder", async () => {
    const result = await runCli(["convert", BB_NDJSON, "-o", scratch()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradeev: .*: is a folder, not a file\n$/);
  });

  it("2 when standard input is a folder", async () => {
    const { spawn } = await import("node:child_process");
    const { openSync: open } = await import("node:fs");
    const child = spawn(process.execPath, [BIN, "validate", "-"], {
      stdio: [open(tmpdir(), "r"), "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toBe("gradeev: <stdin>: is a folder, not a file\n");
  });

  it("1 when the reader closes the pipe early but invalid events were seen, with no error text", async () => {
    const bad = readFileSync(join(ROOT, "samples/invalid/brightspace-grade/no-item.json"), "utf8");
    const input = `${JSON.stringify(JSON.parse(bad))}\n`.repeat(20_000);
    const result = await runCli(["validate", "-"], { input, closeStdoutEarly: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
  });

  it("3 for an internal error, with a request to report it and no stack", async () => {
    const chunks: string[] = [];
    const io = {
      stdin: process.stdin,
      stdout: Object.assign(
        new (await import("node:stream")).Writable({
          write: () => {
            throw new TypeError("boom");
          },
        }),
        { isTTY: false },
      ),
      stderr: Object.assign(
        new (await import("node:stream")).Writable({
          write(c: Buffer, _e, done) {
            chunks.push(c.toString());
            done();
          },
        }),
        { isTTY: false },
      ),
      env: {},
    };
    const code = await main(["validate", `${ROOT}/${BS}`], io);
    expect(code).toBe(3);
    expect(chunks.join("")).toMatch(/internal error: boom\nThis is a bug in gradeev\. Please report it/);
    expect(chunks.join("")).not.toMatch(/\n\s+at /);
  });

  it("GRADEEV_DEBUG adds the stack to an internal error", async () => {
    const { Writable } = await import("node:stream");
    const chunks: string[] = [];
    const io = {
      stdin: process.stdin,
      stdout: Object.assign(
        new Writable({
          write: () => {
            throw new TypeError("boom");
          },
        }),
        { isTTY: false },
      ),
      stderr: Object.assign(
        new Writable({
          write(c: Buffer, _e, done) {
            chunks.push(c.toString());
            done();
          },
        }),
        { isTTY: false },
      ),
      env: { GRADEEV_DEBUG: "1" },
    };
    expect(await main(["validate", `${ROOT}/${BS}`], io)).toBe(3);
    expect(chunks.join("")).toMatch(/internal error: boom\n[\s\S]*TypeError: boom\n\s+at /);
  });
});

/** Runs main() in-process with fake streams, for what a spawned process cannot show (a terminal on stdin). */
async function runMain(args: string[], stdinIsTTY: boolean) {
  const { Readable, Writable } = await import("node:stream");
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    Object.assign(
      new Writable({
        write(c: Buffer, _e, done) {
          into.push(c.toString());
          done();
        },
      }),
      { isTTY: false },
    );
  const stdin = Object.assign(Readable.from([]), { isTTY: stdinIsTTY });
  const code = await main(args, { stdin, stdout: sink(out), stderr: sink(err), env: {} });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("standard input", () => {
  it("with no path and a terminal on stdin, says what to do (exit 2)", async () => {
    const result = await runMain(["validate"], true);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "gradeev: no input: name a file or folder, or pipe events in (use - for standard input)\n",
    });
  });
});

describe("validate", () => {
  it("--max-event-bytes takes a size with a unit, and a bad size is a usage error", async () => {
    const input = ndjsonOf([BS, "samples/invalid/brightspace-grade/no-actor-id.json"]);
    const [first, second] = input.split("\n").map((line) => Buffer.byteLength(line));
    const limit = Math.min(first!, second!) - 1;
    const skipped = await runCli(["validate", "-", "--max-event-bytes", `${limit / 1024}KiB`], { input });
    expect(skipped.code).toBe(1);
    expect(skipped.stdout.match(/error EVENT_TOO_LARGE/g)).toHaveLength(2);
    expect(skipped.stdout).toContain(`over the limit of ${limit} bytes`);
    const read = await runCli(["validate", "-", "--max-event-bytes", `${Math.max(first!, second!)}`], { input });
    expect(read.stdout).not.toMatch(/EVENT_TOO_LARGE/);
    expect(read.stdout).toMatch(/error NO_ACTOR_ID/);
    // Past 256 MiB one line could not be held as one string (V8 holds fewer than 2^29 characters).
    for (const bad of ["1XB", "0", "-5", "1GiB", "257MiB"]) {
      const result = await runCli(["validate", "-", "--max-event-bytes", bad], { input });
      expect(result.code, bad).toBe(2);
      expect(result.stderr, bad).toMatch(/option '--max-event-bytes <size>' argument '-?\w+' is invalid/);
    }
  });

  it("prints diagnostics with file, line, column, event, id and pointer, then the summary", async () => {
    const result = await runCli(["validate", "samples/invalid/bb-calculated-grade/no-course.json"]);
    expect(result.stdout).toBe(
      "samples/invalid/bb-calculated-grade/no-course.json:18:17: error NO_COURSE: a calculated grade must name its course in object.course " +
        "(event #0 urn:uuid:7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5006, at /data/0/object/course)\n" +
        "1 file, 1 event: 0 valid, 1 invalid, 0 unrecognised; 1 error, 0 warnings\n",
    );
  });

  it("--format json prints one document with the summary and every diagnostic", async () => {
    const result = await runCli(["validate", "samples/invalid", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      version: number;
      summary: Record<string, number>;
      diagnostics: Record<string, unknown>[];
    };
    expect(report.version).toBe(1);
    expect(report.summary.events).toBe(report.summary.valid! + report.summary.invalid! + report.summary.unrecognised!);
    const noCourse = report.diagnostics.find((d) => d.file === "samples/invalid/bb-calculated-grade/no-course.json");
    expect(noCourse).toMatchObject({
      code: "NO_COURSE",
      severity: "error",
      line: 18,
      index: 0,
      eventId: "urn:uuid:7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f5006",
      pointer: "/data/0/object/course",
      profile: "bb-calculated-grade",
    });
  });

  it("reads standard input when piped and given no path, and for -", async () => {
    const input = readFileSync(join(ROOT, BB_NDJSON));
    for (const args of [["validate"], ["validate", "-"]]) {
      const result = await runCli(args, { input });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^1 file, 4 events: 4 valid/m);
    }
  });

  it("a gzipped document cut short or followed by garbage: what was gunzipped is read, and READ_ERROR names the line where the data stopped", async () => {
    type Report = {
      summary: { events: number; valid: number; unparsable: number; describes: number };
      diagnostics: { code: string; line: number; index?: number }[];
    };
    const report = async (file: string) => {
      const result = await runCli(["validate", `samples/invalid/input/${file}`, "--format", "json"]);
      expect(result.code).toBe(1);
      return JSON.parse(result.stdout) as Report;
    };
    // 99 whole lines decompressed before the data ended: the document is incomplete, one event lost.
    const cut = await report("read-error--truncated-gzip-document.json.gz");
    expect(cut.diagnostics.map((d) => [d.code, d.line, d.index])).toEqual([["READ_ERROR", 100, 0]]);
    // Its fields in the order reports have always given them: the index before the message.
    expect(Object.keys(cut.diagnostics[0]!)).toEqual(["code", "severity", "file", "line", "index", "message"]);
    expect(cut.summary).toMatchObject({ events: 1, valid: 0, unparsable: 1 });
    // NDJSON whose last line has no line break, then garbage: the data before is whole, so is that line.
    const dir = scratch();
    const unended = readFileSync(join(ROOT, BB_NDJSON), "utf8").trimEnd();
    writeFileSync(join(dir, "unended.ndjson.gz"), Buffer.concat([gzipSync(unended), Buffer.from("garbage")]));
    const lastLine = await runCli(["validate", join(dir, "unended.ndjson.gz"), "--format", "json"]);
    const lines = unended.split("\n").length;
    expect((JSON.parse(lastLine.stdout) as Report).summary).toMatchObject({
      events: lines + 1,
      valid: lines,
      unparsable: 1,
    });
    // The whole document (211 lines) was gunzipped before the garbage: its events are read.
    const garbage = await report("read-error--gzip-trailing-garbage.json.gz");
    expect(garbage.diagnostics.filter((d) => d.code === "READ_ERROR").map((d) => [d.code, d.line, d.index])).toEqual([
      ["READ_ERROR", 212, 3],
    ]);
    expect(garbage.summary).toMatchObject({ events: 4, valid: 1, unrecognised: 2, unparsable: 1, describes: 4 });
  });

  it("a folder named with a trailing slash names its files with one slash, as a CI annotation must (samples/x.json, not samples//x.json)", async () => {
    const result = await runCli(["validate", "samples/invalid/caliper/", "--format", "github"]);
    expect(result.code).toBe(1);
    const files = [...result.stdout.matchAll(/^::error file=([^,]+),/gm)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(file).toMatch(/^samples\/invalid\/caliper\/[^/]+$/);
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
  });

  it("a folder with no event files in it is a warning, not a silent pass", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "notes.txt"), "not an export\n");
    for (const command of [
      ["validate", dir],
      ["convert", dir, "--to", "csv"],
    ]) {
      const result = await runCli(command);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /^gradeev: warning: no event files were found \(a folder's files are read when named \*\.json, \*\.ndjson or \*\.jsonl, gzipped or not\)$/m,
      );
    }
  });

  it("a gzipped input whose reader goes away after the first rows (| head -1) ends the run", async () => {
    const dir = scratch();
    const file = join(dir, "big.ndjson.gz");
    writeFileSync(file, gzipSync(readFileSync(join(ROOT, BB_NDJSON), "utf8").repeat(2000)));
    // A hang would be the test's own timeout.
    const result = await runCli(["convert", file, "--to", "csv"], { closeStdoutEarly: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^course,/);
  });

  it("detects gzip by content, whatever the name", async () => {
    const dir = scratch();
    const file = join(dir, "export.json");
    writeFileSync(file, gzipSync(readFileSync(join(ROOT, BB_NDJSON))));
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/4 events: 4 valid/);
  });

  it("skips FIFOs and other special files inside folders instead of waiting on them", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a.json"), readFileSync(join(ROOT, BS)));
    execFileSync("mkfifo", [join(dir, "pipe.json")]);
    const result = await runCli(["validate", dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1 file, 1 event: 1 valid/);
  });

  it("a full disk behind standard output is exit 2", async () => {
    const result = await runCli(["validate", "samples/valid"], { stdout: openSync("/dev/full", "w") });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gradeev: cannot write standard output: no space left on the device\n");
  });

  it("reads folders recursively, event files only", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "notes.txt"), "not an event file");
    writeFileSync(join(dir, "a.json"), readFileSync(join(ROOT, BS)));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(dir, "deeper", "still"), { recursive: true });
    writeFileSync(join(dir, "deeper", "still", "b.JSONL"), readFileSync(join(ROOT, BB_NDJSON)));
    writeFileSync(join(dir, "deeper", "c.ndjson.gz"), gzipSync(readFileSync(join(ROOT, BB_NDJSON))));
    const result = await runCli(["validate", dir]);
    expect(result.stdout).toMatch(/^3 files, 9 events: 9 valid/m);
  });

  /** An export folder with a hidden folder, a hidden file and links in and out of it; the outside holds an event file too. */
  function folderWithLinks(): { dir: string; outside: string } {
    const root = scratch();
    const dir = join(root, "exports");
    const outside = join(root, "home");
    for (const folder of [join(dir, "nested"), join(outside, ".docker")]) mkdirSync(folder, { recursive: true });
    writeFileSync(join(dir, "a.json"), readFileSync(join(ROOT, BS)));
    writeFileSync(join(dir, "nested", "b.json"), readFileSync(join(ROOT, BS)));
    mkdirSync(join(dir, ".cache"));
    writeFileSync(join(dir, ".cache", "c.json"), readFileSync(join(ROOT, BS)));
    writeFileSync(join(dir, ".env.json"), '{"token":"secret"}\n');
    writeFileSync(join(outside, "d.json"), readFileSync(join(ROOT, BS)));
    writeFileSync(join(outside, ".docker", "config.json"), '{"auths":{"registry":{"auth":"c2VjcmV0"}}}\n');
    symlinkSync(outside, join(dir, "home-link"));
    symlinkSync(join(dir, "nested", "b.json"), join(dir, "inside-link.json"));
    return { dir, outside };
  }

  it("a folder walk skips hidden entries and links leading out of the folder, and says so", async () => {
    const { dir } = folderWithLinks();
    for (const jobs of ["1", "2"]) {
      const result = await runCli(["validate", dir, "--jobs", jobs, "--format", "json"]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as {
        summary: { files: number; events: number; warnings: number };
        diagnostics: { code: string; file: string; message: string }[];
      };
      // a.json, inside-link.json (to nested/b.json, inside the folder) and nested/b.json: not .cache, .env.json or home-link.
      expect(report.summary).toMatchObject({ files: 3, events: 3, warnings: 1 });
      expect(report.diagnostics).toMatchObject([
        {
          code: "FOLDER_ENTRIES_SKIPPED",
          file: dir,
          message: expect.stringMatching(
            /2 hidden entries .* and 1 symbolic link leading out of the folder \(--follow-links/,
          ),
        },
      ]);
    }
  });

  it("a link inside the folder to a hidden entry, or into a hidden folder, is hidden too: its target is not read", async () => {
    const dir = scratch();
    mkdirSync(join(dir, ".cache", "deep"), { recursive: true });
    writeFileSync(join(dir, ".cache", "x.json"), readFileSync(join(ROOT, BS)));
    writeFileSync(join(dir, ".cache", "deep", "z.json"), readFileSync(join(ROOT, BS)));
    writeFileSync(join(dir, "a.json"), readFileSync(join(ROOT, BS)));
    symlinkSync(join(".cache", "x.json"), join(dir, "y.json"));
    symlinkSync(".cache", join(dir, "cached"));
    symlinkSync(join(dir, ".cache", "deep"), join(dir, "deep"));
    for (const args of [[], ["--follow-links"]]) {
      const result = await runCli(["validate", dir, "--format", "json", ...args]);
      const report = JSON.parse(result.stdout) as {
        summary: { files: number; events: number };
        diagnostics: { code: string; message: string }[];
      };
      expect(report.summary, args.join(" ")).toMatchObject({ files: 1, events: 1 }); // a.json alone
      expect(report.diagnostics).toMatchObject([
        {
          code: "FOLDER_ENTRIES_SKIPPED",
          message: expect.stringMatching(/skipped 4 hidden entries \(names starting with a dot, or links to one\)$/),
        },
      ]);
    }
  });

  it("--follow-links follows links out of the folder, and hidden entries stay skipped", async () => {
    const { dir } = folderWithLinks();
    const result = await runCli(["validate", dir, "--follow-links", "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      summary: { files: number };
      diagnostics: { code: string; message: string }[];
    };
    expect(report.summary.files).toBe(4); // home-link/d.json too, not home-link/.docker/config.json
    expect(report.diagnostics).toMatchObject([
      { code: "FOLDER_ENTRIES_SKIPPED", message: expect.not.stringMatching(/symbolic/) },
    ]);
  });

  it("a file found by a folder walk that is not JSON is reported, but its bytes go to --rejects only when it was named", async () => {
    const dir = scratch();
    const notes = join(dir, "notes.json");
    writeFileSync(notes, "user,password\nalice,hunter2\n");
    writeFileSync(join(dir, "broken.json"), '{"a": 1,,}\n');
    for (const [input, copied] of [
      [dir, false],
      [notes, true],
    ] as const) {
      const rejects = join(scratch(), "rejects.ndjson");
      const result = await runCli(["convert", input, "-o", join(dir, "..", "out.csv"), "--rejects", rejects]);
      expect(result.code).toBe(1);
      const entries = readFileSync(rejects, "utf8")
        .trim()
        .split("\n")
        .map(
          (entry) =>
            JSON.parse(entry) as { file: string; text?: string; diagnostics: { code: string; line: number }[] },
        );
      const entry = entries.find((e) => e.file === notes)!;
      expect(entry.diagnostics).toMatchObject([{ code: "JSON_SYNTAX", line: 1 }]);
      expect(entry.text).toBe(copied ? "user,password\nalice,hunter2" : undefined);
      // A JSON document found by the walk that is broken inside is an event file: its text is copied.
      if (input === dir) expect(entries.find((e) => e.file !== notes)?.text).toBe('{"a": 1,,}');
    }
  });

  it("a line that is not UTF-8 goes to --rejects as its bytes, in base64, one thread or two, or held for --dedupe", async () => {
    const dir = scratch();
    const bad = Buffer.from('{"id":"caf\xe9","v":1}\r', "latin1");
    const input = join(dir, "in.ndjson");
    writeFileSync(input, Buffer.concat([bad, Buffer.from("\n")]));
    for (const extra of [["--jobs", "1"], ["--jobs", "2"], ["--dedupe"]]) {
      const rejects = join(dir, `rejects${extra.join("")}.ndjson`);
      const result = await runCli(["convert", input, "-o", join(dir, "out.csv"), "--rejects", rejects, ...extra]);
      expect(result.code).toBe(1);
      const [entry, ...more] = readFileSync(rejects, "utf8")
        .trim()
        .split("\n")
        .map(
          (line) =>
            JSON.parse(line) as { line: number; bytes_base64?: string; text?: string; diagnostics: { code: string }[] },
        );
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ line: 1, diagnostics: [{ code: "ENCODING" }] });
      expect(entry).not.toHaveProperty("text");
      // Verbatim but for the line break, as `text` is for a line that is UTF-8.
      expect(Buffer.from(entry!.bytes_base64!, "base64")).toEqual(bad.subarray(0, -1));
    }
  });

  it("a file whose name is not UTF-8 is read by its bytes in a folder walk, its name shown with \\xFF, one thread or two", async () => {
    const dir = scratch();
    const event = readFileSync(BB_NDJSON, "utf8").split("\n")[0]!;
    writeFileSync(
      Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from(".ndjson")]),
      `${event}\n{"a":\n`,
    );
    writeFileSync(join(dir, "good.ndjson"), `${event}\n`);
    for (const jobs of ["1", "2"]) {
      const result = await runCli(["validate", dir, "--format", "json", "--jobs", jobs]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as {
        summary: { files: number; events: number };
        diagnostics: { code: string; file: string }[];
      };
      expect(report.summary).toMatchObject({ files: 2, events: 3 });
      expect(report.diagnostics).toMatchObject([{ code: "JSON_SYNTAX", file: join(dir, "bad\\xFF.ndjson") }]);
    }
    // Named on the command line, its bytes reach gradeev as U+FFFD: one line that says so, exit 2, as for any input that cannot be read.
    // (A string argument would be sent as UTF-8: the shell's printf puts the byte itself in it.)
    const named = spawnSync(
      "sh",
      ["-c", `"$0" "$1" validate "$(printf '%s/bad\\377.ndjson' "$2")"`, process.execPath, BIN, dir],
      { encoding: "utf8" },
    );
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(
      /^gradeev: .*bad\uFFFD\.ndjson: no such file or folder \(if the name holds bytes that are not UTF-8, they reached gradeev as U\+FFFD: name its folder instead, whose walk reads names as bytes\)\n$/,
    );
  });

  it("colours only when asked or on a terminal, and honours NO_COLOR", async () => {
    const file = "samples/invalid/bb-calculated-grade/no-course.json";
    const forced = await runCli(["validate", file], { env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[");
    const piped = await runCli(["validate", file], { env: { FORCE_COLOR: undefined } });
    expect(piped.stdout).not.toContain("\u001b[");
    const noColor = await runCli(["validate", file], { env: { FORCE_COLOR: undefined, NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
  });
});

describe("report formats from the binary", () => {
  it("--format github prints annotations and appends the step summary", async () => {
    const summaryFile = join(scratch(), "step-summary.md");
    writeFileSync(summaryFile, "earlier step\n");
    const result = await runCli(["validate", "samples/invalid", "--format", "github"], {
      env: { GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("::error ")).length).toBeLessThanOrEqual(10);
    expect(lines[0]).toMatch(/^::(error|warning) file=samples\/invalid\/[^,]+,line=\d+,col=\d+,title=[A-Z_0-9]+::/);
    const markdown = readFileSync(summaryFile, "utf8");
    expect(markdown.startsWith("earlier step\n")).toBe(true);
    expect(markdown).toMatch(/\| error \| NO\\_COURSE \|/); // Markdown escapes the underscores
  });

  it("the step summary counts what the step's file holds already: two runs in one step stay within GitHub's 1 MiB", async () => {
    const dir = scratch();
    const input = join(dir, "bad.ndjson");
    writeFileSync(input, '{"b"}\n'.repeat(20_000));
    // Empty; room for some rows; room for a line saying there is none; over the limit already.
    for (const before of [0, 900_000, 1024 * 1024 - 16 * 1024 - 200, 1024 * 1024 - 100]) {
      const summaryFile = join(dir, `summary-${before}.md`);
      writeFileSync(summaryFile, "x".repeat(before));
      for (let run = 0; run < 2; run++) {
        const result = await runCli(["validate", input, "--format", "github"], {
          env: { GITHUB_STEP_SUMMARY: summaryFile },
        });
        expect(result.code).toBe(1);
      }
      const size = statSync(summaryFile).size;
      expect(size, `${before} bytes before`).toBeLessThanOrEqual(Math.max(before, 1024 * 1024 - 16 * 1024));
      if (before === 1024 * 1024 - 16 * 1024 - 200)
        expect(readFileSync(summaryFile, "utf8")).toMatch(
          /20000 problems not listed: the step summary has no room left/,
        );
      if (before === 0) expect(readFileSync(summaryFile, "utf8")).toMatch(/^## gradeev$/m);
    }
  });

  it("an unwritable $GITHUB_STEP_SUMMARY is an output error: exit 2, one line naming it", async () => {
    const folder = scratch();
    const runs = [
      await runCli(["validate", "samples/invalid", "--format", "github"], { env: { GITHUB_STEP_SUMMARY: folder } }),
      await runCli(
        ["convert", "samples/valid/brightspace-grade", "--format", "github", "-o", join(folder, "grades.csv")],
        { env: { GITHUB_STEP_SUMMARY: join(folder, "no-such-folder", "summary.md") } },
      ),
    ];
    // Refused before anything is read or written, as an unwritable -o is.
    expect(readdirSync(folder)).toEqual([]);
    for (const result of runs) {
      expect(result.code).toBe(2);
      const errors = result.stderr.split("\n").filter((line) => line.startsWith("gradeev: "));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^gradeev: cannot append the step summary \(\$GITHUB_STEP_SUMMARY\) to .+: (is a folder, not a file|no such file or folder)$/,
      );
      expect(result.stderr).not.toMatch(/internal error|bug in gradeev/);
      expect(result.stdout).toBe("");
    }
  });

  it("--format junit gives one test case per file, failing where there are errors", async () => {
    const result = await runCli([
      "validate",
      "samples/invalid/brightspace-grade",
      "samples/valid/brightspace-grade",
      "--format",
      "junit",
    ]);
    const files = result.stdout.match(/<testcase /g) ?? [];
    expect(files).toHaveLength(9);
    expect(result.stdout.match(/<failure /g)).toHaveLength(6);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  });

  it("--junit-per-event gives a failing test case per event with errors, named by file and index", async () => {
    const input = ndjsonOf([
      "samples/invalid/brightspace-grade/enum--unknown-verb.json",
      BS,
      "samples/invalid/brightspace-grade/no-actor-id.json",
    ]);
    const perFile = await runCli(["validate", "-", "--format", "junit"], { input });
    const perEvent = await runCli(["validate", "-", "--format", "junit", "--junit-per-event"], { input });
    expect(perFile.stdout.match(/<testcase [^>]*name="([^"]*)"/g)).toEqual([
      '<testcase classname="gradeev" name="&lt;stdin&gt;"',
    ]);
    expect([...perEvent.stdout.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1])).toEqual([
      "&lt;stdin&gt;#0",
      "&lt;stdin&gt;#2",
    ]);
    expect([...perEvent.stdout.matchAll(/<failure message="([^"]*)"/g)].map((m) => m[1])).toEqual([
      "1 error: ENUM",
      "1 error: NO_ACTOR_ID",
    ]);
    expect(perEvent.code).toBe(1);
  });

  it("--quiet and --max-diagnostics limit the text listing only: every machine format still carries every diagnostic", async () => {
    const input = join(scratch(), "d20.ndjson");
    writeFileSync(input, "{bad\n".repeat(20));
    for (const limit of [["-q"], ["--max-diagnostics", "5"]]) {
      const run = (...args: string[]) => runCli(["validate", input, ...limit, ...args]);
      const junit = await run("--format", "junit");
      expect(junit.code).toBe(1);
      expect(junit.stdout).toMatch(/<testsuite [^>]*tests="1" failures="1"/);
      expect(junit.stdout).toMatch(/<failure message="20 errors: JSON_SYNTAX"/);
      const perEvent = await run("--format", "junit", "--junit-per-event", "--max-diagnostics", "3");
      expect(perEvent.stdout).toMatch(/<testsuite [^>]*tests="20" failures="20"/);
      const sarif = JSON.parse((await run("--format", "sarif")).stdout) as { runs: { results: unknown[] }[] };
      expect(sarif.runs[0]!.results).toHaveLength(20);
      const json = JSON.parse((await run("--format", "json")).stdout) as { diagnostics: unknown[]; notShown: number };
      expect([json.diagnostics.length, json.notShown]).toEqual([20, 0]);
      const github = (await run("--format", "github")).stdout;
      expect(github.match(/^::error /gm)).toHaveLength(10);
      expect(github).toMatch(/^::notice title=gradeev::10 more problems \(10 errors, 0 warnings\) not annotated/m);
    }
  });

  it("--format sarif reports every diagnostic as a result with its location", async () => {
    const sarif = JSON.parse(
      (await runCli(["validate", "samples/invalid/caliper-grade-event", "--format", "sarif"])).stdout,
    ) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    const json = JSON.parse(
      (await runCli(["validate", "samples/invalid/caliper-grade-event", "--format", "json"])).stdout,
    ) as { diagnostics: { code: string; line: number }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine])).toEqual(
      json.diagnostics.map((d) => [d.code, d.line]),
    );
  });
});

describe("strictness", () => {
  it("--strict turns spec deviations into errors", async () => {
    const file = "samples/valid/bb-calculated-grade/blackboard-docs-v1p1-envelope.json";
    expect((await runCli(["validate", file])).code).toBe(0);
    const strict = await runCli(["validate", "--strict", file]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/error EVENT_ID_NOT_URN_UUID/);
  });

  it("--strict leaves data-quality warnings as warnings", async () => {
    const strict = await runCli([
      "validate",
      "--strict",
      "samples/valid/caliper-grade-event/canvas-docs-v1p1-grade-change-envelope.json",
    ]);
    expect(strict.code).toBe(0);
    expect(strict.stdout).toMatch(/warning SCORE_ABOVE_MAX/);
  });

  it("--strict leaves NO_COURSE and NO_SCORE warnings as warnings, as the list in docs/rules.md says (issue 13)", async () => {
    const noCourse = await runCli(["validate", "--strict", "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"]);
    expect(noCourse.code).toBe(0);
    expect(noCourse.stdout).toMatch(/warning NO_COURSE/);
    const statement = JSON.parse(
      readFileSync(join(ROOT, "samples/valid/xapi-score/lrs-export-mixed-scores.ndjson"), "utf8").split("\n")[0]!,
    ) as { result: { score: object } };
    statement.result.score = {};
    const noScore = await runCli(["validate", "--strict", "-"], { input: JSON.stringify(statement) });
    expect(noScore.code).toBe(0);
    expect(noScore.stdout).toMatch(/warning NO_SCORE/);
  });

  it("--fail-on-unknown makes unrecognised events errors", async () => {
    const file = "samples/unrecognised/caliperspec-v1p2-sessionevent-loggedin.json";
    expect((await runCli(["validate", file])).code).toBe(0);
    const failing = await runCli(["validate", "--fail-on-unknown", file]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(
      /error UNRECOGNISED: no profile recognises this event \(Caliper SessionEvent \(LoggedIn\)\)/,
    );
  });

  it("--profile forces one profile on every event", async () => {
    const forced = await runCli([
      "validate",
      "--profile",
      "brightspace-grade",
      "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson",
    ]);
    expect(forced.code).toBe(1);
    expect(forced.stdout).toMatch(/error .* \(event #0 .*\)/);
    const unknown = await runCli(["validate", "--profile", "nope", BB_NDJSON]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Allowed choices are bb-calculated-grade, /);
  });
});

describe("convert", () => {
  // Should `-o /dev/full` ever again be replaced by a rename (as root), put the device back.
  afterAll(() => {
    if (!statSync("/dev/full").isCharacterDevice() && process.getuid?.() === 0)
      execFileSync("sh", ["-c", "rm -f /dev/full && mknod -m 666 /dev/full c 1 7"]);
  });

  it("writes CSV with the documented columns to stdout and the summary to stderr", async () => {
    const result = await runCli(["convert", BB_NDJSON, "--to", "csv"]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toBe(RECORD_COLUMNS.join(","));
    expect(header!.startsWith("course,user,score,")).toBe(true);
    expect(rows).toHaveLength(4);
    expect(result.stderr).toMatch(/4 records written to standard output/);
  });

  it("writes JSON and NDJSON with the same records, numbers as written", async () => {
    const file = "samples/valid/bb-calculated-grade/array-of-envelopes-number-forms.json";
    const json = await runCli(["convert", file, "--to", "json"]);
    const ndjson = await runCli(["convert", file, "--to", "ndjson"]);
    expect(json.stdout).toContain('"score":1E21,"score_max":1000000000000000000000');
    expect(json.stdout).toContain('"grade_version":12345678901234567890');
    const fromJson = JSON.parse(json.stdout) as unknown[];
    const fromNdjson = ndjson.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
    expect(fromNdjson).toEqual(fromJson);
    expect(fromJson).toHaveLength(2);
  });

  it("--format json puts a JSON report on stderr and keeps stdout for records", async () => {
    const result = await runCli([
      "convert",
      "samples/invalid/input/json-syntax--one-bad-ndjson-line.ndjson",
      "--to",
      "ndjson",
      "--format",
      "json",
    ]);
    expect(result.code).toBe(1);
    expect(
      result.stdout
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { item: string }).item),
    ).toEqual(["56790", "56790"]);
    const report = JSON.parse(result.stderr) as {
      summary: { valid: number; invalid: number };
      diagnostics: { code: string; line: number }[];
    };
    expect(report.summary).toMatchObject({ valid: 2, invalid: 1 });
    expect(report.diagnostics).toMatchObject([{ code: "JSON_SYNTAX", line: 2 }]);
  });

  it("writes a header alone, and an empty JSON array, when nothing converts", async () => {
    const csv = await runCli(["convert", "samples/unrecognised", "--to", "csv"]);
    expect(csv.stdout).toBe(`${RECORD_COLUMNS.join(",")}\n`);
    const json = await runCli(["convert", "samples/unrecognised", "--to", "json"]);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it("still writes the valid records when some events are invalid (exit 1)", async () => {
    const result = await runCli(["convert", "samples/invalid/input/json-syntax--one-bad-ndjson-line.ndjson"]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(3);
    expect(result.stderr).toMatch(/:2:1085: error JSON_SYNTAX/);
  });

  it("-o writes the file and leaves no temporary file", async () => {
    const dir = scratch();
    const out = join(dir, "grades.csv");
    const result = await runCli(["convert", BB_NDJSON, "-o", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe(RECORD_COLUMNS.join(","));
    expect(readdirSync(dir)).toEqual(["grades.csv"]);
  });

  it("Ctrl-C during convert -o leaves no temporary file behind", async () => {
    const { spawn } = await import("node:child_process");
    const dir = scratch();
    const child = spawn(process.execPath, [BIN, "convert", "-", "-o", join(dir, "grades.csv")], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    // Standard input stays open, so the run is mid-way, its temporary file open, when interrupted.
    child.stdin.write(readFileSync(join(ROOT, BB_NDJSON)));
    for (let tries = 0; readdirSync(dir).length === 0 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)[0]).toMatch(/^\.grades\.csv\.gradeev-[0-9a-f]{8}-[0-9]+-[0-9a-f]{8}\.tmp$/);
    const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? signal)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("-o leaves no file at all, partial or empty, when the run fails with exit 2", async () => {
    const dir = scratch();
    const out = join(dir, "grades.csv");
    const result = await runCli(["convert", BB_NDJSON, "missing.json", "-o", out]);
    expect(result.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("-o keeps the previous file when the new run fails", async () => {
    const dir = scratch();
    const out = join(dir, "grades.csv");
    writeFileSync(out, "yesterday\n");
    const result = await runCli(["convert", "missing.json", "-o", out]);
    expect(result.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("yesterday\n");
  });

  it("-o into a missing folder is exit 2 with one line", async () => {
    const result = await runCli(["convert", BB_NDJSON, "-o", "/nonexistent-dir/grades.csv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gradeev: /nonexistent-dir/grades.csv: no such file or folder\n");
  });

  it("--rejects into a missing folder is exit 2, and leaves no temporary file of -o behind", async () => {
    const dir = scratch();
    const result = await runCli([
      "convert",
      BB_NDJSON,
      "-o",
      join(dir, "grades.csv"),
      "--rejects",
      "/nonexistent-dir/rejects.ndjson",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gradeev: /nonexistent-dir/rejects.ndjson: no such file or folder\n");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("-o and --rejects naming one file is exit 2 before anything is written (else the rejects would replace the records)", async () => {
    const dir = scratch();
    for (const [output, rejects] of [
      [join(dir, "out.txt"), join(dir, "out.txt")],
      [join(dir, "out.txt"), join(dir, ".", "sub", "..", "out.txt")],
    ]) {
      const result = await runCli(["convert", BB_NDJSON, "-o", output!, "--rejects", rejects!]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`gradeev: -o and --rejects name the same file, ${rejects}\n`);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it("a device may be named by both -o and --rejects: writing to it replaces nothing", async () => {
    const result = await runCli(["convert", BB_NDJSON, "-o", "/dev/null", "--rejects", "/dev/null"]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/name the same file/);
  });

  /** BB_NDJSON's events and one line that is not JSON: records and one reject. */
  function withOneReject(dir: string): string {
    const input = join(dir, "in.ndjson");
    writeFileSync(input, `${readFileSync(join(ROOT, BB_NDJSON), "utf8")}{not json}\n`);
    return input;
  }

  it("--rejects /dev/stdout while standard output is redirected to a file writes the rejects there, and replaces nothing", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const shell = join(dir, "stdout.txt");
    const records = join(dir, "grades.csv");
    const fd = openSync(shell, "w");
    const inode = statSync(shell).ino;
    const result = await runCli(["convert", input, "-o", records, "--rejects", "/dev/stdout"], { stdout: fd });
    closeSync(fd);
    expect(result.code).toBe(1);
    expect(statSync(shell).ino).toBe(inode); // the redirect target was written, not renamed over
    expect(readFileSync(shell, "utf8")).toContain("{not json}");
    expect(readFileSync(records, "utf8").split("\n").length).toBeGreaterThan(2);
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "in.ndjson", "stdout.txt"]);
  });

  it("-o /dev/stdout while standard output is redirected to a file writes the records there, and replaces nothing", async () => {
    const dir = scratch();
    const shell = join(dir, "stdout.txt");
    writeFileSync(shell, "");
    const fd = openSync(shell, "a");
    const inode = statSync(shell).ino;
    const result = await runCli(["convert", BB_NDJSON, "-o", "/dev/stdout"], { stdout: fd });
    closeSync(fd);
    expect(result.code).toBe(0);
    expect(statSync(shell).ino).toBe(inode);
    expect(readFileSync(shell, "utf8")).toMatch(/^course,user,score,/);
    expect(readdirSync(dir)).toEqual(["stdout.txt"]);
  });

  it("- as an output means standard output, as it means standard input among the paths: no file named - is made", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const records = await runCli(["convert", input, "--to", "csv", "-o", "-"], { cwd: dir });
    expect(records.code).toBe(1);
    expect(records.stdout).toMatch(/^course,user,score,/);
    expect(records.stderr).toMatch(/records written to standard output\n/);
    const rejects = await runCli(["convert", input, "-o", join(dir, "grades.csv"), "--rejects", "-"], { cwd: dir });
    expect(rejects.stdout).toContain("{not json}");
    expect(rejects.stderr).toMatch(/1 rejected event written to standard output\n/);
    const report = await runCli(["validate", input, "--format", "json", "--report", "-"], { cwd: dir });
    expect(JSON.parse(report.stdout).summary.invalid).toBe(1);
    const page = await runCli(["report", input, "-o", "-"], { cwd: dir });
    expect(page.stdout).toMatch(/^<!doctype html>/);
    const both = await runCli(["convert", input, "-o", "-", "--rejects", "-"], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^gradeev: [^\n]* standard output[^\n]*\n$/);
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "in.ndjson"]);
  });

  it("an output that is standard error, or standard output while the records go there too, is exit 2 with one line", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const shell = join(dir, "shell.txt");
    for (const [args, stream] of [
      [["--rejects", "/dev/stdout"], "stdout"],
      [["-o", join(dir, "grades.csv"), "--rejects", "/dev/stderr"], "stderr"],
      [["-o", "/dev/stderr"], "stderr"],
      [["-o", "/dev/stdout", "--rejects", "/dev/stdout"], "stdout"],
    ] as const) {
      writeFileSync(shell, "before\n");
      const fd = openSync(shell, "a");
      const inode = statSync(shell).ino;
      const result = await runCli(["convert", input, ...args], stream === "stdout" ? { stdout: fd } : { stderr: fd });
      closeSync(fd);
      const said = stream === "stdout" ? result.stderr : readFileSync(shell, "utf8").slice("before\n".length);
      expect(result.code, args.join(" ")).toBe(2);
      expect(said, args.join(" ")).toMatch(/^gradeev: [^\n]* standard (output|error)[^\n]*\n$/);
      expect(statSync(shell).ino).toBe(inode);
      if (stream === "stdout") expect(readFileSync(shell, "utf8")).toBe("before\n");
      expect(readdirSync(dir).sort()).toEqual(["in.ndjson", "shell.txt"]);
    }
  });

  it("when the rejects cannot be written (a full disk), -o keeps its previous file: all outputs are committed or none", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const records = join(dir, "grades.csv");
    writeFileSync(records, "yesterday\n");
    const result = await runCli(["convert", input, "-o", records, "--rejects", "/dev/full"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/(^|\n)gradeev: cannot write \/dev\/full: [^\n]*\n$/);
    expect(readFileSync(records, "utf8")).toBe("yesterday\n");
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "in.ndjson"]);
  });

  it("when a later output cannot be renamed into place, the ones already renamed are put back as they were, and the one line says so", async () => {
    const dir = scratch();
    const old = join(dir, "grades.csv");
    const fresh = join(dir, "new.csv");
    writeFileSync(old, "yesterday\n");
    const outputs = [await fileOutput(old), await fileOutput(fresh)];
    for (const out of outputs) out.stream.write("today\n");
    const failing: Output = {
      stream: outputs[0]!.stream,
      closed: () => false,
      finish: () => Promise.resolve(),
      place: () => Promise.reject(new GradeevError("cannot write rejects.ndjson: operation not permitted")),
      abort: () => Promise.resolve(),
    };
    await expect(commitAll([...outputs, failing])).rejects.toThrow(
      `cannot write rejects.ndjson: operation not permitted; ${fresh} and ${old} were put back as before`,
    );
    expect(readFileSync(old, "utf8")).toBe("yesterday\n");
    expect(readdirSync(dir)).toEqual(["grades.csv"]); // new.csv did not exist before: gone again, and no temporary left
    const ok = [await fileOutput(old), await fileOutput(fresh)];
    for (const out of ok) out.stream.write("today\n");
    await commitAll(ok);
    expect(readFileSync(old, "utf8")).toBe("today\n");
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "new.csv"]);
  });

  it("-o or --rejects naming one of the inputs (given or found in a folder) is exit 2, and the input is left as it was", async () => {
    const dir = scratch();
    const input = join(dir, "events.ndjson");
    const text = readFileSync(join(ROOT, BB_NDJSON), "utf8");
    writeFileSync(input, text);
    for (const args of [
      [input, "-o", input],
      [dir, "-o", input],
      [input, "-o", join(dir, "grades.csv"), "--rejects", input],
    ]) {
      const named = args[args.length - 1]!;
      const result = await runCli(["convert", ...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toBe(`gradeev: ${named} is also an input: writing it would replace what is being read\n`);
      expect(readFileSync(input, "utf8")).toBe(text);
      expect(readdirSync(dir)).toEqual(["events.ndjson"]);
    }
    // `- < events.ndjson`: standard input is the same file.
    const result = await runCli(["convert", "-", "-o", input], { stdin: openSync(input, "r") });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`gradeev: ${input} is also an input: writing it would replace what is being read\n`);
    expect(readFileSync(input, "utf8")).toBe(text);
  });

  it("-o through a symbolic link writes the file it points to and keeps the link (as a shell's > does)", async () => {
    const dir = scratch();
    const target = join(dir, "shared-grades.csv");
    const link = join(dir, "grades.csv");
    writeFileSync(target, "old\n");
    symlinkSync(target, link);
    const result = await runCli(["convert", BB_NDJSON, "-o", link]);
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toMatch(/^course,/);
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", "shared-grades.csv"]);
  });

  it("-o through a dangling symbolic link (or a chain of them) creates the file it points to and keeps the links", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "shared"));
    symlinkSync(join("shared", "grades-2026.csv"), join(dir, "next.csv"));
    symlinkSync("next.csv", join(dir, "grades.csv"));
    const result = await runCli([
      "convert",
      BB_NDJSON,
      "-o",
      join(dir, "grades.csv"),
      "--rejects",
      join(dir, "next.csv"),
    ]);
    expect(result.code).toBe(2); // both name one file, through the links
    const written = await runCli(["convert", BB_NDJSON, "-o", join(dir, "grades.csv")]);
    expect(written.code).toBe(0);
    expect(lstatSync(join(dir, "grades.csv")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "next.csv")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "shared", "grades-2026.csv"), "utf8")).toMatch(/^course,/);
    expect(readdirSync(join(dir, "shared"))).toEqual(["grades-2026.csv"]);
  });

  it("--rejects with a reader of the records that goes away (| head -1) leaves no file, temporary or partial", async () => {
    const dir = scratch();
    const input = join(dir, "big.ndjson");
    writeFileSync(input, `${readFileSync(join(ROOT, BB_NDJSON), "utf8")}{not json}\n`.repeat(4000));
    const result = await runCli(["convert", input, "--to", "csv", "--rejects", join(dir, "rejects.ndjson")], {
      closeStdoutEarly: true,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^course,/);
    expect(readdirSync(dir)).toEqual(["big.ndjson"]);
  });

  it.each([
    ["SIGQUIT", 131],
    ["SIGHUP", 129],
    ["SIGTERM", 143],
  ] as const)("%s during convert -o --rejects leaves no temporary file behind", async (signal, code) => {
    const dir = scratch();
    const child = spawn(
      process.execPath,
      [BIN, "convert", "-", "-o", join(dir, "grades.csv"), "--rejects", join(dir, "rejects.ndjson")],
      {
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    // Standard input stays open, so the run is mid-way, its temporary files open, when the signal comes.
    child.stdin.write(readFileSync(join(ROOT, BB_NDJSON)));
    for (let tries = 0; readdirSync(dir).length < 2 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir)).toHaveLength(2);
    const exited = new Promise((resolve) => child.on("close", (exit, killed) => resolve(exit ?? killed)));
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a run keeps its temporary file touched while it reads, so a slow run's file never looks stale to another (in another process namespace, its pid means nothing)", async () => {
    const dir = scratch();
    const child = spawn(process.execPath, [BIN, "convert", "-", "--dedupe", "-o", join(dir, "grades.csv")], {
      stdio: ["pipe", "ignore", "ignore"],
    });
    child.stdin.write(readFileSync(join(ROOT, BB_NDJSON)));
    const temporary = async () => {
      for (let i = 0; i < 100; i++) {
        const name = readdirSync(dir).find((n) => n.endsWith(".tmp"));
        if (name) return join(dir, name);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("no temporary file");
    };
    const file = await temporary();
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(file, anHourAgo, anHourAgo);
    let touched = false;
    for (let i = 0; i < 80 && !touched; i++) {
      await new Promise((r) => setTimeout(r, 100));
      touched = Date.now() - statSync(file).mtimeMs < 60_000;
    }
    child.stdin.end();
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(touched).toBe(true);
    expect(code).toBe(0);
  });

  it("a stale temporary file of ours (its process gone, as after SIGKILL) is removed by the next run into its folder; a live run's, a new one and other names are kept", async () => {
    const dir = scratch();
    const records = join(dir, "grades.csv");
    // A run killed mid-way (SIGKILL cannot be caught) leaves its temporary file.
    const killed = spawn(process.execPath, [BIN, "convert", "-", "-o", join(dir, "killed.csv")], {
      stdio: ["pipe", "ignore", "ignore"],
    });
    killed.stdin.write(readFileSync(join(ROOT, BB_NDJSON)));
    for (let tries = 0; readdirSync(dir).length === 0 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => killed.on("close", resolve).kill("SIGKILL"));
    const left = readdirSync(dir).map((name) => join(dir, name));
    expect(left).toHaveLength(1);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid!; // a process that has ended
    const stale = [
      ...left,
      temporaryName(records, "tmp", gone),
      temporaryName(join(dir, "rejects.ndjson"), "old", gone),
    ];
    const kept = [
      temporaryName(records, "tmp", process.pid), // a live process's
      temporaryName(records, "tmp", gone).replace(/gradeev-[0-9a-f]{8}-/, "gradeev-0badc0de-"), // another host's
      ".grades.csv.1a2b3c4d.tmp", // not our naming
      "notes.txt",
    ];
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const path of [...stale, ...kept.map((name) => (name.includes("/") ? name : join(dir, name)))]) {
      if (!left.includes(path)) writeFileSync(path, "partial\n");
      utimesSync(path, hourAgo, hourAgo);
    }
    // Our naming, but a link and a folder: never ours to remove.
    const link = temporaryName(records, "old", gone);
    symlinkSync(join(dir, "notes.txt"), link);
    lutimesSync(link, hourAgo, hourAgo);
    const folder = temporaryName(records, "tmp", gone);
    mkdirSync(folder);
    utimesSync(folder, hourAgo, hourAgo);
    kept.push(link, folder);
    const recent = temporaryName(join(dir, "other.csv"), "tmp", gone); // just written: too new to judge by its process id alone
    writeFileSync(recent, "partial\n");
    const result = await runCli(["convert", BB_NDJSON, "-o", records]);
    expect(result.code).toBe(0);
    const names = (paths: string[]) => paths.map((path) => path.split("/").pop()!);
    expect(readdirSync(dir).sort()).toEqual(["grades.csv", ...names(kept), ...names([recent])].sort());
  });

  /** Runs the binary under a umask, as a shell would (`umask 077; gradeev …`). */
  function runWithUmask(umask: string, args: string[]): number | null {
    return spawnSync("sh", ["-c", `umask ${umask} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
      cwd: ROOT,
      stdio: "ignore",
    }).status;
  }
  const modeOf = (path: string) => statSync(path).mode & 0o7777;

  it("a replaced -o or --rejects file keeps its mode (0600 stays 0600, 0640 stays 0640); a new one gets 0666 less the umask, as a shell's > gives", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const records = join(dir, "grades.csv");
    const rejects = join(dir, "rejects.ndjson");
    writeFileSync(records, "yesterday\n", { mode: 0o600 });
    writeFileSync(rejects, "yesterday\n", { mode: 0o640 });
    chmodSync(rejects, 0o640);
    expect(runWithUmask("022", ["convert", input, "-o", records, "--rejects", rejects])).toBe(1);
    expect(readFileSync(records, "utf8")).toMatch(/^course,/);
    expect(modeOf(records).toString(8)).toBe("600");
    expect(modeOf(rejects).toString(8)).toBe("640");
    for (const [umask, mode] of [
      ["022", "644"],
      ["077", "600"],
      ["002", "664"],
    ] as const) {
      const fresh = join(dir, `new-${umask}.csv`);
      expect(runWithUmask(umask, ["convert", BB_NDJSON, "-o", fresh])).toBe(0);
      expect(modeOf(fresh).toString(8), `umask ${umask}`).toBe(mode);
    }
  });

  it("while a replaced 0600 file is being written, its temporary file is 0600 too (never readable by others meanwhile)", async () => {
    const dir = scratch();
    const records = join(dir, "grades.csv");
    writeFileSync(records, "yesterday\n", { mode: 0o600 });
    const child = spawn(
      "sh",
      ["-c", 'umask 022 && exec "$0" "$@"', process.execPath, BIN, "convert", "-", "-o", records],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    child.stdin.write(readFileSync(join(ROOT, BB_NDJSON)));
    const temporary = () => readdirSync(dir).find((name) => name.endsWith(".tmp"));
    for (let tries = 0; temporary() === undefined && tries < 100; tries++) await new Promise((r) => setTimeout(r, 50));
    const mode = modeOf(join(dir, temporary()!));
    const exited = new Promise((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    await exited;
    expect(mode.toString(8)).toBe("600");
  });

  it("--private writes -o and --rejects readable by their owner alone (0600), new or replaced", async () => {
    const dir = scratch();
    const input = withOneReject(dir);
    const records = join(dir, "grades.csv");
    const rejects = join(dir, "rejects.ndjson");
    writeFileSync(records, "yesterday\n");
    chmodSync(records, 0o644);
    expect(runWithUmask("022", ["convert", input, "-o", records, "--rejects", rejects, "--private"])).toBe(1);
    expect(modeOf(records).toString(8)).toBe("600");
    expect(modeOf(rejects).toString(8)).toBe("600");
  });

  it("a replaced -o file keeps its owner and group (as root; a user keeps their own)", async () => {
    const dir = scratch();
    const records = join(dir, "grades.csv");
    writeFileSync(records, "yesterday\n");
    chmodSync(records, 0o640);
    const asRoot = process.getuid?.() === 0;
    const owner = asRoot ? { uid: 12345, gid: 23456 } : { uid: process.getuid!(), gid: process.getgid!() };
    chownSync(records, owner.uid, owner.gid);
    const result = await runCli(["convert", BB_NDJSON, "-o", records]);
    expect(result.code).toBe(0);
    expect(readFileSync(records, "utf8")).toMatch(/^course,/);
    expect(statSync(records)).toMatchObject(owner);
    expect(modeOf(records).toString(8)).toBe("640");
  });

  /** A folder with the sticky bit, writable by all, as /tmp is. */
  function stickyFolder(): string {
    const dir = join(scratch(), "shared");
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
    return dir;
  }

  it("-o through our own symbolic link in a sticky folder (as /tmp) writes the file it points to", async () => {
    const dir = stickyFolder();
    const target = join(dir, "mine.csv");
    writeFileSync(target, "old\n");
    symlinkSync(target, join(dir, "grades.csv"));
    const result = await runCli(["convert", BB_NDJSON, "-o", join(dir, "grades.csv")]);
    expect(result.code).toBe(0);
    expect(readFileSync(target, "utf8")).toMatch(/^course,/);
  });

  it("-o through a symbolic link (or over a file) another user planted in a sticky folder is refused: exit 2, one line, nothing written", async () => {
    const dir = stickyFolder();
    const victim = join(dir, "..", "victim.csv");
    writeFileSync(victim, "precious\n");
    symlinkSync(victim, join(dir, "grades.csv"));
    mkdirSync(join(dir, "real-folder"));
    symlinkSync(join(dir, "real-folder"), join(dir, "folder-link"));
    writeFileSync(join(dir, "planted.csv"), "theirs\n");
    // Only root can make an entry another user's; a user's run meets one in /tmp, and the rule is the same (test/output-files.test.ts).
    if (process.getuid?.() !== 0)
      return expect(mayFollow({ uid: 54321 }, statSync(dir), process.getuid!())).toBe(false);
    for (const name of ["grades.csv", "folder-link", "planted.csv"]) lchownSync(join(dir, name), 54321, 54321);
    for (const [option, path, what] of [
      ["-o", join(dir, "grades.csv"), "symbolic link"],
      ["--rejects", join(dir, "grades.csv"), "symbolic link"],
      ["-o", join(dir, "folder-link", "grades.csv"), "symbolic link"],
      ["-o", `${dir}/folder-link/../elsewhere.csv`, "symbolic link"], // `..` after the link: the kernel follows it first
      ["-o", join(dir, "planted.csv"), "file"],
    ] as const) {
      const args = option === "-o" ? ["-o", path] : ["-o", join(dir, "..", "out.csv"), "--rejects", path];
      const result = await runCli(["convert", BB_NDJSON, ...args]);
      expect(result.code, path).toBe(2);
      expect(result.stderr, path).toMatch(
        new RegExp(`^gradeev: [^\\n]*: a ${what} another user owns in a shared folder \\(sticky\\)[^\\n]*\\n$`),
      );
      expect(readFileSync(victim, "utf8")).toBe("precious\n");
      expect(readFileSync(join(dir, "planted.csv"), "utf8")).toBe("theirs\n");
      expect(readdirSync(join(dir, "real-folder"))).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(["folder-link", "grades.csv", "planted.csv", "real-folder"]);
      expect(existsSync(join(dir, "..", "out.csv"))).toBe(false);
    }
  });

  it("-o to a device writes to it in place, and a full disk is exit 2 with one line", async () => {
    const result = await runCli(["convert", BB_NDJSON, "-o", "/dev/full"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradeev: cannot write \/dev\/full: no space left on the device\n$/m);
    expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("a full disk behind standard output is exit 2 with one line", async () => {
    const result = await runCli(["convert", BB_NDJSON], { stdout: openSync("/dev/full", "w") });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^gradeev: cannot write standard output: no space left on the device\n$/m);
    expect(result.stderr).not.toMatch(/records written/);
  });

  it("never puts the Brightspace editor in the user column", async () => {
    const result = await runCli(["convert", "samples/valid/brightspace-grade", "--to", "json"]);
    const records = JSON.parse(result.stdout) as { user: unknown; score: unknown; actor: string; actor_ref: string }[];
    expect(records.length).toBe(9);
    for (const record of records) {
      expect(record.user).toBeNull();
      expect(record.score).toBeNull();
      expect(record.actor).toMatch(/^\d+$/);
      expect(record.actor_ref).toMatch(/^urn:uuid:/);
    }
  });
});

describe("help and version", () => {
  it("--help shows examples for each command", async () => {
    for (const command of ["validate", "convert"]) {
      const result = await runCli([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Examples:\n\s+\$ gradeev /);
    }
  });

  it("--help lists the options in groups, each option in one, none left in a catch-all block", async () => {
    const groups = {
      validate: ["Judging:", "Report:", "Input:", "Worker threads:"],
      convert: ["Output:", "Records:", "CSV:", "Judging:", "Report:", "Input:", "Worker threads:"],
    };
    for (const [command, headings] of Object.entries(groups)) {
      const help = (await runCli([command, "--help"])).stdout;
      const sections = new Map<string, string[]>();
      let heading = "";
      for (const line of help.split("\n")) {
        if (/^\S.*:$/.test(line)) heading = line;
        const option = /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line)?.[1];
        if (option) sections.set(heading, [...(sections.get(heading) ?? []), option]);
      }
      expect([...sections.keys()], command).toEqual([...headings, "Options:"]);
      expect(sections.get("Options:"), command).toEqual(["--help"]); // only commander's own
      const listed = [...sections.values()].flat();
      expect(new Set(listed).size, command).toBe(listed.length);
      for (const heading of headings) expect(sections.get(heading)?.length, `${command} ${heading}`).toBeGreaterThan(0);
    }
  });

  it("--version prints the package version", async () => {
    const result = await runCli(["--version"]);
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
