import { checkOptionsOf } from "../core/check.js";
import { grade, type GradeItem, type GradeOptions } from "../grade.js";
import { countDiagnostics, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { readableSources, readSources, skippedNote, totalSize, type ReadOptions } from "../read/read-inputs.js";
import type { InputSource } from "../read/sources.js";
import type { WorkerSetup } from "./protocol.js";
import { defaultJobs, gradeInParallel, jobsCap, planTasks, PART_BYTES, type ParallelItem } from "./run.js";

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
  /** What workers format and hand back (see WorkerSetup); without it, records come unformatted from one thread. */
  worker?: Pick<WorkerSetup, "output" | "rejects">;
}

/** A run on one thread (records as objects) or on several (records already formatted). */
export interface Run {
  items: AsyncIterable<GradeItem | ParallelItem>;
  summary: Summary;
  /** How many threads check events. */
  jobs: number;
}

/**
 * Finds every input readable (else a GradeevError, before any output), then chooses: worker threads
 * when more than one job is wanted and there are at least two tasks; one thread otherwise, and always
 * for standard input and for --dedupe / --latest, which must see every record in one place, and
 * for profiles given as code.
 */
export async function startRun(paths: readonly string[], options: StartOptions): Promise<Run> {
  const notes: Diagnostic[] = [];
  const found = await readableSources(paths, options.stdin, { ...options, skipped: (entries) => notes.push(skippedNote(entries)) });
  return withNotes(await chooseRun(found, options), notes);
}

/** What folder walks skipped, said before anything read, and counted. */
function withNotes(run: Run, notes: readonly Diagnostic[]): Run {
  if (notes.length === 0) return run;
  countDiagnostics(run.summary, notes);
  async function* items(): AsyncGenerator<GradeItem | ParallelItem> {
    for (const diagnostic of notes) yield { kind: "diagnostic", diagnostic };
    yield* run.items;
  }
  return { ...run, items: items() };
}

async function chooseRun(sources: InputSource[], options: StartOptions): Promise<Run> {
  const sequential = (): Run => ({ ...grade(readSources(sources, options), options), jobs: 1 });
  const files = sources.filter((source): source is Extract<InputSource, { kind: "file" }> => source.kind === "file");
  // Profiles passed in as code cannot cross to a worker thread; gradeev's own are loaded there.
  if (options.jobs === 1 || !options.worker || options.profiles || options.dedupe || options.latest || files.length < sources.length) return sequential();
  const total = await totalSize(sources);
  const jobs = options.jobs ?? defaultJobs(total);
  if (jobs <= 1) return sequential();
  const plan = await planTasks(files, options.partBytes ?? PART_BYTES, options.maxEventBytes);
  if (plan.tasks.length < 2) {
    await plan.close();
    return sequential();
  }
  options.progress?.total(total);
  const setup: WorkerSetup = {
    check: checkOptionsOf(options),
    ...(options.maxEventBytes !== undefined && { maxEventBytes: options.maxEventBytes }),
    ...options.worker,
  };
  // No more workers than jobsCap(): past twice the cores they cost memory (about 20 MB each) and gain nothing.
  const threads = Math.min(jobs, jobsCap(), plan.tasks.length);
  const limits = { ...(options.progress && { progress: options.progress }), ...(options.workerMemoryMb !== undefined && { workerMemoryMb: options.workerMemoryMb }) };
  return { ...gradeInParallel(plan, setup, threads, limits), jobs: threads };
}
