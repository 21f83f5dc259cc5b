import { exitCodeOf, type GradeOptions } from "../grade.js";
import { checkOptionsOf, type CheckOptions } from "../core/check.js";
import { pseudonymizer } from "../core/pseudonymize.js";
import { recordsWritten, type Summary } from "../core/tally.js";
import { ruleInfo, type Diagnostic } from "../diagnostics.js";
import { appendFileSync, statSync } from "node:fs";
import { VERSION } from "./version.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { profiles } from "../profiles/index.js";
import type { ReadOptions } from "../read/read-inputs.js";
import { painterFor } from "../report/color.js";
import { streamSink, type ReportSink, type ReportWriter } from "../report/sink.js";
import { formatDiagnostic, formatSummary } from "../report/text.js";
import { shown } from "../core/shown.js";
import { RECORD_COLUMNS, type RecordColumn } from "../types.js";
import { GroupedJson, type GroupBy } from "../write/grouped-json.js";
import { refuseCollisions, refuseStandardStreams, standardStreamOf, standardStreams } from "../write/collisions.js";
import { commitAll, fileOutput, stdoutOutput, type Output } from "../write/output.js";
import { formatReject } from "../write/rejects.js";
import { startRun, type StartOptions } from "../run/run.js";
import { createRecordWriter, put, putPieces, repeatedColumn, type OutputFormat, type WriterOptions } from "../write/writers.js";
import { tapeInFile } from "../write/tape-file.js";
import type { Io } from "./io.js";
import { startProgress } from "./progress.js";

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
}

function readOptions(options: CommonOptions, io: Io, progress: ReadOptions["progress"]): ReadOptions {
  return {
    stdin: io.stdin,
    ...(options.followLinks && { followLinks: true }),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...(progress && { progress }),
  };
}

/** With GRADEEV_DEBUG set, says how the run was spread: for troubleshooting, and for the tests. */
function debugJobs(run: { jobs: number }, io: Io): void {
  if (io.env.GRADEEV_DEBUG) io.stderr.write(`gradeev: debug: ${run.jobs === 1 ? "1 thread" : `${run.jobs} worker threads`}\n`);
}

/** How many threads, how large files are split for them, and how much memory each may take. */
function jobOptions(options: CommonOptions): Pick<StartOptions, "jobs" | "partBytes" | "workerMemoryMb"> {
  return {
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(options.partSize !== undefined && { partBytes: options.partSize }),
    ...(options.workerMemory !== undefined && { workerMemoryMb: Math.floor(options.workerMemory / 1024 ** 2) }),
  };
}

/** No path means standard input, unless standard input is a terminal (then the user forgot the path). */
function inputPaths(paths: string[], io: Io): string[] {
  if (paths.length > 0) return paths;
  if (io.stdin.isTTY) throw new GradeevError("no input: name a file or folder, or pipe events in (use - for standard input)");
  return ["-"];
}

/**
 * Prints diagnostics as they come, then the summary; --quiet and --max-diagnostics hold some back
 * from the text listing, and the summary says how many. Every format writes as results arrive,
 * waiting while its stream is full; the machine formats hold what must come before their totals in a
 * spool, never whole, and always get every diagnostic: a CI gate reads their verdicts (a JUnit case
 * that fails, a SARIF result), and a listing cut short would pass what failed.
 */
async function reporter(options: CommonOptions, stream: "stdout" | "stderr", io: Io, progress: { clear(): void }) {
  const out = io[stream];
  const sink = streamSink(out, stream === "stdout" ? "standard output" : "standard error");
  const paint = painterFor(stream, out.isTTY === true, io.env);
  const writer = options.format === "text" ? undefined : await machineReport(options.format, options, sink, io);
  const limit = writer ? Infinity : options.quiet ? 0 : (options.maxDiagnostics ?? Infinity);
  let shown = 0;
  let hidden = 0;
  return {
    file(name: string) {
      writer?.file(name);
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
      if (writer) return writer.end(summary);
      const notShown = hidden > 0 ? [`${hidden} more ${hidden === 1 ? "diagnostic" : "diagnostics"} not shown (--quiet / --max-diagnostics)`] : [];
      await sink.write([...formatSummary(summary, paint), ...extra, ...notShown].map((line) => `${line}\n`).join(""));
    },
    /** Gives back what the report held; on every way out. */
    close: () => writer?.close() ?? Promise.resolve(),
  };
}

/** The machine formats are loaded when asked for, not at every start-up. */
async function machineReport(format: Exclude<ReportFormat, "text">, options: CommonOptions, sink: ReportSink, io: Io): Promise<ReportWriter> {
  switch (format) {
    case "json":
      return (await import("../report/json.js")).createJsonReport(sink);
    case "github": {
      const { createGithubReport, stepSummaryBudget } = await import("../report/github.js");
      // The step summary file is the whole job's: append, as every step does.
      const path = io.env.GITHUB_STEP_SUMMARY;
      if (!path) return createGithubReport(sink);
      return createGithubReport(sink, { stepSummaryBytes: stepSummaryBudget(sizeOf(path)), stepSummary: (markdown: string) => appendStepSummary(path, markdown) });
    }
    case "junit":
      return (await import("../report/junit-stream.js")).createJunitReport(sink, { perEvent: options.junitPerEvent === true });
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
function checkStepSummary(options: CommonOptions, io: Io): void {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (options.format === "github" && path) appendStepSummary(path, "");
}

export async function validateCommand(paths: string[], options: CommonOptions, io: Io): Promise<number> {
  checkStepSummary(options, io);
  let events = () => 0;
  const progress = startProgress(io, options, () => events());
  const run = await startRun(inputPaths(paths, io), {
    ...readOptions(options, io, progress.reader),
    ...checkOptionsOf(options),
    ...jobOptions(options),
  });
  debugJobs(run, io);
  events = () => run.summary.events;
  const output = stdoutOutput(io.stdout);
  const report = await reporter(options, "stdout", io, progress);
  try {
    try {
      for await (const batch of run.batches) {
        if (output.closed()) return exitCodeOf(run.summary);
        if (batch.file !== undefined) report.file(batch.file);
        for (const diagnostic of batch.diagnostics) await report.diagnostic(diagnostic);
      }
    } finally {
      progress.stop();
    }
    warnIfNoFiles(run.summary, io);
    await report.summary(run.summary);
    await commitAll([output]);
  } finally {
    await report.close();
  }
  return exitCodeOf(run.summary);
}

/** Folders that held no export (a job that wrote nowhere, a wrong path) must not pass unnoticed. */
function warnIfNoFiles(summary: Summary, io: Io): void {
  if (summary.files === 0)
    io.stderr.write("gradeev: warning: no event files were found (a folder's files are read when named *.json, *.ndjson or *.jsonl, gzipped or not)\n");
}

export interface ConvertOptions extends CommonOptions, Pick<GradeOptions, "dedupe" | "latest"> {
  to: OutputFormat;
  output?: string;
  rejects?: string;
  rejectsUnrecognised?: boolean;
  private?: boolean;
  columns?: string;
  delimiter?: string;
  header?: boolean;
  bom?: boolean;
  crlf?: boolean;
  formulaGuard?: boolean;
  pseudonymize?: boolean;
  groupBy?: GroupBy;
}

/** `--columns a,b,c` → the columns, or a usage error that lists the valid names or names the one given twice. */
export function parseColumns(list: string): RecordColumn[] {
  const names = list.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => !(RECORD_COLUMNS as string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new GradeevError(`unknown column${unknown.length === 1 ? "" : "s"} ${unknown.join(", ") || "(none given)"}; the columns are ${RECORD_COLUMNS.join(", ")}`);
  const twice = repeatedColumn(names as RecordColumn[]);
  if (twice !== undefined) throw new GradeevError(`--columns names ${twice} twice; name each column once`);
  return names as RecordColumn[];
}

/** Checks the options that need more than commander's choices, before anything is read or written. */
function convertSettings(options: ConvertOptions, io: Io) {
  const columns = options.columns === undefined ? undefined : parseColumns(options.columns);
  if (options.delimiter !== undefined && (options.delimiter.length !== 1 || /["\r\n]/.test(options.delimiter)))
    throw new GradeevError(`--delimiter takes one character other than a quote or a line break, not ${JSON.stringify(options.delimiter)}`);
  if (options.groupBy !== undefined && options.to !== "json") throw new GradeevError("--group-by needs --to json");
  if (options.rejectsUnrecognised && options.rejects === undefined) throw new GradeevError("--rejects-unrecognised needs --rejects FILE");
  if (options.pseudonymize) {
    const key = io.env.GRADEEV_PSEUDONYM_KEY;
    if (key === undefined || key === "")
      throw new GradeevError("--pseudonymize needs a secret key in the GRADEEV_PSEUDONYM_KEY environment variable (never on the command line)");
    pseudonymizer(key); // a key it refuses is refused now, before anything is read or written
  }
  const writer: WriterOptions = {
    ...(columns && { columns }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    header: options.header !== false,
    bom: options.bom === true,
    crlf: options.crlf === true,
    formulaGuard: options.formulaGuard !== false,
  };
  return { columns, writer };
}

/** Records go to stdout or the output file; diagnostics and the summary go to stderr. */
export async function convertCommand(paths: string[], options: ConvertOptions, io: Io): Promise<number> {
  const settings = convertSettings(options, io);
  checkStepSummary(options, io);
  const streams = await standardStreams(io.stdout, io.stderr);
  const recordsStream = options.output !== undefined ? await standardStreamOf(options.output, streams) : undefined;
  const rejectsStream = options.rejects !== undefined ? await standardStreamOf(options.rejects, streams) : undefined;
  refuseStandardStreams({ path: options.output, stream: recordsStream }, { path: options.rejects, stream: rejectsStream });
  await refuseCollisions(inputPaths(paths, io), [
    ...(options.output !== undefined ? [{ option: "-o", path: options.output }] : []),
    ...(options.rejects !== undefined ? [{ option: "--rejects", path: options.rejects }] : []),
  ], io.stdin, options.followLinks === true);
  let events = () => 0;
  const progress = startProgress(io, options, () => events());
  const pseudonymKey = options.pseudonymize ? io.env.GRADEEV_PSEUDONYM_KEY : undefined;
  const run = await startRun(inputPaths(paths, io), {
    ...readOptions(options, io, progress.reader),
    ...checkOptionsOf(options),
    ...jobOptions(options),
    ...(options.dedupe && { dedupe: true }),
    ...(options.latest && { latest: true }),
    // The items wait for their verdicts in a temporary file, not in memory.
    ...((options.dedupe || options.latest) && { tape: tapeInFile }),
    stages: {
      // Grouping needs every record in one place, as objects: the rest are formatted as they come.
      ...(options.groupBy
        ? { records: { ...(pseudonymKey !== undefined && { pseudonymKey }) } }
        : { output: { format: options.to, writer: settings.writer, ...(pseudonymKey !== undefined && { pseudonymKey }) } }),
      rejects: options.rejects === undefined ? "none" : options.rejectsUnrecognised ? "all" : "invalid",
    },
  });
  debugJobs(run, io);
  events = () => run.summary.events;
  const outputs: Output[] = [];
  // An output that is standard output (`-o /dev/stdout > file`) is written there directly, never renamed over.
  const file = { private: options.private === true };
  const output = options.output !== undefined && recordsStream === undefined ? await fileOutput(options.output, file) : stdoutOutput(io.stdout);
  outputs.push(output);
  const rejects =
    options.rejects === undefined
      ? undefined
      : rejectsStream === "stdout"
        ? stdoutOutput(io.stdout)
        : await fileOutput(options.rejects, file).catch(async (err: unknown) => {
          await output.abort(); // the records' temporary file must not outlive the failed run
          throw err;
        });
  if (rejects) outputs.push(rejects);
  const target = options.output ?? "standard output";
  const failed = (name: string) => (err: unknown) =>
    Promise.reject(err instanceof GradeevError ? err : new GradeevError(`cannot write ${ioErrorMessage(err, name)}`));
  const report = await reporter(options, "stderr", io, progress);
  const grouped = options.groupBy ? new GroupedJson(options.groupBy, settings.columns) : undefined;
  let rejected = 0;
  try {
    const writer = createRecordWriter(options.to, output.stream, settings.writer);
    for await (const batch of run.batches) {
      if (batch.file !== undefined) report.file(batch.file);
      for (const diagnostic of batch.diagnostics) await report.diagnostic(diagnostic);
      for (const record of batch.records) grouped?.add(record);
      if (batch.rows !== undefined) {
        await writer.writeFormatted(batch.rows, batch.rowCount).catch(failed(target));
        batch.release?.(); // written: the worker may format into its memory again
      }
      if (rejects && batch.rejects.length > 0) {
        rejected += batch.rejects.length;
        await put(rejects.stream, batch.rejects.map(formatReject).join("")).catch(failed(options.rejects ?? ""));
      }
    }
    if (grouped) await putPieces(output.stream, grouped.pieces()).catch(failed(target));
    else await writer.end().catch(failed(target));
    if (!output.closed()) {
      // Input left unread (TASK_FAILED) is exit 2, and an exit 2 replaces no file: each keeps its
      // previous contents, as when an input cannot be read at all. Standard output keeps what it got.
      if (run.summary.failedTasks > 0) for (const out of outputs) await out.abort();
      else await commitAll(outputs);
    }
  } catch (err) {
    if (!output.closed()) {
      for (const out of outputs) await out.abort();
      await report.close();
      throw err;
    }
  } finally {
    progress.stop();
  }
  // The reader of the records went away (`| head -1`): stop quietly, as Unix tools do, and commit
  // no file: the rejects would hold only the part read.
  if (output.closed()) {
    for (const out of outputs) await out.abort();
    await report.close();
    return exitCodeOf(run.summary);
  }
  try {
    warnIfNoFiles(run.summary, io);
    const toFiles = { records: options.output !== undefined && recordsStream === undefined, rejects: options.rejects !== undefined && rejectsStream === undefined };
    await report.summary(run.summary, convertSummary(run.summary, { target, rejectsFile: options.rejects, rejectsWritten: rejected, toFiles }));
  } finally {
    await report.close();
  }
  return exitCodeOf(run.summary);
}

/**
 * The reconciliation every nightly job wants to see: nothing read went missing. With input left
 * unread (TASK_FAILED), files were left as they were: it says so instead of "written".
 */
function convertSummary(
  summary: Summary,
  { target, rejectsFile, rejectsWritten, toFiles }: { target: string; rejectsFile: string | undefined; rejectsWritten: number; toFiles: { records: boolean; rejects: boolean } },
): string[] {
  const written = recordsWritten(summary);
  const { duplicate, conflict, voided, superseded } = summary.dropped;
  const dropped = duplicate + conflict + voided + superseded;
  const unread = summary.failedTasks > 0;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const kept = (name: string) => `not written: input was left unread (TASK_FAILED), so ${shown(name)} was left as it was`;
  const parts = [
    unread && toFiles.records ? `${count(written, "record")} ${kept(target)}` : `${count(written, "record")} written to ${shown(target)}`,
    `${summary.events} read = ${written} ${unread && toFiles.records ? "converted" : "written"} + ${summary.invalid + dropped} rejected + ${summary.unrecognised} unrecognised` +
      (dropped > 0 ? ` (rejected: ${summary.invalid} invalid, ${duplicate} duplicate, ${conflict} conflicting, ${voided} voided, ${superseded} superseded)` : ""),
  ];
  if (rejectsFile !== undefined)
    parts.push(unread && toFiles.rejects ? `${count(rejectsWritten, "rejected event")} ${kept(rejectsFile)}` : `${count(rejectsWritten, "rejected event")} written to ${shown(rejectsFile)}`);
  return parts;
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
