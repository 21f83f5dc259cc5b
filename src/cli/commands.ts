import { exitCodeOf } from "../grade.js";
import { checkOptionsOf, type CheckOptions } from "../core/check.js";
import type { Summary } from "../core/tally.js";
import { ruleInfo, type Diagnostic } from "../diagnostics.js";
import { appendFileSync, statSync } from "node:fs";
import { VERSION } from "./version.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { profiles } from "../profiles/index.js";
import type { ReadOptions } from "../read/read-inputs.js";
import { painterFor } from "../report/color.js";
import { streamSink, type ReportSink, type ReportWriter } from "../report/sink.js";
import { formatDiagnostic, formatSummary } from "../report/text.js";
import { commitAll, stdoutOutput } from "../write/output.js";
import { startRun, type StartOptions } from "../run/run.js";
import type { Batch } from "../run/batch.js";
import { fileEntry, type FileEntry } from "../report/files.js";
import { judgedBy, type Judged } from "../report/judged.js";
import type { Io } from "./io.js";
import { startProgress } from "./progress.js";
import { reportStream, reportTo, type ReportTo } from "./report-to.js";
import { refuseCollisions, standardStreams } from "../write/collisions.js";

export const REPORT_FORMATS = ["text", "json", "github", "junit", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const XAPI_VERSIONS = ["1.0.3", "2.0"] as const;

/** What validate and convert share: how to report, and how strictly events are judged. */
export interface CommonOptions extends CheckOptions {
  format: ReportFormat;
  /** With --format junit: one test case per event with diagnostics, not per file. */
  junitPerEvent?: boolean;
  quiet?: boolean;
  maxDiagnostics?: number;
  maxEventBytes?: number;
  jobs?: number;
  partSize?: number;
  /** --worker-memory, in bytes. */
  workerMemory?: number;
  followLinks?: boolean;
  /** Exit 0 when events are invalid: a map step whose engine fails a task on any other code. */
  exitZero?: boolean;
  /** Write the report to this file instead of the command's standard stream. */
  report?: string;
  /** Standard input's name, first line and first event index: a part of a file, named as the file. */
  stdinName?: string;
  firstLine?: number;
  firstIndex?: number;
  /** Standard input's first byte is this byte of its file: ENCODING's byte offsets are the file's. */
  firstByte?: number;
  /** The options that changed verdicts, when not this command's own: merge-reports', the parts'. */
  judged?: Judged;
}

/**
 * The run's exit code, with --exit-zero's exception: invalid events are no failure (usage, input and
 * internal errors still are). Input that stopped being readable part-way (READ_ERROR, a truncated
 * gzip stream) is an input error, not invalid events: under --exit-zero it exits 2, so that an
 * engine retries or fails the task rather than take a part read in part as done.
 */
export function exitCode(summary: Summary, options: Pick<CommonOptions, "exitZero">): number {
  const code = exitCodeOf(summary);
  if (code !== 1 || options.exitZero !== true) return code;
  return (summary.byCode.READ_ERROR ?? 0) > 0 ? 2 : 0;
}

export function readOptions(options: CommonOptions, io: Io, progress: ReadOptions["progress"]): ReadOptions {
  return {
    stdin: io.stdin,
    ...(options.stdinName !== undefined && { stdinName: options.stdinName }),
    // A part that starts past the file's first line is read as a part, not as a file's start.
    ...(((options.firstLine ?? 1) > 1 || (options.firstByte ?? 0) > 0) && {
      stdinPart: { firstByte: options.firstByte ?? 0 },
    }),
    ...(options.followLinks && { followLinks: true }),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...(progress && { progress }),
  };
}

/** With GRADEEV_DEBUG set, says how the run was spread: for troubleshooting, and for the tests. */
export function debugJobs(run: { jobs: number }, io: Io): void {
  if (io.env.GRADEEV_DEBUG)
    io.stderr.write(`gradeev: debug: ${run.jobs === 1 ? "1 thread" : `${run.jobs} worker threads`}\n`);
}

/** How many threads, how large files are split for them, and how much memory each may take. */
export function jobOptions(options: CommonOptions): Pick<StartOptions, "jobs" | "partBytes" | "workerMemoryMb"> {
  return {
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(options.partSize !== undefined && { partBytes: options.partSize }),
    ...(options.workerMemory !== undefined && { workerMemoryMb: Math.floor(options.workerMemory / 1024 ** 2) }),
  };
}

/**
 * Where standard input stands in the file it is a part of (--first-line, --first-index); with
 * --stdin-name, only valid when standard input is read: a usage error otherwise, before anything is.
 */
export function stdinStart(options: CommonOptions, inputs: readonly string[]): Pick<StartOptions, "stdinStart"> {
  const given = [
    ...(options.stdinName !== undefined ? ["--stdin-name"] : []),
    ...(options.firstLine !== undefined ? ["--first-line"] : []),
    ...(options.firstIndex !== undefined ? ["--first-index"] : []),
    ...(options.firstByte !== undefined ? ["--first-byte"] : []),
  ];
  if (given.length === 0) return {};
  if (!inputs.includes("-"))
    throw new GradeevError(
      `${given.join(" and ")} ${given.length === 1 ? "describes" : "describe"} standard input, which is not read: give - (or no path) and pipe the part in`,
    );
  if (options.stdinName === "") throw new GradeevError("--stdin-name needs a name (the file the part came from)");
  if (options.firstLine === undefined && options.firstIndex === undefined) return {};
  return { stdinStart: { line: options.firstLine ?? 1, index: options.firstIndex ?? 0 } };
}

/** No path means standard input, unless standard input is a terminal (then the user forgot the path). */
export function inputPaths(paths: string[], io: Io): string[] {
  if (paths.length > 0) return paths;
  if (io.stdin.isTTY)
    throw new GradeevError("no input: name a file or folder, or pipe events in (use - for standard input)");
  return ["-"];
}

/**
 * Prints diagnostics as they come, then the summary; --quiet and --max-diagnostics hold some back
 * from the text listing, and the summary says how many. Every format writes as results arrive,
 * waiting while its stream is full; the machine formats hold what must come before their totals in a
 * spool, never whole, and always get every diagnostic: a CI gate reads their verdicts (a JUnit case
 * that fails, a SARIF result), and a listing cut short would pass what failed.
 */
export async function reporter(options: CommonOptions, to: ReportTo, io: Io, progress: { clear(): void }) {
  const out = to.stream;
  const sink = streamSink(out, to.name);
  const paint = await painterFor(to.paint, out.isTTY === true, io.env);
  const writer = options.format === "text" ? undefined : await machineReport(options.format, options, sink, io);
  const limit = writer ? Infinity : options.quiet ? 0 : (options.maxDiagnostics ?? Infinity);
  let shown = 0;
  let hidden = 0;
  const files: FileEntry[] = [];
  return {
    /** A batch's file, if it starts one, and its diagnostics. */
    async batch(batch: Batch) {
      if (batch.file !== undefined) this.file(batch.file, batch.part);
      for (const diagnostic of batch.diagnostics) await this.diagnostic(diagnostic);
    },
    /** A file read, or a part of one (standard input with --first-line / --first-index). */
    file(name: string, part?: Batch["part"]) {
      this.entry(fileEntry(name, part));
    },
    /** A file as a report listed it (merge-reports). */
    entry(file: FileEntry) {
      files.push(file);
      writer?.file(file.name);
    },
    async diagnostic(d: Diagnostic) {
      if (shown >= limit) {
        hidden++;
        return;
      }
      shown++;
      progress.clear();
      if (writer) await writer.diagnostic(d);
      else await sink.write(`${formatDiagnostic(d, paint)}\n`);
    },
    async summary(summary: Summary, extra: string[] = []) {
      progress.clear();
      if (writer) return writer.end(summary, files);
      const notShown =
        hidden > 0
          ? [`${hidden} more ${hidden === 1 ? "diagnostic" : "diagnostics"} not shown (--quiet / --max-diagnostics)`]
          : [];
      await sink.write([...formatSummary(summary, paint), ...extra, ...notShown].map((line) => `${line}\n`).join(""));
    },
    /** Gives back what the report held; on every way out. */
    close: () => writer?.close() ?? Promise.resolve(),
  };
}

/** The machine formats are loaded when asked for, not at every start-up. */
async function machineReport(
  format: Exclude<ReportFormat, "text">,
  options: CommonOptions,
  sink: ReportSink,
  io: Io,
): Promise<ReportWriter> {
  switch (format) {
    case "json":
      return (await import("../report/json.js")).createJsonReport(sink, {
        judged: options.judged ?? judgedBy(options),
      });
    case "github": {
      const { createGithubReport, stepSummaryBudget } = await import("../report/github.js");
      // The step summary file is the whole job's: append, as every step does.
      const path = io.env.GITHUB_STEP_SUMMARY;
      if (!path) return createGithubReport(sink);
      return createGithubReport(sink, {
        stepSummaryBytes: stepSummaryBudget(sizeOf(path)),
        stepSummary: (markdown: string) => appendStepSummary(path, markdown),
      });
    }
    case "junit":
      return (await import("../report/junit-stream.js")).createJunitReport(sink, {
        perEvent: options.junitPerEvent === true,
      });
    case "sarif":
      return (await import("../report/sarif.js")).createSarifReport(sink, { toolVersion: VERSION, rules: ruleInfo });
    default: {
      const unknown: never = format;
      throw new Error(`unknown report format ${String(unknown)}`);
    }
  }
}

/**
 * Appends to the job's step summary. A file that cannot be written (a folder, a missing folder, no
 * permission, a full disk) is an output error like -o's: exit 2 with one line, not a bug.
 */
function appendStepSummary(path: string, markdown: string): void {
  try {
    appendFileSync(path, markdown);
  } catch (err) {
    throw new GradeevError(`cannot append the step summary ($GITHUB_STEP_SUMMARY) to ${ioErrorMessage(err, path)}`);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // not there yet: appendStepSummary creates it, or says why it cannot
  }
}

/** With --format github, a step summary that cannot be written is refused before anything is read or written. */
export function checkStepSummary(options: CommonOptions, io: Io): void {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (options.format === "github" && path) appendStepSummary(path, "");
}

export async function validateCommand(paths: string[], options: CommonOptions, io: Io): Promise<number> {
  checkStepSummary(options, io);
  const inputs = inputPaths(paths, io);
  stdinStart(options, inputs);
  const toStream = await reportStream(options.report, await standardStreams(io.stdout, io.stderr));
  if (options.report !== undefined)
    await refuseCollisions(
      inputs,
      [{ option: "--report", path: options.report }],
      io.stdin,
      options.followLinks === true,
    );
  let events = () => 0;
  const progress = startProgress(io, options, () => events());
  const run = await startRun(inputs, {
    ...readOptions(options, io, progress.reader),
    ...stdinStart(options, inputs),
    ...checkOptionsOf(options),
    ...jobOptions(options),
  });
  debugJobs(run, io);
  events = () => run.summary.events;
  const output = stdoutOutput(io.stdout);
  const to = await reportTo(options.report, toStream, "stdout", io, {});
  const outputs = to.file ? [output, to.file] : [output];
  const report = await reporter(options, to, io, progress);
  try {
    try {
      for await (const batch of run.batches) {
        if (output.closed()) {
          await to.file?.abort();
          return exitCode(run.summary, options);
        }
        await report.batch(batch);
      }
    } finally {
      progress.stop();
    }
    warnIfNoFiles(run.summary, io);
    await report.summary(run.summary);
    await commitAll(outputs);
  } catch (err) {
    await to.file?.abort();
    throw err;
  } finally {
    await report.close();
  }
  return exitCode(run.summary, options);
}

/** Folders that held no export (a job that wrote nowhere, a wrong path) must not pass unnoticed. */
export function warnIfNoFiles(summary: Summary, io: Io): void {
  if (summary.files === 0)
    io.stderr.write(
      "gradeev: warning: no event files were found (a folder's files are read when named *.json, *.ndjson or *.jsonl, gzipped or not)\n",
    );
}

export function profilesCommand(io: Io): number {
  const width = Math.max(...profiles.map((p) => p.id.length));
  for (const profile of profiles)
    io.stdout.write(
      `${profile.id.padEnd(width)}  ${profile.standard.padEnd(7)}  ${profile.title}\n${" ".repeat(width + 11)}${profile.recognises}\n`,
    );
  return 0;
}

/** What judges a profile's events besides its schema: its standard's rules, named as the rules doc lists them. */
const STANDARD_RULES = {
  xapi: "the xAPI statement rules every statement is held to (the XAPI_* rule codes)",
  caliper: "the Caliper rules every event is held to (entities, times, ids)",
} as const;

export function schemaCommand(id: string, io: Io): number {
  const profile = profiles.find((p) => p.id === id);
  if (!profile) throw new GradeevError(`no profile ${id}; see gradeev profiles`);
  // Nothing on standard output, where a schema is expected: a script saving it gets no false one.
  if (profile.schema === undefined)
    throw new GradeevError(
      `${id} has no JSON Schema of its own: ${STANDARD_RULES[profile.standard]} and the profile's own checks judge its events (docs/profiles/${id}.md)`,
    );
  io.stdout.write(`${JSON.stringify(profile.schema, null, 2)}\n`);
  return 0;
}
