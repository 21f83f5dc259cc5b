/**
 * A worker thread: runs the run's one task loop (run/task.ts) on each task it is sent, and hands
 * the batches to the main thread, their rows as UTF-8 bytes moved rather than copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { GradeevError } from "../errors.js";
import { newTally, type TaskInput } from "../run/read-items.js";
import { appendBatch, type Batch } from "../run/batch.js";
import { taskRunner } from "../run/task.js";
import { batchSeparator } from "../write/writers.js";
import type { MainMessage, Task, TaskBatch, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * How much a worker may have sent that the main thread has not yet written (batch weights, about
 * bytes). A worker ahead of the output (a later task, a slow reader of our output) then waits, so
 * memory stays bounded. Enough for a few whole parts' output (a 4 MiB part of NDJSON gives 1 to 2
 * MiB of CSV), so that parts run side by side without waiting for the one being written.
 */
const WEIGHT_AHEAD = 8 * 1024 * 1024;
/** What a diagnostic or a reject's own fields weigh, about, beside the rows' and events' bytes. */
const ITEM_WEIGHT = 256;
/** What a record sent as an object (--group-by) weighs, about: its strings and the clone's own. */
const RECORD_WEIGHT = 1024;
/**
 * Rows are encoded into buffers that the main thread gives back once it has written them, so that
 * the same few go round. A new buffer per batch became garbage on the main thread, whose quiet heap
 * is rarely collected: on 1 GB of NDJSON it held some 15 MiB of rows long written. A buffer is made
 * with this much room to spare, so that it fits the next batches of about the same size.
 */
const ROWS_BUFFER_ROOM = 1.25;
/**
 * Batches of a task are joined, up to this many or this weight, before they are sent: one message
 * per batch of 64 events cost a worker 6-9 % of its time in postMessage on the bench's files. Not
 * more: a batch held longer outlives a scavenge, and 16 cost 20 MiB more peak RSS on two workers.
 */
const JOIN_BATCHES = 4;
const JOIN_WEIGHT = 256 * 1024;

const setup = workerData as WorkerSetup;
if (!parentPort) throw new Error("gradeev's worker must run in a worker thread");
const port = parentPort;
const utf8 = new TextEncoder();
const send = (message: WorkerMessage) => port.postMessage(message);
const runTask = await taskRunner(setup, process.stdin);
const separator =
  setup.output === undefined || setup.output.format === "parquet" ? "" : batchSeparator(setup.output.format);

let unwritten = 0;
let acknowledged: (() => void) | undefined;
/** Rows buffers given back, ready to format into again. */
const spare: ArrayBuffer[] = [];

port.on("message", (message: MainMessage) => {
  if (message.kind === "rows-buffer") {
    spare.push(message.buffer);
    return;
  }
  if (message.kind === "ack") {
    unwritten -= message.weight;
    acknowledged?.();
    acknowledged = undefined;
    return;
  }
  const task = message.task;
  run(task).catch((err: unknown) =>
    send({
      kind: "failed",
      task: task.id,
      usage: err instanceof GradeevError,
      message: err instanceof Error ? err.message : String(err),
      ...(err instanceof Error && err.stack !== undefined && { stack: err.stack }),
    }),
  );
});

async function run(task: Task): Promise<void> {
  const tally = newTally();
  let held: Batch | undefined;
  let joined = 0;
  const sendHeld = async () => {
    if (held === undefined) return;
    const batch = held;
    held = undefined;
    await sendBatch(task.id, batch);
  };
  try {
    for await (const batch of runTask(inputOf(task), tally)) {
      if (held === undefined) ((held = batch), (joined = 1));
      else (appendBatch(held, batch, separator), joined++);
      if (joined >= JOIN_BATCHES || weightOf(held, typeof held.rows === "string" ? held.rows.length : 0) >= JOIN_WEIGHT)
        await sendHeld();
    }
  } finally {
    // What was read before a failure is handed on before the failure is.
    await sendHeld();
  }
  send({ kind: "done", task: task.id, tally });
}

function inputOf(task: Task): TaskInput {
  if (task.range)
    return {
      kind: "part",
      file: task.file,
      fd: task.range.fd,
      range: task.range,
      ...(task.walked && { walked: true }),
    };
  const path = typeof task.path === "string" ? task.path : Buffer.from(task.path);
  return { kind: "whole", source: { kind: "file", name: task.file, path, ...(task.walked && { walked: true }) } };
}

/**
 * The rows as UTF-8, in a spare buffer when they fit one; a spare too small is dropped. Not
 * Buffer.from: a small Buffer shares a pool, which a transfer would take away.
 */
function encodeRows(text: string): Uint8Array {
  const reused = spare.pop();
  if (reused) {
    const { read, written } = utf8.encodeInto(text, new Uint8Array(reused));
    if (read === text.length) return new Uint8Array(reused, 0, written);
  }
  const bytes = Buffer.byteLength(text);
  const buffer = new ArrayBuffer(Math.ceil((bytes * ROWS_BUFFER_ROOM) / 4096) * 4096);
  utf8.encodeInto(text, new Uint8Array(buffer));
  return new Uint8Array(buffer, 0, bytes);
}

/** Sends a batch, then waits while too much is still unwritten. */
async function sendBatch(task: number, batch: Batch): Promise<void> {
  const { rows, release: _none, ...rest } = batch;
  const bytes = typeof rows === "string" ? encodeRows(rows) : rows;
  const weight = weightOf(batch, bytes?.buffer.byteLength ?? 0);
  const message: TaskBatch = { kind: "batch", task, batch: { ...rest, ...(bytes && { rows: bytes }) }, weight };
  port.postMessage(message, bytes ? [bytes.buffer as ArrayBuffer] : []);
  unwritten += weight;
  while (unwritten > WEIGHT_AHEAD) await new Promise<void>((resolve) => (acknowledged = resolve));
}

/** About how many bytes a batch holds, its rows' given. */
function weightOf(batch: Batch, rowBytes: number): number {
  return (
    rowBytes +
    ITEM_WEIGHT * (batch.diagnostics.length + batch.rejects.length) +
    RECORD_WEIGHT * batch.records.length +
    batch.rejects.reduce(
      (sum, entry) => sum + (entry.event?.length ?? 0) + (entry.text?.length ?? 0) + (entry.bytes_base64?.length ?? 0),
      0,
    )
  );
}
