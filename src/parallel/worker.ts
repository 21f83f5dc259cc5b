/**
 * A worker thread: runs the same read → check → flatten → format as the main thread on each task it
 * is sent, and hands back diagnostics, formatted rows, rejects and counts in batches.
 */
import { parentPort, workerData } from "node:worker_threads";
import { pseudonymizer } from "../core/pseudonymize.js";
import { emptySummary } from "../core/tally.js";
import { GradeevError } from "../errors.js";
import { grade } from "../grade.js";
import { newTally, readRange, readWhole, type ReadItem, type ReadOptions, type ReadTally } from "../read/read-inputs.js";
import type { GradeRecord } from "../types.js";
import { rejectEntry } from "../write/rejects.js";
import { recordFormatter } from "../write/writers.js";
import type { Batch, MainMessage, Task, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * Events (and diagnostics) per batch: enough that messages are few, few enough that a batch's
 * records die young (1000 was 25 % slower on the bench's Blackboard file and 200 cost 17 MiB more
 * than 64 on 1 GB: records outlived a scavenge, and V8 grew the heap for them).
 */
const BATCH_ITEMS = 64;
/**
 * How much a worker may have sent that the main thread has not yet written (batch weights, about
 * bytes). A worker ahead of the output (a later task, a slow reader of our output) then waits, so
 * memory stays bounded. Enough for a few whole parts' output (a 4 MiB part of NDJSON gives 1 to 2
 * MiB of CSV), so that parts run side by side without waiting for the one being written.
 */
const WEIGHT_AHEAD = 8 * 1024 * 1024;
/** What a diagnostic or a reject's own fields weigh, about, beside the rows' and events' bytes. */
const ITEM_WEIGHT = 256;
/**
 * Rows are encoded into buffers that the main thread gives back once it has written them, so that
 * the same few go round. A new buffer per batch became garbage on the main thread, whose quiet heap
 * is rarely collected: on 1 GB of NDJSON it held some 15 MiB of rows long written. A buffer is made
 * with this much room to spare, so that it fits the next batches of about the same size.
 */
const ROWS_BUFFER_ROOM = 1.25;

const setup = workerData as WorkerSetup;
if (!parentPort) throw new Error("gradeev's worker must run in a worker thread");
const port = parentPort;
const utf8 = new TextEncoder();
const send = (message: WorkerMessage) => port.postMessage(message);
const format = setup.output ? recordFormatter(setup.output.format, setup.output.writer) : undefined;
const transform = setup.output?.pseudonymKey !== undefined ? pseudonymizer(setup.output.pseudonymKey) : (record: GradeRecord) => record;

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
  if (task.range) return readRange({ name: task.file, fd: task.range.fd, ...(task.walked && { walked: true }) }, task.range, options, tally);
  return readWhole({ kind: "file", name: task.file, path: typeof task.path === "string" ? task.path : Buffer.from(task.path), ...(task.walked && { walked: true }) }, process.stdin, options, tally);
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
async function sendBatch(batch: Batch): Promise<void> {
  batch.weight =
    (batch.rows?.buffer.byteLength ?? 0) +
    ITEM_WEIGHT * (batch.diagnostics.length + batch.rejects.length) +
    batch.rejects.reduce((sum, entry) => sum + (entry.event?.length ?? 0) + (entry.text?.length ?? 0) + (entry.bytes_base64?.length ?? 0), 0);
  port.postMessage(batch, batch.rows ? [batch.rows.buffer as ArrayBuffer] : []);
  unwritten += batch.weight;
  while (unwritten > WEIGHT_AHEAD) await new Promise<void>((resolve) => (acknowledged = resolve));
}

async function runTask(task: Task): Promise<void> {
  let bytes = 0;
  const tally = newTally();
  const options: ReadOptions = {
    ...(setup.maxEventBytes !== undefined && { maxEventBytes: setup.maxEventBytes }),
    progress: { total() {}, read: (count) => void (bytes += count) },
  };
  let batch = emptyBatch(task.id);
  let records: GradeRecord[] = [];
  let items = 0;
  const flush = async (lines: number) => {
    if (format && records.length > 0) {
      batch.rows = encodeRows(format(records));
      batch.rowCount = records.length;
    }
    batch.bytes = bytes;
    batch.lines = lines;
    batch.summary = run.summary; // cloned as it is sent, at once
    bytes = 0;
    const full = batch;
    batch = emptyBatch(task.id);
    records = [];
    items = 0;
    await sendBatch(full);
  };
  // A batch is sent only between lines: when the reader is asked for an item on a later line than
  // the last, everything of the lines before has been checked into the batch, and the summary
  // counts exactly that. A task lost later then counts as read only what was sent (see Batch.lines).
  async function* sentByLine(read: AsyncIterable<ReadItem>): AsyncGenerator<ReadItem> {
    let line = 0;
    for await (const item of read) {
      const next = lineOf(item) ?? line;
      // A line of thousands of events (a minified envelope) is sent in pieces all the same, to bound
      // memory: should the task be lost, the unread bytes start at that line, whose sent events stay counted.
      if ((items >= BATCH_ITEMS && next > line) || items >= BATCH_ITEMS * 64) await flush(next - 1);
      line = next;
      yield item;
    }
  }
  const run = grade(sentByLine(readTask(task, options, tally)), setup.check);
  for await (const item of run.items) {
    if (item.kind === "diagnostic") batch.diagnostics.push(item.diagnostic);
    else if (item.kind === "record") {
      if (format) records.push(transform(item.record));
    } else if (item.kind === "reject") {
      if (setup.rejects === "all" || (setup.rejects === "invalid" && item.reason !== "unrecognised")) batch.rejects.push(rejectEntry(item));
    }
    items++;
  }
  await flush(tally.lines);
  send({ kind: "done", task: task.id, tally });
}

/** The line (from the task's start) an item read begins on; none for a file's start. */
function lineOf(item: ReadItem): number | undefined {
  switch (item.kind) {
    case "event":
      return item.event.at.line;
    case "describe":
      return item.describe.at.line;
    case "envelope":
      return item.envelope.at.line;
    case "problem":
      return item.diagnostic.line;
    default:
      return undefined;
  }
}

function emptyBatch(task: number): Batch {
  return { kind: "batch", task, diagnostics: [], rowCount: 0, rejects: [], bytes: 0, lines: 0, summary: emptySummary(), weight: 0 };
}
