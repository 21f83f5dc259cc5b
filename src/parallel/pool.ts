import { Worker } from "node:worker_threads";
import { GradeevError } from "../errors.js";
import type { Batch, MainMessage, Task, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * Each worker's young generation. V8's default (sized for one thread owning the machine) lets each
 * worker hold tens of MiB of short-lived garbage. 8 MiB: converting 1 GB of Blackboard NDJSON on two
 * workers peaked at 144-149 MiB against 160-166 with 16, at the same speed within the noise (9.2-10.4 s
 * against 9.1-10.7 s); 4 MiB promoted more to the old generation and peaked higher again (160 MiB).
 */
const WORKER_YOUNG_MB = 8;

/**
 * What a run yields: batches and ends of tasks (a failed task is thrown instead). `giveBack` hands
 * a batch's rows buffer back to its worker, to format into again: call it once the rows are written.
 */
export type TaskMessage = (Batch & { giveBack(): void }) | Extract<WorkerMessage, { kind: "done" }>;

/**
 * Runs tasks on `jobs` worker threads and yields their messages in task order, whatever order the
 * workers finish in. Memory stays bounded, whatever the input's size: at most `jobs * 2` tasks
 * are under way or held at once, and a worker waits once it has sent a set weight of batches not
 * yet taken (each batch is acknowledged, with its weight, when the caller has taken it). Stopping early (the reader of our
 * output went away) terminates the workers.
 */
export async function* runInWorkers(tasks: readonly Task[], setup: WorkerSetup, jobs: number): AsyncGenerator<TaskMessage> {
  const held = new Map<number, WorkerMessage[]>();
  const ranOn = new Map<number, Worker>(); // task id → its worker, until its messages are all yielded
  const running = new Set<number>(); // tasks a worker has not finished
  const window = jobs * 2;
  let nextTask = 0; // the next task to hand to a worker
  let nextOut = 0; // the task whose messages are yielded now
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const dispatch = () => {
    while (idle.length > 0 && nextTask < tasks.length && nextTask < nextOut + window) {
      const task = tasks[nextTask++] as Task;
      const worker = idle.pop() as Worker;
      held.set(task.id, []);
      ranOn.set(task.id, worker);
      running.add(task.id);
      const message: MainMessage = { kind: "task", task };
      worker.postMessage(message);
    }
  };
  const busy = (worker: Worker) => [...running].some((id) => ranOn.get(id) === worker);
  try {
    for (let k = 0; k < Math.min(jobs, tasks.length); k++) {
      const worker = startWorker(setup);
      workers.push(worker);
      worker.on("message", (message: WorkerMessage) => {
        held.get(message.task)?.push(message);
        if (message.kind !== "batch") {
          running.delete(message.task);
          idle.push(worker);
          dispatch();
        }
        signal();
      });
      worker.on("error", (err) => {
        failure ??= err;
        signal();
      });
      // Whatever its exit code, a worker that stops in the middle of a task has failed.
      worker.on("exit", (code) => {
        if (code !== 0 || busy(worker)) failure ??= new Error(`a worker thread stopped (exit code ${code}) before finishing its task`);
        signal();
      });
      idle.push(worker);
    }
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
      const worker = ranOn.get(id);
      if (message.kind === "batch") {
        yield { ...message, giveBack: () => giveBack(worker, message) };
        const ack: MainMessage = { kind: "ack", weight: message.weight };
        worker?.postMessage(ack);
      } else {
        yield message;
        held.delete(id);
        ranOn.delete(id);
        nextOut++;
        dispatch();
      }
    }
  } finally {
    // Terminating a worker makes it exit: that is no failure.
    running.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * A worker with Node's own flags (so that --cpu-prof and the like reach it), less --input-type (a
 * host run with `node -e` has it, and a worker loading its file then fails), or with none when a
 * flag is one a worker refuses outright (V8 heap flags such as --max-old-space-size).
 */
function startWorker(setup: WorkerSetup): Worker {
  const start = (execArgv: string[]) =>
    new Worker(new URL("./worker.js", import.meta.url), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB }, execArgv });
  try {
    return start(process.execArgv.filter((flag) => !flag.startsWith("--input-type")));
  } catch (err) {
    if ((err as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
    return start([]);
  }
}

/** Moves a batch's rows buffer back to the worker that filled it; once only, since moving it empties it here. */
function giveBack(worker: Worker | undefined, batch: Batch): void {
  const buffer = batch.rows?.buffer;
  if (!worker || !(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const message: MainMessage = { kind: "rows-buffer", buffer };
  worker.postMessage(message, [buffer]);
}

function failedTask(message: Extract<WorkerMessage, { kind: "failed" }>): Error {
  if (message.usage) return new GradeevError(message.message);
  const err = new Error(message.message);
  if (message.stack !== undefined) err.stack = message.stack;
  return err;
}
