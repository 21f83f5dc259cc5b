/** gradeev's library API; the command line is built on exactly this. */
import { grade, type GradeOptions } from "./grade.js";
import type { Summary } from "./core/tally.js";
import type { Diagnostic } from "./diagnostics.js";
import { readInputs, type ReadItem, type ReadOptions } from "./read/read-inputs.js";
import type { GradeRecord } from "./types.js";

export { grade, exitCodeOf, type GradeItem, type GradeOptions, type GradeRun, type RejectReason } from "./grade.js";
export { recordsWritten } from "./core/tally.js";
export { pseudonymizer } from "./core/pseudonymize.js";
export { readInputs, type ReadItem, type ReadOptions } from "./read/read-inputs.js";
export { startRun, type Run, type StartOptions } from "./parallel/start.js";
export type { ParallelItem } from "./parallel/run.js";
export { createChecker, type Checker, type Outcome } from "./core/check.js";
export { profiles } from "./profiles/index.js";
export type { Profile, AnyProfile, EventContext } from "./profiles/profile.js";
export type { Summary } from "./core/tally.js";
export { ruleInfo, type Diagnostic, type RuleCode, type Severity } from "./diagnostics.js";
export { RECORD_COLUMNS, type GradeRecord, type Provenance, type SourcedEvent, type Decimal } from "./types.js";
export { createRecordWriter, OUTPUT_FORMATS, type OutputFormat, type RecordWriter } from "./write/writers.js";
export { GradeevError } from "./errors.js";

/** Paths (files, folders, "-") or items already read. */
export type Inputs = readonly string[] | AsyncIterable<ReadItem>;

function toItems(inputs: Inputs, options: ReadOptions): AsyncIterable<ReadItem> {
  return Symbol.asyncIterator in inputs ? inputs : readInputs(inputs as readonly string[], options);
}

/** Validates every event; resolves to all diagnostics and the summary. */
export async function validate(
  inputs: Inputs,
  options: GradeOptions & ReadOptions = {},
): Promise<{ summary: Summary; diagnostics: Diagnostic[] }> {
  const run = grade(toItems(inputs, options), options);
  const diagnostics: Diagnostic[] = [];
  for await (const item of run.items) if (item.kind === "diagnostic") diagnostics.push(item.diagnostic);
  return { summary: run.summary, diagnostics };
}

/** Validates and flattens every event, collecting the records in memory (use `grade` to stream). */
export async function convert(
  inputs: Inputs,
  options: GradeOptions & ReadOptions = {},
): Promise<{ summary: Summary; records: GradeRecord[]; diagnostics: Diagnostic[] }> {
  const run = grade(toItems(inputs, options), options);
  const records: GradeRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  for await (const item of run.items) {
    if (item.kind === "record") records.push(item.record);
    else if (item.kind === "diagnostic") diagnostics.push(item.diagnostic);
  }
  return { summary: run.summary, records, diagnostics };
}
