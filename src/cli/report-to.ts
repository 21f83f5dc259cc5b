import type { Writable } from "node:stream";
import { GradeevError } from "../errors.js";
import { standardStreamOf, type StandardStreams } from "../write/collisions.js";
import { fileOutput, type FileOptions, type Output } from "../write/output.js";
import type { Io } from "./io.js";

/**
 * Where the report goes: the command's own standard stream, or --report's file. A file is written
 * as every output is (a temporary name, renamed into place once the run is done: `file`), so that a
 * map step's report is there whole or not at all. A --report that is a standard stream
 * (`/dev/stderr`) is written to directly, as -o is.
 */
export interface ReportTo {
  stream: Writable & { isTTY?: boolean };
  /** As an error message names it. */
  name: string;
  /** Which stream's colour support a text report asks chalk about; a file is never painted (FORCE_COLOR is for terminals and their pipes). */
  paint: "stdout" | "stderr" | "none";
  file?: Output;
}

/** The standard stream itself, as an error names it. */
export function standardReport(stream: "stdout" | "stderr", io: Io): ReportTo {
  return { stream: io[stream], name: stream === "stdout" ? "standard output" : "standard error", paint: stream };
}

/** Which standard stream --report names, if any; call before anything is read, to refuse what collides. */
export async function reportStream(
  path: string | undefined,
  streams: StandardStreams,
): Promise<"stdout" | "stderr" | undefined> {
  return path === undefined ? undefined : standardStreamOf(path, streams);
}

/** Opens --report's file (after every check, before the run's first output), or names the stream. */
export async function reportTo(
  path: string | undefined,
  stream: "stdout" | "stderr" | undefined,
  standard: "stdout" | "stderr",
  io: Io,
  options: FileOptions,
): Promise<ReportTo> {
  if (path === undefined) return standardReport(standard, io);
  if (stream !== undefined) return standardReport(stream, io);
  if (path === "") throw new GradeevError("--report needs a file name");
  const file = await fileOutput(path, options);
  return { stream: file.stream, name: path, paint: "none", file };
}
