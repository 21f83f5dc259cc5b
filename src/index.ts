/** gradeev's library API; the command line is built on exactly this. */
import { grade } from "./grade.js";
import type { Summary } from "./core/tally.js";
import type { Diagnostic } from "./diagnostics.js";
import { emptyBatch, type Batch } from "./run/batch.js";
import type { Stages } from "./run/batch-maker.js";
import { startRun, type StartOptions } from "./run/run.js";
import type { ReadItem } from "./standards/events.js";
import type { GradeRecord } from "./types.js";

export { grade, exitCodeOf, type GradeItem, type GradeOptions, type GradeRun, type RejectReason } from "./grade.js";
export { recordsWritten } from "./core/tally.js";
export { pseudonymizer } from "./write/pseudonymize.js";
export type { ReadOptions } from "./read/read-inputs.js";
export { readInputs } from "./run/read-items.js";
export type { ReadItem } from "./standards/events.js";
export { startRun, type Run, type StartOptions } from "./run/run.js";
export type { Batch } from "./run/batch.js";
export type { Stages } from "./run/batch-maker.js";
export { createChecker, type Checker, type Outcome } from "./core/check.js";
export { profiles } from "./profiles/index.js";
export type { Profile, AnyProfile, EventContext } from "./profiles/profile.js";
export type { Summary } from "./core/tally.js";
export { ruleInfo, type Diagnostic, type RuleCode, type Severity } from "./diagnostics.js";
export { RECORD_COLUMNS, type GradeRecord, type Provenance, type SourcedEvent, type Decimal } from "./types.js";
export { createRecordWriter, OUTPUT_FORMATS, type OutputFormat, type RecordWriter } from "./write/writers.js";
export { GradeevError } from "./errors.js";
export { mergeReports, parseReport, type JsonReport, type NamedReport } from "./report/merge.js";
export type { FileEntry } from "./report/files.js";
export {
  checkEvent,
  checkText,
  type CheckValueOptions,
  type Checked,
  type CheckVerdict,
  type EventCheck,
  type NumericRecord,
} from "./check-value.js";

/** Paths (files, folders, "-") or items already read. */
export type Inputs = readonly string[] | AsyncIterable<ReadItem>;

/**
 * The run's batches: a run over paths (startRun, as the command line runs), or, for items already
 * read, the per-item view (grade) put into batches of its own.
 */
async function runOf(
  inputs: Inputs,
  options: StartOptions,
  stages: Stages,
): Promise<{ batches: AsyncIterable<Batch>; summary: Summary }> {
  if (!(Symbol.asyncIterator in inputs)) return startRun(inputs as readonly string[], { ...options, stages });
  const run = grade(inputs, options);
  async function* batches(): AsyncGenerator<Batch> {
    for await (const item of run.items) {
      const batch = emptyBatch();
      if (item.kind === "diagnostic") batch.diagnostics.push(item.diagnostic);
      else if (item.kind === "record" && stages.records) batch.records.push(item.record);
      else continue;
      yield batch;
    }
  }
  return { batches: batches(), summary: run.summary };
}

/** Validates every event; resolves to all diagnostics and the summary. */
export async function validate(
  inputs: Inputs,
  options: StartOptions = {},
): Promise<{ summary: Summary; diagnostics: Diagnostic[] }> {
  const run = await runOf(inputs, options, { rejects: "none" });
  const diagnostics: Diagnostic[] = [];
  for await (const batch of run.batches) diagnostics.push(...batch.diagnostics);
  return { summary: run.summary, diagnostics };
}

/** Validates and flattens every event, collecting the records in memory (use `startRun` or `grade` to stream). */
export async function convert(
  inputs: Inputs,
  options: StartOptions = {},
): Promise<{ summary: Summary; records: GradeRecord[]; diagnostics: Diagnostic[] }> {
  const run = await runOf(inputs, options, { records: {}, rejects: "none" });
  const records: GradeRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  for await (const batch of run.batches) {
    diagnostics.push(...batch.diagnostics);
    records.push(...batch.records);
  }
  return { summary: run.summary, records, diagnostics };
}
