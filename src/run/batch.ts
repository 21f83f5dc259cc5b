/**
 * What a run hands on, on any thread: a task's results a batch at a time, each kind in input order.
 * The command line and the library consume batches only.
 */
import { addSummary, countDiagnostics, emptySummary, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import type { GradeRecord } from "../types.js";
import type { RejectEntry } from "../write/rejects.js";

export interface Batch {
  /** Set on a file's first batch: reports list every file read, clean or not. */
  file?: string;
  /** Set with `file` when the input is a part of that file: where in it the part starts (standard input with --first-line / --first-index). */
  part?: { firstLine: number; firstIndex: number };
  diagnostics: Diagnostic[];
  /**
   * The valid records, formatted by recordFormatter with the run's output options: text on the
   * thread that made them, UTF-8 bytes from a worker (moved, not copied). `rowCount` records.
   */
  rows?: string | Uint8Array;
  rowCount: number;
  /** The valid records as objects, when the run keeps them (--group-by, the library). */
  records: GradeRecord[];
  rejects: RejectEntry[];
  /** What this batch adds to the run's counts. */
  counts: Summary;
  /** Input bytes read since the batch before (for progress: the reader reads ahead of the events). */
  bytes: number;
  /** The task's lines (from its start) whose events have all been handed on, in this batch or before. */
  lines: number;
  /** Gives the rows' memory back to the worker that made it, once written. Not calling it costs only memory. */
  release?(): void;
}

export function emptyBatch(): Batch {
  return { diagnostics: [], rowCount: 0, records: [], rejects: [], counts: emptySummary(), bytes: 0, lines: 0 };
}

/** A batch of diagnostics only (a folder walk's notes, a file's end), counted. */
export function diagnosticsBatch(diagnostics: Diagnostic[], counts: Summary = emptySummary()): Batch {
  const batch = emptyBatch();
  batch.diagnostics = diagnostics;
  countDiagnostics(counts, diagnostics);
  batch.counts = counts;
  return batch;
}

/**
 * Adds the batch after `into` (of the same task, not its first) to it, as if one batch had held
 * both: rows (text) joined by the format's batchSeparator.
 */
export function appendBatch(into: Batch, next: Batch, separator: string): void {
  for (const diagnostic of next.diagnostics) into.diagnostics.push(diagnostic);
  for (const record of next.records) into.records.push(record);
  for (const entry of next.rejects) into.rejects.push(entry);
  if (typeof next.rows === "string" && next.rowCount > 0) {
    into.rows = typeof into.rows === "string" && into.rowCount > 0 ? into.rows + separator + next.rows : next.rows;
    into.rowCount += next.rowCount;
  }
  addSummary(into.counts, next.counts);
  into.bytes += next.bytes;
  into.lines = next.lines;
}
