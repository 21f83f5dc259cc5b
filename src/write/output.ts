import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { GradeevError, ioErrorMessage } from "../errors.js";

/**
 * Where records go. A file is written under a temporary name beside it and renamed into place
 * only by commit(), so a failed run never leaves a partial or empty output file.
 */
export interface Output {
  stream: Writable;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export function stdoutOutput(stdout: Writable): Output {
  return {
    stream: stdout,
    async commit() {},
    async abort() {},
  };
}

export async function fileOutput(path: string): Promise<Output> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  const stream = createWriteStream(temporary, { flags: "wx" });
  let failure: unknown;
  stream.on("error", (err) => (failure ??= err));
  await new Promise<void>((resolve) => {
    stream.once("open", () => resolve());
    stream.once("error", () => resolve());
  });
  if (failure !== undefined) throw new GradeevError(ioErrorMessage(failure, path));
  const remove = () => unlink(temporary).catch(() => {});
  return {
    stream,
    async commit() {
      stream.end();
      await finished(stream).catch((err: unknown) => (failure ??= err));
      if (failure !== undefined) {
        await remove();
        throw new GradeevError(ioErrorMessage(failure, path));
      }
      await rename(temporary, path).catch(async (err: unknown) => {
        await remove();
        throw new GradeevError(ioErrorMessage(err, path));
      });
    },
    async abort() {
      stream.destroy();
      await remove();
    },
  };
}
