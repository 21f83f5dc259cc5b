/**
 * The one per-event loop, on any thread: a task (a whole input, or a line-aligned part of a file)
 * is read, checked and passed through the stages, and handed on in batches. Synchronous inside a
 * chunk of input: asynchrony only where the reader waits for bytes and where a batch is handed on.
 */
import type { Readable } from "node:stream";
import type { CheckOptions } from "../core/check.js";
import { checkerFor, gradeItem } from "../grade.js";
import type { AnyProfile } from "../profiles/profile.js";
import type { ReadOptions } from "../read/read-inputs.js";
import type { ReadItem } from "../standards/events.js";
import type { Batch } from "./batch.js";
import { BatchBound, BATCH_ITEMS } from "./batch-bound.js";
import { BatchMaker, stageFunctions, type Stages } from "./batch-maker.js";
import { readItems, type TaskInput, type TaskTally } from "./read-items.js";

/** What every task of a run is given: how to judge, and what to hand on. */
export interface TaskSetup extends Stages {
  check: CheckOptions;
  /** Profiles given as code (the library): they cannot cross to a worker thread. gradeev's own by default. */
  profiles?: readonly AnyProfile[];
  maxEventBytes?: number;
  /** Documents larger than this are streamed element by element (8 MiB by default; tests set less). */
  streamAboveBytes?: number;
  /** Standard input is a part of a file that starts past its first line (ReadOptions.stdinPart). */
  stdinPart?: { firstByte: number };
}

/** Runs tasks with one setup: the checker is built once, for every task. */
export async function taskRunner(
  setup: TaskSetup,
  stdin: Readable,
): Promise<(task: TaskInput, tally: TaskTally) => AsyncGenerator<Batch>> {
  const functions = await stageFunctions(setup);
  const checker = checkerFor({ ...setup.check, ...(setup.profiles && { profiles: setup.profiles }) });
  // A run that keeps no record (validate) only counts the valid.
  const records = setup.output !== undefined || setup.records !== undefined;
  return async function* runTask(task, tally) {
    let bytes = 0; // file bytes, as progress counts them
    const bound = new BatchBound(); // what the batch holds grows with the text read
    const options: ReadOptions = {
      ...readLimits(setup),
      progress: { total() {}, read: (count) => void (bytes += count) },
      textRead: (count) => void (bound.text += count),
    };
    const maker = new BatchMaker(setup, functions);
    // The run counts what the batches handed on read: a task lost later counts the lines and bytes it sent.
    let linesCounted = 0;
    const counted = (batch: Batch): Batch => {
      batch.counts.lines += batch.lines - linesCounted;
      batch.counts.bytes += batch.bytes;
      linesCounted = batch.lines;
      return batch;
    };
    let line = 0;
    for await (const read of readItems(task, options, tally, stdin)) {
      for (const item of read) {
        // A batch is handed on only between lines: everything of the lines before has been checked
        // into it, and its counts count exactly that. A task lost later then counts as read only
        // what was handed on (Batch.lines). A line of thousands of events (a minified envelope) is
        // handed on in pieces all the same, to bound memory.
        const next = lineOf(item) ?? line;
        if ((bound.full && next > line) || bound.items >= BATCH_ITEMS * 64) {
          // Taken before the batch is handed on: the reader may read on meanwhile, into the next one.
          const read = bytes;
          bytes = 0;
          bound.reset();
          yield counted(maker.take(next - 1, read));
        }
        line = next;
        gradeItem(item, checker, maker.counts, maker.add, records);
        bound.items++;
      }
    }
    yield counted(maker.take(tally.lines, bytes));
  };
}

/** What the reader is told of the setup: how large an event and a document held whole may be. */
export function readLimits(setup: Pick<TaskSetup, "maxEventBytes" | "streamAboveBytes" | "stdinPart">): ReadOptions {
  return {
    ...(setup.stdinPart !== undefined && { stdinPart: setup.stdinPart }),
    ...(setup.maxEventBytes !== undefined && { maxEventBytes: setup.maxEventBytes }),
    ...(setup.streamAboveBytes !== undefined && { streamAboveBytes: setup.streamAboveBytes }),
  };
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
    case "unreadable":
      return item.diagnostic.line;
    default:
      return undefined;
  }
}
