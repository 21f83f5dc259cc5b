/**
 * The flags a distributed engine's map step needs (issue 17): --exit-zero, --report FILE, and
 * --stdin-name / --first-line / --first-index for a part of a file read through standard input.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const BS = "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json";
const FORMATS = ["text", "json", "github", "junit", "sarif"] as const;
const scratch = () => scratchFolder("map-step");

describe("--exit-zero", () => {
  it("invalid events exit 0 with it, 1 without, for validate and convert", async () => {
    for (const command of ["validate", "convert"]) {
      expect((await runCli([command, "samples/invalid"])).code, command).toBe(1);
      const result = await runCli([command, "samples/invalid", "--exit-zero"]);
      expect(result.code, command).toBe(0);
      expect(result.stdout + result.stderr, command).toMatch(/error NO_COURSE/);
    }
  });

  it("a usage error and an unreadable input keep exit 2", async () => {
    for (const args of [
      ["validate", "samples/invalid", "--exit-zero", "--jobs", "0"],
      ["convert", "samples/invalid", "--exit-zero", "--to", "xml"],
      ["validate", "no/such/file.json", "--exit-zero"],
      ["convert", "samples/invalid", "no/such/file.json", "--exit-zero"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(/^(gradeev: |error: )/);
    }
  });

  it("an internal error keeps exit 3", async () => {
    const chunks: string[] = [];
    const io = {
      stdin: Readable.from([]),
      stdout: Object.assign(new Writable({ write: () => { throw new TypeError("boom"); } }), { isTTY: false }),
      stderr: Object.assign(new Writable({ write(c: Buffer, _e, done) { chunks.push(c.toString()); done(); } }), { isTTY: false }),
      env: {},
    };
    expect(await main(["validate", join(ROOT, "samples/invalid"), "--exit-zero"], io)).toBe(3);
    expect(chunks.join("")).toMatch(/internal error: boom/);
  });
});

describe("--report FILE", () => {
  it.each(FORMATS)("convert --format %s: the report goes to the file, as it would go to standard error, and the records stay on standard output", async (format) => {
    const dir = scratch();
    const file = join(dir, "report.out");
    const plain = await runCli(["convert", "samples/invalid", "--format", format]);
    const toFile = await runCli(["convert", "samples/invalid", "--format", format, "--report", file]);
    expect(toFile.code).toBe(plain.code);
    expect(toFile.stdout).toBe(plain.stdout);
    expect(toFile.stdout).toMatch(/^course,user,/);
    expect(toFile.stderr).toBe("");
    expect(readFileSync(file, "utf8")).toBe(plain.stderr);
    expect(readdirSync(dir)).toEqual(["report.out"]);
  });

  it.each(FORMATS)("validate --format %s: the report goes to the file, as it would go to standard output", async (format) => {
    const dir = scratch();
    const file = join(dir, "report.out");
    const plain = await runCli(["validate", "samples/invalid", "--format", format]);
    const toFile = await runCli(["validate", "samples/invalid", "--format", format, "--report", file]);
    expect(toFile.code).toBe(plain.code);
    expect(toFile.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toBe(plain.stdout);
  });

  it("a run that fails leaves no report file, partial or empty, and a previous one as it was", async () => {
    const dir = scratch();
    const fresh = join(dir, "fresh.json");
    const kept = join(dir, "kept.json");
    writeFileSync(kept, "previous\n");
    for (const report of [fresh, kept]) {
      // The records' device is full: the run fails while writing, after the report file was opened.
      const result = await runCli(["convert", BS, "-o", "/dev/full", "--format", "json", "--report", report]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^gradeev: cannot write .*no space/i);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(kept, "utf8")).toBe("previous\n");
    expect(readdirSync(dir)).toEqual(["kept.json"]);
  });

  it("refuses a report that would replace an input, or share standard output with the records", async () => {
    const dir = scratch();
    const input = join(dir, "in.ndjson");
    writeFileSync(input, readFileSync(join(ROOT, BS)));
    const over = await runCli(["validate", input, "--report", input]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/is also an input/);
    expect(readFileSync(input, "utf8")).toBe(readFileSync(join(ROOT, BS), "utf8"));
    const stdout = await runCli(["convert", BS, "--report", "/dev/stdout"], { stdout: undefined });
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toMatch(/--report \/dev\/stdout is standard output, where the records/);
  });
});
