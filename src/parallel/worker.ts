/**
 * A worker thread: runs the tasks the main thread sends it (task-runner.ts) and posts back what
 * they produce, moving the rows' memory rather than copying it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { MainMessage, WorkerSetup } from "./protocol.js";
import { createTaskRunner } from "./task-runner.js";

if (!parentPort) throw new Error("gradeev's worker must run in a worker thread");
const port = parentPort;
const runner = createTaskRunner(workerData as WorkerSetup, (message, transfer) => port.postMessage(message, transfer));
port.on("message", (message: MainMessage) => runner.receive(message));
