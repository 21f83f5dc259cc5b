/**
 * A run: every input found readable (else a GradeevError, before any output), split into tasks,
 * and the tasks' batches handed on in input order, on this thread or on worker threads. Either way
 * the batches come from the one task loop (task.ts), and every file's start and end, the run's
 * counts and its progress are kept here, once.
 */
import type { Readable } from "node:stream";
import { checkOptionsOf } from "../core/check.js";
import { addSummary, countDiagnostics, emptySummary, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { GradeevError } from "../errors.js";
import { checkerFor, gradeItem, type GradeItem, type GradeOptions } from "../grade.js";
import { defaultJobs, jobsCap } from "../parallel/jobs.js";
import { shiftBatch, type PartBase } from "../parallel/join.js";
import { readableSources, skippedNote, totalSize, type ReadOptions } from "../read/read-inputs.js";
import type { InputSource } from "../read/sources.js";
import { diagnosticsBatch, type Batch } from "./batch.js";
import { BatchBound } from "./batch-bound.js";
import { BatchMaker, stageFunctions, type Stages } from "./batch-maker.js";
import { fileEnd, fileStart } from "./files.js";
import { endOfFile, newTally, readItems } from "./read-items.js";
import { readLimits, taskRunner, type TaskSetup } from "./task.js";

export interface StartOptions extends GradeOptions, ReadOptions {
  /** Worker threads; by default every core for inputs of 128 MiB or more, else 1; never more than twice the cores (4 at least, 64 at most). */
  jobs?: number;
  /** With several jobs: the size of the parts large NDJSON files are split into. */
  partBytes?: number;
  /**
   * Each worker's heap (V8's old generation), in MiB: a worker that needs more stops, and its file
   * or part is reported TASK_FAILED. By default the process's heap limit (and no more than the
   * machine's or container's memory) divided by the workers, 64 MiB at least (defaultWorkerMemoryMb).
   */
  workerMemoryMb?: number;
  /** What the batches carry besides diagnostics and counts: rows, records, rejects. Counts only by default. */
  stages?: Stages;
  /**
   * Standard input is a part of a file that starts on this line (from 1) with this event (from 0):
   * its diagnostics and rejects are moved down as a worker's part is (parallel/join.ts). Not with
   * --dedupe / --latest, which judge events against others that a part does not hold.
   */
  stdinStart?: { line: number; index: number };
}

/** A run's batches, in input order, and its counts. */
export interface Run {
  batches: AsyncIterable<Batch>;
  /** Updated as `batches` is consumed; complete once it is exhausted. */
  summary: Summary;
  /** How many threads check events. */
  jobs: number;
}

/**
 * Worker threads when more than one job is wanted and there are at least two tasks; this thread
 * for standard input, for --dedupe / --latest (which judge every event against every other, in one
 * place), and for profiles given as code (which cannot cross to a worker).
 */
export async function startRun(paths: readonly string[], options: StartOptions): Promise<Run> {
  const notes: Diagnostic[] = [];
  const sources = await readableSources(paths, options.stdin, {
    ...options,
    skipped: (entries) => notes.push(skippedNote(entries)),
  });
  const summary = emptySummary();
  const total = await totalSize(sources);
  options.progress?.total(total);
  const { batches, jobs } = await chooseBatches(sources, total, options);
  async function* counted(): AsyncGenerator<Batch> {
    if (notes.length > 0) {
      const batch = diagnosticsBatch(notes);
      addSummary(summary, batch.counts);
      yield batch;
    }
    for await (const batch of batches) {
      addSummary(summary, batch.counts);
      if (batch.bytes > 0) options.progress?.read(batch.bytes);
      yield batch;
    }
  }
  return { batches: counted(), summary, jobs };
}

async function chooseBatches(
  sources: InputSource[],
  total: number | undefined,
  options: StartOptions,
): Promise<{ batches: AsyncIterable<Batch>; jobs: number }> {
  const setup: TaskSetup = {
    check: checkOptionsOf(options),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...(options.streamAboveBytes !== undefined && { streamAboveBytes: options.streamAboveBytes }),
    ...(options.stdinPart !== undefined && { stdinPart: options.stdinPart }),
    ...(options.profiles && { profiles: options.profiles }),
    ...(options.stages ?? { rejects: "none" }),
  };
  const stdin = options.stdin ?? process.stdin;
  if ((options.dedupe || options.latest) && options.stdinStart !== undefined)
    throw new GradeevError(
      "--dedupe and --latest judge every event against the others, which a part of a file does not hold: run the parts without them, and drop repeats from the merged records",
    );
  if (options.dedupe || options.latest) return { batches: withoutRepeats(sources, setup, stdin, options), jobs: 1 };
  const here = { batches: onThisThread(sources, setup, stdin, options.stdinStart), jobs: 1 };
  const files = sources.filter((source): source is Extract<InputSource, { kind: "file" }> => source.kind === "file");
  if (options.profiles || files.length < sources.length) return here;
  const jobs = options.jobs ?? defaultJobs(total);
  if (jobs <= 1) return here;
  // Loaded by the runs that use worker threads only.
  const { planTasks, PART_BYTES, batchesInWorkers } = await import("../parallel/run.js");
  const plan = await planTasks(files, options.partBytes ?? PART_BYTES, options.maxEventBytes);
  if (plan.tasks.length < 2) {
    await plan.close();
    return here;
  }
  // No more workers than jobsCap(): past twice the cores they cost memory (about 20 MB each) and gain nothing.
  const threads = Math.min(jobs, jobsCap(), plan.tasks.length);
  const { profiles: _onThisThreadOnly, ...workerSetup } = setup;
  return {
    batches: batchesInWorkers(plan, workerSetup, threads, {
      ...(options.workerMemoryMb !== undefined && { workerMemoryMb: options.workerMemoryMb }),
    }),
    jobs: threads,
  };
}

/**
 * Each input read whole, in order, by the task loop on this thread; standard input's diagnostics
 * and rejects moved down to where `stdinStart` says its part of a file starts, its file's end not
 * (NO_EVENTS is about the file, line 1).
 */
async function* onThisThread(
  sources: readonly InputSource[],
  setup: TaskSetup,
  stdin: Readable,
  stdinStart: StartOptions["stdinStart"],
): AsyncGenerator<Batch> {
  const runTask = await taskRunner(setup, stdin);
  for (const source of sources) {
    const part =
      source.kind === "stdin" && stdinStart ? { firstLine: stdinStart.line, firstIndex: stdinStart.index } : undefined;
    yield fileStart(source.name, part);
    const tally = newTally();
    const base: PartBase = { lines: (part?.firstLine ?? 1) - 1, indexes: part?.firstIndex ?? 0 };
    for await (const batch of runTask({ kind: "whole", source }, tally)) {
      shiftBatch(batch, base);
      yield batch;
    }
    const end = fileEnd(source.name, tally);
    if (end) yield end;
  }
}

/**
 * --dedupe / --latest: every event is judged against every other before any is handed on, so the
 * graded items of every input go through dropRepeats (which keeps them on a tape meanwhile), and
 * only then through the stages, in batches as the task loop makes them. Counted straight into the
 * run's counts by the checks and the verdicts, so the batches carry none.
 */
async function* withoutRepeats(
  sources: readonly InputSource[],
  setup: TaskSetup,
  stdin: Readable,
  options: StartOptions,
): AsyncGenerator<Batch> {
  const checker = checkerFor({ ...setup.check, ...(setup.profiles && { profiles: setup.profiles }) });
  const counts = emptySummary();
  const progress = options.progress;
  const read: ReadOptions = {
    ...readLimits(setup),
    progress: {
      total: (bytes) => progress?.total(bytes),
      read(bytes) {
        counts.bytes += bytes;
        progress?.read(bytes);
      },
    },
  };
  async function* graded(): AsyncGenerator<GradeItem> {
    const out: GradeItem[] = [];
    const emit = (item: GradeItem) => void out.push(item);
    for (const source of sources) {
      yield { kind: "file", file: source.name };
      const tally = newTally();
      for await (const items of readItems({ kind: "whole", source }, read, tally, stdin)) {
        for (const item of items) gradeItem(item, checker, counts, emit);
        yield* out;
        out.length = 0;
      }
      counts.lines += tally.lines;
      const end = endOfFile(source.name, tally);
      if (end) {
        countDiagnostics(counts, [end]);
        yield { kind: "diagnostic", diagnostic: end };
      }
    }
  }
  const maker = new BatchMaker(setup, await stageFunctions(setup));
  const bound = new BatchBound();
  let lastSource: unknown;
  const repeats = { latest: options.latest === true, ...(options.tape && { tape: options.tape }) };
  // Loaded by the runs that drop repeats only.
  const { dropRepeats } = await import("../repeats/repeats.js");
  for await (const item of dropRepeats(graded(), counts, repeats)) {
    // A file's start opens a batch of its own: reports take the file before its diagnostics.
    if ((item.kind === "file" && !maker.empty) || bound.full) {
      yield take(maker, counts);
      bound.reset();
    }
    maker.add(item);
    bound.items++;
    // Bounded by the text its items hold too, as the task loop's batches are: the events of one
    // envelope share their text, counted once.
    const source = item.kind === "record" ? item.event.source : item.kind === "reject" ? item.event?.source : undefined;
    if (source !== undefined && source !== lastSource) {
      lastSource = source;
      bound.text += source.text.length;
    } else if (item.kind === "reject" && item.text !== undefined) bound.text += item.text.length;
  }
  yield take(maker, counts);
}

/** The batch filled so far, carrying what `counts` gathered since the batch before (and `counts` back at zero). */
function take(maker: BatchMaker, counts: Summary): Batch {
  const batch = maker.take(0, 0);
  addSummary(batch.counts, counts);
  Object.assign(counts, emptySummary());
  return batch;
}
