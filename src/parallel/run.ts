import { emptySummary } from "../core/tally.js";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import { stat, type FileHandle } from "node:fs/promises";
import { linesIn, openParts, PlanBuffers } from "../read/ranges.js";
import type { InputSource } from "../read/sources.js";
import { diagnosticsBatch, type Batch } from "../run/batch.js";
import { fileEnd, fileStart } from "../run/files.js";
import { shiftBatch, type PartBase } from "./join.js";
import { defaultWorkerMemoryMb } from "./memory.js";
import { runInWorkers } from "./pool.js";
import { bytesAfterLines } from "./unread.js";
import type { Task, WorkerSetup } from "./protocol.js";

/**
 * NDJSON files are split into parts of this size: big enough to amortise a task, small enough to
 * spread. On the bench's 250 MB Blackboard file with two threads, 4 MiB parts converted in 3.2-3.5 s
 * and 141 MiB against 4.0-4.1 s and 153 MiB for 16 MiB parts: the last parts straggle less, and a
 * part's output stays well within what a worker may send ahead (WEIGHT_AHEAD).
 */
export const PART_BYTES = 4 * 1024 * 1024;

interface PlannedTask extends Task {
  /** Which part of its file this is, of how many. */
  part: number;
  parts: number;
}

/** The tasks, and the files opened to split them: closed when the run ends. */
export interface Plan {
  tasks: PlannedTask[];
  close(): Promise<void>;
}

/**
 * Large files split at most: each split file stays open until the run ends. More files than this
 * give the workers enough to share whole.
 */
export const MAX_SPLIT_FILES = 64;

/** One task per file, or per part of a large plain NDJSON file (see openParts). Files only: standard input is read in the main thread. */
export async function planTasks(
  sources: readonly Extract<InputSource, { kind: "file" }>[],
  partBytes = PART_BYTES,
  maxEventBytes?: number,
): Promise<Plan> {
  const tasks: PlannedTask[] = [];
  const handles: FileHandle[] = [];
  const close = async () => void (await Promise.all(handles.map((handle) => handle.close().catch(() => {}))));
  const buffers = new PlanBuffers(); // the same for every file
  try {
    for (const source of sources) {
      const split =
        handles.length < MAX_SPLIT_FILES ? await openParts(source.path, partBytes, maxEventBytes, buffers) : undefined;
      if (split) handles.push(split.handle);
      const parts = split?.ranges.length ?? 1;
      for (let part = 0; part < parts; part++) {
        const range = split?.ranges[part];
        tasks.push({
          id: tasks.length,
          file: source.name,
          path: source.path,
          part,
          parts,
          ...(range && split && { range: { ...range, fd: split.handle.fd } }),
          ...(source.walked && { walked: true }),
        });
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { tasks, close };
}

/**
 * Runs the tasks on worker threads and hands on their batches in input order, with the same line
 * numbers, indexes and counts as one thread would give (parts shifted by what the parts before
 * held), each file's start and end as on one thread (see run/files.ts). A task lost with its worker
 * (out of memory, a crash) is one TASK_FAILED diagnostic after what it sent, and the run goes on
 * (exit 2, see exitCodeOf).
 */
export async function* batchesInWorkers(
  plan: Plan,
  setup: WorkerSetup,
  jobs: number,
  options: { workerMemoryMb?: number } = {},
): AsyncGenerator<Batch> {
  const { tasks } = plan;
  const memoryMb = options.workerMemoryMb ?? defaultWorkerMemoryMb(jobs);
  let base: PartBase = { lines: 0, indexes: 0 };
  let describes = false;
  let opened = -1; // the task whose file's start has been handed on
  let bytesRead = 0; // what the current task's batches have read (for progress: the reader reads ahead)
  let linesSent = 0; // the current task's lines whose events have all arrived
  try {
    for await (const message of runInWorkers(tasks, setup, { jobs, memoryMb })) {
      const task = tasks[message.task] as PlannedTask;
      if (task.part === 0 && opened !== task.id) {
        opened = task.id;
        yield fileStart(task.file);
      }
      if (message.kind === "batch") {
        const batch = message.batch;
        bytesRead += batch.bytes;
        linesSent = batch.lines;
        // Moved down by what the parts before held: the batch is this thread's now.
        shiftBatch(batch, base);
        const handed: Batch = batch;
        handed.release = message.giveBack;
        yield handed;
        continue;
      }
      if (message.kind === "lost") {
        // What it sent stays read and counted; its bytes from the line after are not read, events
        // the worker had read but not sent among them.
        const rest = Math.max(0, (await taskBytes(task)) - bytesRead);
        // A whole file gone meanwhile cannot be read again: what its batches read is the nearest known.
        const unread = await bytesAfterLines(task, linesSent).catch(async () =>
          Math.max(0, (await taskBytes(task)) - bytesRead),
        );
        const counts = emptySummary();
        counts.failedTasks = 1;
        counts.unreadBytes = unread;
        const lost = diagnosticsBatch([taskFailed(task, base.lines + linesSent + 1, message.reason, unread)], counts);
        lost.bytes = rest;
        yield lost;
        // Its lines are counted from its bytes; its events are not known, so neither are the indexes after it.
        base = { lines: base.lines + (task.range ? await linesIn(task.range.fd, task.range) : 0), indexes: undefined };
      } else {
        base = {
          lines: base.lines + message.tally.lines,
          indexes: base.indexes === undefined ? undefined : base.indexes + message.tally.indexes,
        };
        describes ||= message.tally.describes;
      }
      bytesRead = 0;
      linesSent = 0;
      if (task.part === task.parts - 1) {
        // Indexes unknown (a part lost): the file held events, or at least its lost part may have.
        const end = base.indexes === undefined ? undefined : fileEnd(task.file, { indexes: base.indexes, describes });
        if (end) yield end;
        base = { lines: 0, indexes: 0 };
        describes = false;
      }
    }
  } finally {
    await plan.close();
  }
}

/** A task's size in file bytes: its part's, or its file's (as progress counts them, before any gunzipping). */
async function taskBytes(task: PlannedTask): Promise<number> {
  if (task.range) return task.range.end - task.range.start;
  return (await stat(task.path).catch(() => undefined))?.size ?? 0;
}

function taskFailed(task: PlannedTask, line: number, reason: string, unread: number): Diagnostic {
  const said = task.range
    ? worded("TASK_FAILED.partStopped", {
        part: task.part + 1,
        parts: task.parts,
        from: task.range.start,
        to: task.range.end - 1,
        reason,
        unread,
      })
    : worded("TASK_FAILED.stopped", { reason, unread });
  return {
    code: "TASK_FAILED",
    severity: fixedSeverity("TASK_FAILED", "invalid"),
    file: task.file,
    line,
    ...said,
  };
}
