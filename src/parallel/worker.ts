/**
 * A worker thread: runs the same read → check → flatten → format as the main thread on each task it
 * is sent, and hands back diagnostics, formatted rows, rejects and counts in batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pseudonymizer } from "../core/pseudonymize.js";
import { GradeevError } from "../errors.js";
import { grade } from "../grade.js";
import { newTally, readRange, readWhole, type ReadItem, type ReadOptions, type ReadTally } from "../read/read-inputs.js";
import type { GradeRecord } from "../types.js";
import { rejectEntry } from "../write/rejects.js";
import { recordFormatter } from "../write/writers.js";
import type { Batch, Task, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * Events per batch: enough that messages are few, few enough that a batch's records die young
 * (1000 was 25 % slower on the bench's Blackboard file: the records outlived a scavenge).
 */
const BATCH_EVENTS = 200;

const setup = workerData as WorkerSetup;
if (!parentPort) throw new Error("gradeev's worker must run in a worker thread");
const port = parentPort;
const utf8 = new TextEncoder();
const send = (message: WorkerMessage) => port.postMessage(message);
const format = setup.output ? recordFormatter(setup.output.format, setup.output.writer) : undefined;
const transform = setup.output?.pseudonymKey !== undefined ? pseudonymizer(setup.output.pseudonymKey) : (record: GradeRecord) => record;

port.on("message", (task: Task) => {
  runTask(task).catch((err: unknown) =>
    send({
      kind: "failed",
      task: task.id,
      usage: err instanceof GradeevError,
      message: err instanceof Error ? err.message : String(err),
      ...(err instanceof Error && err.stack !== undefined && { stack: err.stack }),
    }),
  );
});

function readTask(task: Task, options: ReadOptions, tally: ReadTally): AsyncIterable<ReadItem> {
  const file = { name: task.file, path: task.path };
  return task.range ? readRange(file, task.range, options, tally) : readWhole({ kind: "file", ...file }, process.stdin, options, tally);
}

async function runTask(task: Task): Promise<void> {
  let bytes = 0;
  const tally = newTally();
  const options: ReadOptions = {
    ...(setup.maxEventBytes !== undefined && { maxEventBytes: setup.maxEventBytes }),
    progress: { total() {}, read: (count) => void (bytes += count) },
  };
  const run = grade(readTask(task, options, tally), setup.check);
  let batch = emptyBatch(task.id);
  let records: GradeRecord[] = [];
  let events = 0;
  const flush = () => {
    if (format && records.length > 0) {
      // Not Buffer.from: a small Buffer shares a pool, which a transfer would take away.
      batch.rows = utf8.encode(format(records));
      batch.rowCount = records.length;
    }
    batch.bytes = bytes;
    bytes = 0;
    port.postMessage(batch, batch.rows ? [batch.rows.buffer as ArrayBuffer] : []);
    batch = emptyBatch(task.id);
    records = [];
    events = 0;
  };
  for await (const item of run.items) {
    if (item.kind === "diagnostic") batch.diagnostics.push(item.diagnostic);
    else if (item.kind === "record") {
      if (format) records.push(transform(item.record));
      if (++events >= BATCH_EVENTS) flush();
    } else if (item.kind === "reject") {
      if (setup.rejects === "all" || (setup.rejects === "invalid" && item.reason !== "unrecognised")) batch.rejects.push(rejectEntry(item));
      if (++events >= BATCH_EVENTS) flush();
    }
  }
  flush();
  send({ kind: "done", task: task.id, summary: run.summary, tally });
}

function emptyBatch(task: number): Batch {
  return { kind: "batch", task, diagnostics: [], rowCount: 0, rejects: [], bytes: 0 };
}
