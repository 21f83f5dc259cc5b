/**
 * What a run does with each graded item besides counting it: the per-event stages after the
 * checks (pseudonymizing, choosing rejects, formatting records), written once for every thread.
 */
import type { GradeItem } from "../grade.js";
import type { GradeRecord } from "../types.js";
import { rejectEntry } from "../write/rejects.js";
import type { OutputFormat, WriterOptions } from "../write/writers.js";
import { emptyBatch, type Batch } from "./batch.js";

/** What a run hands on besides diagnostics and counts: plain data, so that a worker thread can be sent it. */
export interface Stages {
  /** Records formatted as rows in this format (convert); without it and `records`, records are only counted (validate). */
  output?: { format: OutputFormat; writer: WriterOptions; pseudonymKey?: string };
  /** Records kept as objects (--group-by, the library), pseudonymized when a key is given. */
  records?: { pseudonymKey?: string };
  /** Which rejects to hand on: none (no --rejects), the invalid ones, or also the unrecognised. */
  rejects: "none" | "invalid" | "all";
}

/** The stages as functions: the writers and the pseudonymizer are loaded only by a run that needs them (validate does not). */
export interface StageFunctions {
  format?: (records: readonly GradeRecord[]) => string;
  transform?: (record: GradeRecord) => GradeRecord;
}

export async function stageFunctions(stages: Stages): Promise<StageFunctions> {
  const key = stages.output?.pseudonymKey ?? stages.records?.pseudonymKey;
  const output = stages.output;
  return {
    ...(output && { format: (await import("../write/writers.js")).recordFormatter(output.format, output.writer) }),
    ...(key !== undefined && { transform: (await import("../write/pseudonymize.js")).pseudonymizer(key) }),
  };
}

/** Fills batches with graded items, in order; a batch is taken when the caller says. */
export class BatchMaker {
  private batch = emptyBatch();
  /** Records waiting to be formatted when the batch is taken: one call per batch is much cheaper than one per record. */
  private pending: GradeRecord[] = [];
  private readonly format: ((records: readonly GradeRecord[]) => string) | undefined;
  private readonly transform: ((record: GradeRecord) => GradeRecord) | undefined;
  private readonly keep: boolean;
  readonly add = (item: GradeItem): void => this.put(item);

  constructor(
    private readonly stages: Stages,
    functions: StageFunctions,
  ) {
    this.format = functions.format;
    this.transform = functions.transform;
    this.keep = stages.records !== undefined;
  }

  /** The counts of the batch being filled: what the items added so far add to the run's. */
  get counts() {
    return this.batch.counts;
  }

  /** Whether the batch being filled holds anything but counts. */
  get empty(): boolean {
    const b = this.batch;
    return (
      b.file === undefined &&
      b.diagnostics.length === 0 &&
      this.pending.length === 0 &&
      b.records.length === 0 &&
      b.rejects.length === 0
    );
  }

  private put(item: GradeItem): void {
    switch (item.kind) {
      case "file":
        this.batch.file = item.file;
        this.batch.counts.files++;
        break;
      case "diagnostic":
        this.batch.diagnostics.push(item.diagnostic);
        break;
      case "record": {
        if (!this.format && !this.keep) break;
        const record = this.transform ? this.transform(item.record) : item.record;
        if (this.format) this.pending.push(record);
        else this.batch.records.push(record);
        break;
      }
      case "reject":
        if (this.stages.rejects === "all" || (this.stages.rejects === "invalid" && item.reason !== "unrecognised"))
          this.batch.rejects.push(rejectEntry(item));
        break;
    }
  }

  /** The batch filled so far, its rows formatted; a new one is started. */
  take(lines: number, bytes: number): Batch {
    const full = this.batch;
    if (this.format && this.pending.length > 0) {
      full.rows = this.format(this.pending);
      full.rowCount = this.pending.length;
      this.pending = [];
    }
    full.lines = lines;
    full.bytes = bytes;
    this.batch = emptyBatch();
    return full;
  }
}
