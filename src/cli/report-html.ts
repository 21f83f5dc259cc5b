/** `gradeev report`: the run's verdicts, rule codes, days and scores as one HTML page. Loaded only when it runs. */
import type { GradeOptions } from "../grade.js";
import { checkOptionsOf } from "../core/check.js";
import { GradeevError, ioErrorMessage, isBrokenPipe } from "../errors.js";
import { FACT_COLUMNS, ReportFacts } from "../html-report/facts.js";
import { reportPage } from "../html-report/page.js";
import { startRun } from "../run/run.js";
import { outputName, refuseCollisions, standardStreamOf, standardStreams } from "../write/collisions.js";
import { commitAll, fileOutput, stdoutOutput } from "../write/output.js";
import { tapeInFile } from "../write/tape-file.js";
import { put } from "../write/writers.js";
import { painterFor } from "../report/color.js";
import { formatSummary } from "../report/text.js";
import {
  debugJobs,
  exitCode,
  inputPaths,
  jobOptions,
  readOptions,
  stdinStart,
  warnIfNoFiles,
  type CommonOptions,
} from "./commands.js";
import type { Io } from "./io.js";
import { startProgress } from "./progress.js";

export interface ReportOptions
  extends Omit<CommonOptions, "format" | "report">, Pick<GradeOptions, "dedupe" | "latest"> {
  output?: string;
  private?: boolean;
}

/** The page goes to -o (written whole, or not at all) or standard output; the summary to standard error. */
export async function reportCommand(paths: string[], options: ReportOptions, io: Io): Promise<number> {
  const inputs = inputPaths(paths, io);
  const toStdout =
    options.output === undefined ||
    (await standardStreamOf(options.output, await standardStreams(io.stdout, io.stderr))) === "stdout";
  if (options.output !== undefined && !toStdout)
    await refuseCollisions(inputs, [{ option: "-o", path: options.output }], io.stdin, options.followLinks === true);
  // The run's garbage is collected before it piles up, and before the charts are drawn on top of it.
  const common = { ...options, format: "text", quiet: true } as const;
  let events = () => 0;
  const progress = startProgress(io, common, () => events());
  const run = await startRun(inputs, {
    ...readOptions(common, io, progress.reader),
    ...stdinStart(common, inputs),
    ...checkOptionsOf(options),
    // One thread unless --jobs says otherwise: each worker is a V8 heap of its own, and with two a
    // report of 1 GiB peaked at 158-190 MiB, against 128-141 with one (docs/html-report.md).
    jobs: 1,
    ...jobOptions(common),
    ...(options.dedupe && { dedupe: true }),
    ...(options.latest && { latest: true }),
    ...((options.dedupe || options.latest) && { tape: tapeInFile }),
    stages: { output: { format: "ndjson", writer: { columns: FACT_COLUMNS } }, rejects: "none" },
  });
  debugJobs(run, io);
  events = () => run.summary.events;
  const output = toStdout
    ? stdoutOutput(io.stdout)
    : await fileOutput(options.output!, { private: options.private === true });
  const paint = await painterFor("stderr", io.stderr.isTTY === true, io.env);
  const facts = new ReportFacts();
  try {
    try {
      for await (const batch of run.batches) facts.add(batch);
    } finally {
      progress.stop();
    }
    warnIfNoFiles(run.summary, io);
    const html = await reportPage({ facts, summary: run.summary, made: new Date().toISOString(), inputs });
    // A reader that went away (`| head -c 100`) ends the run, as it ends validate's: not a failure.
    await put(output.stream, html).catch((err: unknown) =>
      isBrokenPipe(err) || output.closed()
        ? undefined
        : Promise.reject(new GradeevError(`cannot write ${ioErrorMessage(err, outputName(options.output))}`)),
    );
    // The diagnostics are in the page; standard error gets the totals, as convert's report ends.
    const written = toStdout ? [] : [`report written to ${options.output}`];
    io.stderr.write([...formatSummary(run.summary, paint), ...written].map((line) => `${line}\n`).join(""));
    // Input left unread (TASK_FAILED) is exit 2, and an exit 2 replaces no file.
    if (run.summary.failedTasks > 0) await output.abort();
    else await commitAll([output]);
  } catch (err) {
    await output.abort();
    throw err;
  }
  return exitCode(run.summary, options);
}
