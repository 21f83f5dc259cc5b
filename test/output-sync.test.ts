/** `-o` and `--rejects` files reach the disk before they are renamed into place. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commitAll, fileOutput } from "../src/write/output.js";
import { GradeevError } from "../src/errors.js";
import { scratchFolder } from "./helpers.js";

/** What each fsync saw in the folder of the file being written, and an error it is to fail with. */
const seen = vi.hoisted(() => ({
  calls: [] as { folder: string[] }[],
  folder: "",
  failWith: undefined as NodeJS.ErrnoException | undefined,
}));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fsync = (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
    seen.calls.push({ folder: seen.folder === "" ? [] : fs.readdirSync(seen.folder).sort() });
    if (seen.failWith !== undefined) return process.nextTick(callback, seen.failWith);
    fs.fsync(fd, callback);
  };
  return { ...fs, default: { ...fs, fsync }, fsync };
});

afterEach(() => {
  seen.calls = [];
  seen.folder = "";
  seen.failWith = undefined;
});

describe("-o forces its file to disk before the rename", () => {
  it("calls fsync on the written temporary file, before it is renamed into place", async () => {
    const folder = scratchFolder("sync");
    seen.folder = folder;
    const target = join(folder, "grades.csv");
    const output = await fileOutput(target);
    output.stream.write("a,b\n1,2\n");
    await commitAll([output]);
    expect(seen.calls).toHaveLength(1);
    // At the fsync the target does not exist yet: only the temporary file does.
    expect(seen.calls[0]!.folder).toEqual([expect.stringMatching(/^\.grades\.csv\.gradeev-.*\.tmp$/)]);
    expect(readFileSync(target, "utf8")).toBe("a,b\n1,2\n");
    expect(readdirSync(folder)).toEqual(["grades.csv"]);
  });

  it("a failing fsync (EIO) is a write error: the previous file is kept, no temporary file is left", async () => {
    const folder = scratchFolder("sync");
    const target = join(folder, "grades.csv");
    writeFileSync(target, "yesterday\n");
    seen.failWith = Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
    const output = await fileOutput(target);
    output.stream.write("a,b\n1,2\n");
    const failure = await commitAll([output]).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(GradeevError);
    expect((failure as Error).message).toMatch(/^cannot write .*grades\.csv/);
    expect(readFileSync(target, "utf8")).toBe("yesterday\n");
    expect(readdirSync(folder)).toEqual(["grades.csv"]);
  });

  it("a device written in place (/dev/null) is not synced", async () => {
    const output = await fileOutput("/dev/null");
    output.stream.write("x\n");
    await commitAll([output]);
    expect(seen.calls).toHaveLength(0);
  });
});
