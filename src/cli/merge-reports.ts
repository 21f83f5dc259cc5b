/** `gradeev merge-reports`: the JSON reports of a map step's parts, as the report of one run over the same data. */
import { readFile } from "node:fs/promises";
import { text as streamText } from "node:stream/consumers";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { parseReport, ReportMerger, type MergeStep, type NamedReport } from "../report/merge.js";
import { refuseCollisions, standardStreams } from "../write/collisions.js";
import { commitAll, stdoutOutput } from "../write/output.js";
import { checkStepSummary, exitCode, reporter, type CommonOptions } from "./commands.js";
import type { Io } from "./io.js";
import { reportStream, reportTo } from "./report-to.js";

export interface MergeOptions extends Pick<
  CommonOptions,
  "format" | "junitPerEvent" | "quiet" | "maxDiagnostics" | "exitZero"
> {
  output?: string;
  private?: boolean;
}

/**
 * Every part read and checked first (a missing, broken or misplaced one is exit 2 before anything
 * is written), then read again and the merged report written, to -o as every output is. Only one
 * part is held at a time, so that the merge's memory does not grow with the parts (standard input,
 * `-`, which cannot be read twice, is held as text).
 */
export async function mergeReportsCommand(paths: readonly string[], options: MergeOptions, io: Io): Promise<number> {
  checkStepSummary(options, io);
  const streams = await standardStreams(io.stdout, io.stderr);
  const toStream = await reportStream(options.output, streams);
  if (toStream === "stderr")
    throw new GradeevError(
      `-o ${options.output ?? ""} is standard error: name a file, or leave -o out for standard output`,
    );
  if (options.output !== undefined) await refuseCollisions(paths, [{ option: "-o", path: options.output }], io.stdin);
  if (paths.filter((path) => path === "-").length > 1)
    throw new GradeevError("- (standard input) is given more than once: it can be read once");
  const stdin = paths.includes("-") ? await streamText(io.stdin) : undefined;
  const read = async (path: string): Promise<NamedReport> => {
    const name = path === "-" ? "<stdin>" : path;
    const text =
      stdin !== undefined && path === "-"
        ? stdin
        : await readFile(path, "utf8").catch((err: unknown) => {
            throw new GradeevError(ioErrorMessage(err, path));
          });
    return { name, report: parseReport(text, name) };
  };
  const checked = new ReportMerger();
  for (const path of paths) checked.add(await read(path));
  checked.end();
  // A JSON merge says where it starts itself (its files' first line), and may be merged again with
  // the parts before it; a final report (text, JUnit, SARIF, annotations) cannot, so a warning does.
  if (checked.startsInside !== undefined && options.format !== "json") {
    const { name, file } = checked.startsInside;
    io.stderr.write(
      `gradeev: warning: ${name} starts inside ${file.name}, at line ${file.firstLine} (event ${file.firstIndex}): the merged report holds ${file.name} from there on, not the lines before it\n`,
    );
  }
  const merger = new ReportMerger();
  const judged = checked.judged;
  const to = await reportTo(options.output, toStream, "stdout", io, { private: options.private === true });
  const output = to.file ?? stdoutOutput(io.stdout);
  const report = await reporter({ ...options, ...(judged && { judged }) }, to, io, { clear() {} });
  const write = async (step: MergeStep) => {
    if ("file" in step) report.entry(step.file);
    else await report.diagnostic(step.diagnostic);
  };
  try {
    for (const path of paths) {
      for (const step of merger.add(await read(path))) await write(step);
    }
    for (const step of merger.end()) await write(step);
    await report.summary(merger.summary);
    if (!output.closed()) await commitAll([output]);
  } catch (err) {
    await output.abort();
    throw err;
  } finally {
    await report.close();
  }
  return exitCode(merger.summary, options);
}
