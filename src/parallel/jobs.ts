/** How many worker threads a run may use: decided before any is started, without loading them. */
import { availableParallelism } from "node:os";

/**
 * Below this much input, starting workers costs more than it saves: --jobs defaults to 1. On the
 * 2-core bench machine, convert of Blackboard NDJSON on two workers against one thread: 75 MB 20 %
 * slower, 110 MB even, 150 MB 5 % and 250 MB 15-25 % faster, 1 GB 1.85 times. Each worker's start
 * (loading and warming up the code) costs the same CPU whatever the input's size, while two floors
 * side by side run 1.85-1.9 times as fast as one. More cores pay off sooner; --jobs says so.
 */
export const PARALLEL_ABOVE_BYTES = 128 * 1024 * 1024;

/** The most --jobs takes: each worker costs about 20 MB (its heap and code), so 64 is over 1 GB already. */
export const MAX_JOBS = 64;

/**
 * The most workers a run starts, whatever it asks for: twice the cores (more cannot check faster,
 * only cost memory), at least 4 (80 MB, worth no refusal, and the same on every machine), at most MAX_JOBS.
 */
export function jobsCap(): number {
  return Math.min(MAX_JOBS, Math.max(4, 2 * availableParallelism()));
}

/** --jobs when not given: every core, for inputs large enough to pay for the workers' start. */
export function defaultJobs(totalBytes: number | undefined): number {
  return totalBytes !== undefined && totalBytes >= PARALLEL_ABOVE_BYTES ? availableParallelism() : 1;
}
