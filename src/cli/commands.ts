import { grade, exitCodeOf } from "../grade.js";
import type { CheckOptions } from "../core/check.js";
import { profiles } from "../profiles/index.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { readInputs } from "../read/read-inputs.js";
import { painterFor } from "../report/color.js";
import { formatJsonReport } from "../report/json.js";
import { formatDiagnostic, formatSummary } from "../report/text.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Summary } from "../core/tally.js";
import { fileOutput, stdoutOutput } from "../write/output.js";
import { createRecordWriter, type OutputFormat } from "../write/writers.js";
import type { Io } from "./io.js";

export const REPORT_FORMATS = ["text", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const XAPI_VERSIONS = ["1.0.3", "2.0"] as const;

/** What validate and convert share: the report format and how strictly events are judged. */
export interface CommonOptions extends CheckOptions {
  format: ReportFormat;
}

/** Commander's camelCased flags, as the library's check options. */
function checkOptions(options: CommonOptions): CheckOptions {
  return {
    ...(options.strict && { strict: true }),
    ...(options.failOnUnknown && { failOnUnknown: true }),
    ...(options.xapiVersion && { xapiVersion: options.xapiVersion }),
    ...(options.profile !== undefined && { profile: options.profile }),
  };
}

/** No path means standard input, unless standard input is a terminal (then the user forgot the path). */
function inputPaths(paths: string[], io: Io): string[] {
  if (paths.length > 0) return paths;
  if (io.stdin.isTTY) throw new GradeevError("no input: name a file or folder, or pipe events in (use - for standard input)");
  return ["-"];
}

/** Prints diagnostics as they come (text) or all at the end (json), then the summary. */
function reporter(format: ReportFormat, stream: "stdout" | "stderr", io: Io) {
  const out = io[stream];
  const paint = painterFor(stream, out.isTTY === true, io.env);
  const collected: Diagnostic[] = [];
  return {
    diagnostic(d: Diagnostic) {
      if (format === "json") collected.push(d);
      else out.write(`${formatDiagnostic(d, paint)}\n`);
    },
    summary(summary: Summary, extra: string[] = []) {
      if (format === "json") out.write(formatJsonReport(summary, collected));
      else out.write([...formatSummary(summary, paint), ...extra].map((line) => `${line}\n`).join(""));
    },
  };
}

export async function validateCommand(paths: string[], options: CommonOptions, io: Io): Promise<number> {
  const run = grade(readInputs(inputPaths(paths, io), { stdin: io.stdin }), checkOptions(options));
  const output = stdoutOutput(io.stdout);
  const report = reporter(options.format, "stdout", io);
  for await (const item of run.items) {
    if (output.closed()) return exitCodeOf(run.summary);
    if (item.kind === "diagnostic") report.diagnostic(item.diagnostic);
  }
  report.summary(run.summary);
  await output.commit();
  return exitCodeOf(run.summary);
}

export interface ConvertOptions extends CommonOptions {
  to: OutputFormat;
  output?: string;
}

/** Records go to stdout or the output file; diagnostics and the summary go to stderr. */
export async function convertCommand(paths: string[], options: ConvertOptions, io: Io): Promise<number> {
  const items = readInputs(inputPaths(paths, io), { stdin: io.stdin });
  const output = options.output !== undefined ? await fileOutput(options.output) : stdoutOutput(io.stdout);
  const target = options.output ?? "standard output";
  const writeFailed = (err: unknown) =>
    err instanceof GradeevError ? err : new GradeevError(`cannot write ${ioErrorMessage(err, target)}`);
  const report = reporter(options.format, "stderr", io);
  const run = grade(items, checkOptions(options));
  let records = 0;
  try {
    const writer = createRecordWriter(options.to, output.stream);
    for await (const item of run.items) {
      if (item.kind === "diagnostic") report.diagnostic(item.diagnostic);
      else {
        records++;
        await writer.write(item.record).catch((err: unknown) => Promise.reject(writeFailed(err)));
      }
    }
    await writer.end().catch((err: unknown) => Promise.reject(writeFailed(err)));
    await output.commit();
  } catch (err) {
    // The reader of our output went away (`| head -1`): stop quietly, as Unix tools do.
    if (output.closed()) return exitCodeOf(run.summary);
    await output.abort();
    throw err;
  }
  report.summary(run.summary, [`${records} ${records === 1 ? "record" : "records"} written to ${target}`]);
  return exitCodeOf(run.summary);
}

export function profilesCommand(io: Io): number {
  const width = Math.max(...profiles.map((p) => p.id.length));
  for (const profile of profiles)
    io.stdout.write(`${profile.id.padEnd(width)}  ${profile.source.padEnd(7)}  ${profile.title}\n${" ".repeat(width + 11)}${profile.recognises}\n`);
  return 0;
}

export function schemaCommand(id: string, io: Io): number {
  const profile = profiles.find((p) => p.id === id);
  if (!profile) throw new GradeevError(`no profile ${id}; see gradeev profiles`);
  io.stdout.write(`${JSON.stringify(profile.schema, null, 2)}\n`);
  return 0;
}
