/** What the main thread and the worker threads say to each other: plain data, cloned across threads. */
import type { CheckOptions } from "../core/check.js";
import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import type { ByteRange } from "../read/ranges.js";
import type { ReadTally } from "../read/read-inputs.js";
import type { RejectEntry } from "../write/rejects.js";
import type { OutputFormat, WriterOptions } from "../write/writers.js";

/** Everything a worker needs to judge and format as the main thread would: sent once, at start. */
export interface WorkerSetup {
  check: CheckOptions;
  maxEventBytes?: number;
  /** Convert only: the records' format; validate leaves it out and records are only counted. */
  output?: { format: OutputFormat; writer: WriterOptions; pseudonymKey?: string };
  /** Which rejects to hand back: none (no --rejects), the invalid ones, or also the unrecognised. */
  rejects: "none" | "invalid" | "all";
}

/** One file, or one line-aligned part of a plain NDJSON file. */
export interface Task {
  id: number;
  /** The file's name as reported, and its path. */
  file: string;
  /** Bytes for a name that is not UTF-8 (see InputSource); in a worker it arrives as a Uint8Array. */
  path: string | Buffer;
  /**
   * A part: its bytes, read through `fd`, the file the main thread opened once when it planned the
   * parts (so that a file renamed or replaced meanwhile is still the one read). Absent: the whole
   * file (any format, gzip included), opened by path as one thread would.
   */
  range?: ByteRange & { fd: number };
  /** Found by a folder walk (see InputSource). */
  walked?: true;
}

/** What the main thread sends a worker: a task, or leave to send more batches. */
export type MainMessage =
  | { kind: "task"; task: Task }
  /** The main thread has written a batch of the worker's, of this weight: the worker may send more. */
  | { kind: "ack"; weight: number }
  /** The memory of a batch's rows, written: given back, so that the worker formats into it again. */
  | { kind: "rows-buffer"; buffer: ArrayBuffer };

/** What a task produced since the last batch, in input order within each kind. */
export interface Batch {
  kind: "batch";
  task: number;
  diagnostics: Diagnostic[];
  /**
   * Records formatted by recordFormatter with the setup's options, as UTF-8 bytes, and how many.
   * Bytes, so that they are moved to the main thread (transferred), not copied onto its heap.
   */
  rows?: Uint8Array;
  rowCount: number;
  rejects: RejectEntry[];
  /** File bytes read since the last batch (for progress: the reader reads ahead of the events sent). */
  bytes: number;
  /**
   * The task's lines (from its start) whose events have all been sent, in this batch or before: a
   * task lost later was read up to there, and its unread bytes start at the line after.
   */
  lines: number;
  /** The task's counts so far: the run's summary is right whenever the main thread stops reading. */
  summary: Summary;
  /** About how many bytes the batch holds: what the worker may have unwritten is limited by this. */
  weight: number;
}

export type WorkerMessage =
  | Batch
  /** The task is finished: what its reader counted (to shift the parts after it). Its last batch has its final counts. */
  | { kind: "done"; task: number; tally: ReadTally }
  /** The task could not run: `usage` for an input error (exit 2), else a bug (exit 3). */
  | { kind: "failed"; task: number; message: string; stack?: string; usage: boolean };
