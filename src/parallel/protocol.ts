/** What the main thread and the worker threads say to each other: plain data, cloned across threads. */
import type { ByteRange } from "../read/ranges.js";
import type { TaskTally } from "../run/read-items.js";
import type { Batch } from "../run/batch.js";
import type { TaskSetup } from "../run/task.js";

/** Everything a worker needs to judge and format as the main thread would: sent once, at start (no profiles as code). */
export type WorkerSetup = Omit<TaskSetup, "profiles">;

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

/** A batch of a task's (rows as UTF-8 bytes, moved to the main thread, not copied onto its heap). */
export interface TaskBatch {
  kind: "batch";
  task: number;
  batch: Omit<Batch, "rows" | "release"> & { rows?: Uint8Array };
  /** About how many bytes the batch holds: what the worker may have unwritten is limited by this. */
  weight: number;
}

export type WorkerMessage =
  | TaskBatch
  /** The task is finished: what its reader counted (to shift the parts after it). Its last batch has its final counts. */
  | { kind: "done"; task: number; tally: TaskTally }
  /** The task could not run: `usage` for an input error (exit 2), else a bug (exit 3). */
  | { kind: "failed"; task: number; message: string; stack?: string; usage: boolean };
