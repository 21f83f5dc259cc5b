/** `gradeev merge-reports`: the JSON reports of a map step's parts, as the report of one run over the same data. */
import { readFile } from "node:fs/promises";
import { GradeevError, ioErrorMessage } from "../errors.js";
import { mergeReports, parseReport, type NamedReport } from "../report/merge.js";
import { refuseCollisions, standardStreams } from "../write/collisions.js";
import { commitAll, stdoutOutput } from "../write/output.js";
import { checkStepSummary, exitCode, reporter, type CommonOptions } from "./commands.js";
import type { Io } from "./io.js";
import { reportStream, reportTo } from "./report-to.js";

export interface MergeOptions extends Pick<CommonOptions, "format" | "junitPerEvent" | "quiet" | "maxDiagnostics" | "exitZero"> {
  output?: string;
  private?: boolean;
}

/** Every part read first (a missing or broken one is exit 2 before anything is written), then the merged report written, to -o as every output is. */
export async function mergeReportsCommand(paths: readonly string[], options: MergeOptions, io: Io): Promise<number> {
  checkStepSummary(options, io);
  const streams = await standardStreams(io.stdout, io.stderr);
  const toStream = await reportStream(options.output, streams);
  if (toStream === "stderr") throw new GradeevError(`-o ${options.output ?? ""} is standard error: name a file, or leave -o out for standard output`);
  if (options.output !== undefined) await refuseCollisions(paths, [{ option: "-o", path: options.output }]);
  const parts: NamedReport[] = [];
  for (const path of paths) {
    const text = await readFile(path, "utf8").catch((err: unknown) => {
      throw new GradeevError(ioErrorMessage(err, path));
    });
    parts.push({ name: path, report: parseReport(text, path) });
  }
  const merged = mergeReports(parts);
  const to = await reportTo(options.output, toStream, "stdout", io, { private: options.private === true });
  const output = to.file ?? stdoutOutput(io.stdout);
  const report = await reporter(options, to, io, { clear() {} });
  try {
    for (const file of merged.files) report.file(file.name, file);
    for (const diagnostic of merged.diagnostics) await report.diagnostic(diagnostic);
    await report.summary(merged.summary);
    if (!output.closed()) await commitAll([output]);
  } catch (err) {
    await output.abort();
    throw err;
  } finally {
    await report.close();
  }
  return exitCode(merged.summary, options);
}
