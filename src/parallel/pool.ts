import { Worker } from "node:worker_threads";
import { GradeevError } from "../errors.js";
import type { MainMessage, Task, TaskBatch, WorkerMessage, WorkerSetup } from "./protocol.js";

/**
 * Each worker's young generation. V8's default (sized for one thread owning the machine) lets each
 * worker hold tens of MiB of short-lived garbage. 8 MiB: converting 1 GB of Blackboard NDJSON on two
 * workers peaked at 144-149 MiB against 160-166 with 16, at the same speed within the noise (9.2-10.4 s
 * against 9.1-10.7 s); 4 MiB promoted more to the old generation and peaked higher again (160 MiB).
 */
const WORKER_YOUNG_MB = 8;

/**
 * What a run yields: batches and ends of tasks (a task that could not run is thrown instead), and
 * tasks lost with their worker (`reason`: why it stopped), after the batches it sent. `giveBack`
 * hands a batch's rows buffer back to its worker, to format into again: call it once the rows are written.
 */
export type TaskMessage =
  | (TaskBatch & { giveBack(): void })
  | Extract<WorkerMessage, { kind: "done" }>
  | { kind: "lost"; task: number; reason: string };

export interface PoolOptions {
  /** How many workers run at once. */
  jobs: number;
  /** Each worker's old generation, in MiB: a worker that needs more is stopped, alone. */
  memoryMb: number;
  /** The worker's script: gradeev's own unless a test gives another. */
  script?: URL;
}

/**
 * Runs tasks on worker threads and yields their messages in task order, whatever order the
 * workers finish in. Memory stays bounded, whatever the input's size: at most `jobs * 2` tasks
 * are under way or held at once, and a worker waits once it has sent a set weight of batches not
 * yet taken (each batch is acknowledged, with its weight, when the caller has taken it). Stopping early (the reader of our
 * output went away) terminates the workers. A worker that stops in the middle of a task (out of
 * memory, an uncaught exception, process.exit) loses that task only: a new worker takes its place.
 */
export async function* runInWorkers(
  tasks: readonly Task[],
  setup: WorkerSetup,
  pool: PoolOptions,
): AsyncGenerator<TaskMessage> {
  const held = new Map<number, (TaskMessage | Extract<WorkerMessage, { kind: "failed" }>)[]>();
  const ranOn = new Map<number, Worker>(); // task id → its worker, until its messages are all yielded
  const current = new Map<Worker, number>(); // worker → the task it runs
  const window = pool.jobs * 2;
  let nextTask = 0; // the next task to hand to a worker
  let nextOut = 0; // the task whose messages are yielded now
  let failure: unknown;
  let closing = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const dispatch = () => {
    while (idle.length > 0 && nextTask < tasks.length && nextTask < nextOut + window) {
      const task = tasks[nextTask++] as Task;
      const worker = idle.pop() as Worker;
      held.set(task.id, []);
      ranOn.set(task.id, worker);
      current.set(worker, task.id);
      const message: MainMessage = { kind: "task", task };
      worker.postMessage(message);
    }
  };
  const start = () => {
    const worker = startWorker(setup, pool);
    let error: unknown;
    workers.add(worker);
    worker.on("message", (message: WorkerMessage) => {
      held
        .get(message.task)
        ?.push(message.kind === "batch" ? { ...message, giveBack: () => giveBack(worker, message) } : message);
      if (message.kind !== "batch") {
        current.delete(worker);
        idle.push(worker);
        dispatch();
      }
      signal();
    });
    worker.on("error", (err) => (error ??= err));
    // 'exit' comes after every message the worker sent, and after its 'error'.
    worker.on("exit", (code) => {
      workers.delete(worker);
      if (idle.includes(worker)) idle.splice(idle.indexOf(worker), 1);
      const task = current.get(worker);
      current.delete(worker);
      if (closing) return;
      if (task !== undefined) {
        held.get(task)?.push({ kind: "lost", task, reason: stopped(error, code, pool.memoryMb) });
        // The fault was the task's (each is lost once at most): a new worker runs the tasks still to come.
        if (nextTask < tasks.length) start();
        dispatch();
      } else if (workers.size === 0 && nextTask < tasks.length) {
        // Stopped with no task of its own (at its start): no task to blame, and none left to run the rest.
        failure ??= error ?? new Error(`a worker thread stopped (exit code ${code}) before it was given a task`);
      }
      signal();
    });
    idle.push(worker);
  };
  try {
    for (let k = 0; k < Math.min(pool.jobs, tasks.length); k++) start();
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
      if (message.kind === "batch") {
        const ack: MainMessage = { kind: "ack", weight: message.weight };
        ranOn.get(id)?.postMessage(ack);
      } else {
        held.delete(id);
        ranOn.delete(id);
        nextOut++;
        dispatch();
      }
    }
  } finally {
    // Terminating a worker makes it exit: that is no failure.
    closing = true;
    await Promise.all([...workers].map((worker) => worker.terminate()));
  }
}

/** Why a worker stopped, in a few words: the end of a TASK_FAILED message. */
function stopped(error: unknown, code: number, memoryMb: number): string {
  if ((error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY")
    return `its worker thread ran out of memory (${memoryMb} MiB, --worker-memory)`;
  if (error !== undefined) return `its worker thread failed: ${error instanceof Error ? error.message : String(error)}`;
  return `its worker thread stopped (exit code ${code})`;
}

/**
 * A worker with Node's own flags (so that --cpu-prof and the like reach it), less --input-type (a
 * host run with `node -e` has it, and a worker loading its file then fails), or with none when a
 * flag is one a worker refuses outright (V8 heap flags such as --max-old-space-size).
 */
function startWorker(setup: WorkerSetup, pool: PoolOptions): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_MB, maxOldGenerationSizeMb: pool.memoryMb };
  const start = (execArgv: string[]) =>
    new Worker(pool.script ?? new URL("./worker.js", import.meta.url), { workerData: setup, resourceLimits, execArgv });
  try {
    return start(process.execArgv.filter((flag) => !flag.startsWith("--input-type")));
  } catch (err) {
    if ((err as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
    return start([]);
  }
}

/** Moves a batch's rows buffer back to the worker that filled it; once only, since moving it empties it here. */
function giveBack(worker: Worker, sent: TaskBatch): void {
  const buffer = sent.batch.rows?.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const message: MainMessage = { kind: "rows-buffer", buffer };
  worker.postMessage(message, [buffer]);
}

function failedTask(message: Extract<WorkerMessage, { kind: "failed" }>): Error {
  if (message.usage) return new GradeevError(message.message);
  const err = new Error(message.message);
  if (message.stack !== undefined) err.stack = message.stack;
  return err;
}
