/** `gradeev convert`: loaded only when it runs, with the writers it alone needs. */
import type { GradeOptions } from "../grade.js";
import { checkOptionsOf } from "../core/check.js";
import { pseudonymizer } from "../write/pseudonymize.js";
import { recordsWritten, type Summary } from "../core/tally.js";
import { shown } from "../shown.js";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { startRun } from "../run/run.js";
import { RECORD_COLUMNS, type RecordColumn } from "../types.js";
import { GroupedJson, type GroupBy } from "../write/grouped-json.js";
import {
  outputName,
  refuseCollisions,
  refuseStandardStreams,
  standardStreamOf,
  standardStreams,
} from "../write/collisions.js";
import { commitAll, fileOutput, stdoutOutput, type Output } from "../write/output.js";
import { formatReject } from "../write/rejects.js";
import {
  createRecordWriter,
  put,
  putPieces,
  repeatedColumn,
  type OutputFormat,
  type WriterOptions,
} from "../write/writers.js";
import { tapeInFile } from "../write/tape-file.js";
import {
  checkStepSummary,
  debugJobs,
  exitCode,
  inputPaths,
  jobOptions,
  readOptions,
  reporter,
  stdinStart,
  warnIfNoFiles,
  type CommonOptions,
} from "./commands.js";
import { reportStream, reportTo } from "./report-to.js";
import type { Io } from "./io.js";
import { startProgress } from "./progress.js";

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
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(RECORD_COLUMNS as string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new GradeevError(
      `unknown column${unknown.length === 1 ? "" : "s"} ${unknown.join(", ") || "(none given)"}; the columns are ${RECORD_COLUMNS.join(", ")}`,
    );
  const twice = repeatedColumn(names as RecordColumn[]);
  if (twice !== undefined) throw new GradeevError(`--columns names ${twice} twice; name each column once`);
  return names as RecordColumn[];
}

/** Checks the options that need more than commander's choices, before anything is read or written. */
function convertSettings(options: ConvertOptions, io: Io) {
  const columns = options.columns === undefined ? undefined : parseColumns(options.columns);
  if (options.delimiter !== undefined && (options.delimiter.length !== 1 || /["\r\n]/.test(options.delimiter)))
    throw new GradeevError(
      `--delimiter takes one character other than a quote or a line break, not ${JSON.stringify(options.delimiter)}`,
    );
  if (options.groupBy !== undefined && options.to !== "json") throw new GradeevError("--group-by needs --to json");
  // Parquet's index is written at the end of the file: a reader needs the whole file, not a stream.
  if (options.to === "parquet" && options.output === undefined) throw new GradeevError("--to parquet needs -o FILE");
  if (options.rejectsUnrecognised && options.rejects === undefined)
    throw new GradeevError("--rejects-unrecognised needs --rejects FILE");
  if (options.pseudonymize) {
    const key = io.env.GRADEEV_PSEUDONYM_KEY;
    if (key === undefined || key === "")
      throw new GradeevError(
        "--pseudonymize needs a secret key in the GRADEEV_PSEUDONYM_KEY environment variable (never on the command line)",
      );
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
  const start = stdinStart(options, inputPaths(paths, io));
  checkStepSummary(options, io);
  const streams = await standardStreams(io.stdout, io.stderr);
  const recordsStream = options.output !== undefined ? await standardStreamOf(options.output, streams) : undefined;
  const rejectsStream = options.rejects !== undefined ? await standardStreamOf(options.rejects, streams) : undefined;
  // Standard output by another name (`-o /dev/stdout`) is a stream all the same.
  if (options.to === "parquet" && recordsStream !== undefined)
    throw new GradeevError("--to parquet needs -o FILE, not standard output");
  refuseStandardStreams(
    { path: options.output, stream: recordsStream },
    { path: options.rejects, stream: rejectsStream },
  );
  const toStream = await reportStream(options.report, streams);
  if (
    toStream === "stdout" &&
    (options.output === undefined || recordsStream === "stdout" || rejectsStream === "stdout")
  )
    throw new GradeevError(
      `--report ${options.report ?? ""} is standard output, where the records or rejects go: name another file`,
    );
  await refuseCollisions(
    inputPaths(paths, io),
    [
      ...(options.output !== undefined ? [{ option: "-o", path: options.output }] : []),
      ...(options.rejects !== undefined ? [{ option: "--rejects", path: options.rejects }] : []),
      ...(options.report !== undefined ? [{ option: "--report", path: options.report }] : []),
    ],
    io.stdin,
    options.followLinks === true,
  );
  let events = () => 0;
  const progress = startProgress(io, options, () => events());
  const pseudonymKey = options.pseudonymize ? io.env.GRADEEV_PSEUDONYM_KEY : undefined;
  const run = await startRun(inputPaths(paths, io), {
    ...readOptions(options, io, progress.reader),
    ...start,
    ...checkOptionsOf(options),
    ...jobOptions(options),
    ...(options.dedupe && { dedupe: true }),
    ...(options.latest && { latest: true }),
    // The items wait for their verdicts in a temporary file, not in memory.
    ...((options.dedupe || options.latest) && { tape: tapeInFile }),
    stages: {
      // Grouping needs every record in one place, and Parquet its records by column, as objects: the
      // rest are formatted as they come.
      ...(options.groupBy || options.to === "parquet"
        ? { records: { ...(pseudonymKey !== undefined && { pseudonymKey }) } }
        : {
            output: {
              format: options.to,
              writer: settings.writer,
              ...(pseudonymKey !== undefined && { pseudonymKey }),
            },
          }),
      rejects: options.rejects === undefined ? "none" : options.rejectsUnrecognised ? "all" : "invalid",
    },
  });
  debugJobs(run, io);
  events = () => run.summary.events;
  const outputs: Output[] = [];
  // An output that is standard output (`-o /dev/stdout > file`) is written there directly, never renamed over.
  const file = { private: options.private === true };
  const output =
    options.output !== undefined && recordsStream === undefined
      ? await fileOutput(options.output, file)
      : stdoutOutput(io.stdout);
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
  const to = await reportTo(options.report, toStream, "stderr", io, file).catch(async (err: unknown) => {
    for (const out of outputs) await out.abort();
    throw err;
  });
  // The report's file is committed with the records and rejects, after its summary is written.
  const reportFile = to.file;
  const target = outputName(options.output);
  const failed = (name: string) => (err: unknown) =>
    Promise.reject(err instanceof GradeevError ? err : new GradeevError(`cannot write ${ioErrorMessage(err, name)}`));
  const report = await reporter(options, to, io, progress);
  const grouped = options.groupBy ? new GroupedJson(options.groupBy, settings.columns) : undefined;
  let rejected = 0;
  try {
    const writer = createRecordWriter(options.to, output.stream, settings.writer);
    for await (const batch of run.batches) {
      await report.batch(batch);
      for (const record of batch.records) grouped?.add(record);
      if (options.to === "parquet")
        for (const record of batch.records) await writer.write(record).catch(failed(target));
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
      if (reportFile) await endReport();
      // Input left unread (TASK_FAILED) is exit 2, and an exit 2 replaces no file: each keeps its
      // previous contents, as when an input cannot be read at all. Standard output keeps what it got.
      // The report alone is put in place: it says what was left unread.
      if (run.summary.failedTasks > 0) {
        for (const out of outputs) await out.abort();
        if (reportFile) await commitAll([reportFile]);
      } else await commitAll(reportFile ? [...outputs, reportFile] : outputs);
    }
  } catch (err) {
    if (!output.closed()) {
      for (const out of outputs) await out.abort();
      await reportFile?.abort();
      await report.close();
      throw err;
    }
  } finally {
    progress.stop();
  }
  // The reader of the records went away (`| head -1`): stop quietly, as Unix tools do, and commit
  // no file: the rejects would hold only the part read. The exit code stays the run's, but never a
  // success (0, as --exit-zero gives) with a file asked for (--report, --rejects) not written: that is exit 2.
  if (output.closed()) {
    const unwritten = [
      ...(reportFile ? [`--report ${options.report ?? ""}`] : []),
      ...(rejects && rejects !== output && options.rejects !== undefined && rejectsStream === undefined
        ? [`--rejects ${options.rejects}`]
        : []),
    ];
    for (const out of outputs) await out.abort();
    await reportFile?.abort();
    await report.close();
    const code = exitCode(run.summary, options);
    if (code === 0 && unwritten.length > 0)
      throw new GradeevError(
        `the reader of the records went away before they were all written: ${unwritten.join(" and ")} not written`,
      );
    return code;
  }
  try {
    if (!reportFile) await endReport();
  } finally {
    await report.close();
  }
  return exitCode(run.summary, options);

  /** The summary, and the reconciliation of what was read against what was written. */
  async function endReport(): Promise<void> {
    warnIfNoFiles(run.summary, io);
    const toFiles = {
      records: options.output !== undefined && recordsStream === undefined,
      rejects: options.rejects !== undefined && rejectsStream === undefined,
    };
    await report.summary(
      run.summary,
      convertSummary(run.summary, {
        target,
        rejectsFile: options.rejects === undefined ? undefined : outputName(options.rejects),
        rejectsWritten: rejected,
        toFiles,
      }),
    );
  }
}

/**
 * The reconciliation every nightly job wants to see: nothing read went missing. With input left
 * unread (TASK_FAILED), files were left as they were: it says so instead of "written".
 */
function convertSummary(
  summary: Summary,
  {
    target,
    rejectsFile,
    rejectsWritten,
    toFiles,
  }: {
    target: string;
    rejectsFile: string | undefined;
    rejectsWritten: number;
    toFiles: { records: boolean; rejects: boolean };
  },
): string[] {
  const written = recordsWritten(summary);
  const { duplicate, conflict, voided, superseded } = summary.dropped;
  const dropped = duplicate + conflict + voided + superseded;
  const unread = summary.failedTasks > 0;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const kept = (name: string) =>
    `not written: input was left unread (TASK_FAILED), so ${shown(name)} was left as it was`;
  const parts = [
    unread && toFiles.records
      ? `${count(written, "record")} ${kept(target)}`
      : `${count(written, "record")} written to ${shown(target)}`,
    `${summary.events} read = ${written} ${unread && toFiles.records ? "converted" : "written"} + ${summary.invalid + dropped} rejected + ${summary.unrecognised} unrecognised` +
      (dropped > 0
        ? ` (rejected: ${summary.invalid} invalid, ${duplicate} duplicate, ${conflict} conflicting, ${voided} voided, ${superseded} superseded)`
        : ""),
  ];
  if (rejectsFile !== undefined)
    parts.push(
      unread && toFiles.rejects
        ? `${count(rejectsWritten, "rejected event")} ${kept(rejectsFile)}`
        : `${count(rejectsWritten, "rejected event")} written to ${shown(rejectsFile)}`,
    );
  return parts;
}
