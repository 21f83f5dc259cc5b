import { Worker } from "node:worker_threads";
import { GradeevError } from "../errors.js";
import type { Task, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * Each worker's young generation. V8's default (sized for one thread owning the machine) lets each
 * worker hold tens of MiB of short-lived garbage; 12 MiB keeps two workers near the memory of one
 * thread, for about 10 % more time in the scavenger (measured on the bench corpus).
 */
const WORKER_YOUNG_MB = 12;

/**
 * Runs tasks on `jobs` worker threads and yields their messages in task order, whatever order the
 * workers finish in. A task's messages are held only until the tasks before it are done, and at
 * most `jobs * 2` tasks are under way or held at once, so memory stays bounded by the task size,
 * not the input's. Stopping early (the reader of our output went away) terminates the workers.
 */
export async function* runInWorkers(tasks: readonly Task[], setup: WorkerSetup, jobs: number): AsyncGenerator<WorkerMessage> {
  const held = new Map<number, WorkerMessage[]>();
  const window = jobs * 2;
  let nextTask = 0; // the next task to hand to a worker
  let nextOut = 0; // the task whose messages are yielded now
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const workers = Array.from(
    { length: Math.min(jobs, tasks.length) },
    () => new Worker(new URL("./worker.js", import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }),
  );
  const idle: Worker[] = [];
  const dispatch = () => {
    while (idle.length > 0 && nextTask < tasks.length && nextTask < nextOut + window) {
      const task = tasks[nextTask++] as Task;
      held.set(task.id, []);
      (idle.pop() as Worker).postMessage(task);
    }
  };
  for (const worker of workers) {
    worker.on("message", (message: WorkerMessage) => {
      held.get(message.task)?.push(message);
      if (message.kind !== "batch") {
        idle.push(worker);
        dispatch();
      }
      signal();
    });
    worker.on("error", (err) => {
      failure ??= err;
      signal();
    });
    worker.on("exit", (code) => {
      if (code !== 0) failure ??= new Error(`a worker thread stopped with exit code ${code}`);
      signal();
    });
    idle.push(worker);
  }
  try {
    dispatch();
    while (nextOut < tasks.length) {
      const id = (tasks[nextOut] as Task).id;
      const message = held.get(id)?.shift();
      if (message === undefined) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === "failed") throw failedTask(message);
      yield message;
      if (message.kind === "done") {
        held.delete(id);
        nextOut++;
        dispatch();
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function failedTask(message: Extract<WorkerMessage, { kind: "failed" }>): Error {
  if (message.usage) return new GradeevError(message.message);
  const err = new Error(message.message);
  if (message.stack !== undefined) err.stack = message.stack;
  return err;
}
