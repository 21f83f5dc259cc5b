/**
 * Bytes held in memory read into parsed units, synchronously, exactly as a file of those bytes is
 * read. The reader is asynchronous all through (its lines come from a stream), so it runs on a
 * worker thread of its own, started on first use, and this thread waits for its answer
 * (Atomics.wait): the one reader, not a second one made synchronous.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { ParsedUnit } from "./documents.js";

/** What the reading thread is sent: the bytes, the name they are read under, and the flag it raises when its answer is posted. */
export interface HeldRequest {
  bytes: Uint8Array;
  name: string;
  done: Int32Array;
}

/**
 * Its answer. A value unit comes without its value, parsed again here from its text (the value it
 * was parsed from): a value nested 100 000 deep cannot be cloned to another thread, its text can.
 */
export type HeldReply = { units: HeldUnit[] } | { error: string };
export type HeldUnit =
  | Exclude<ParsedUnit, { kind: "value" }>
  | (Omit<Extract<ParsedUnit, { kind: "value" }>, "value"> & { value?: undefined });

let reader: { worker: Worker; port: MessagePort } | undefined;

function startReader(): { worker: Worker; port: MessagePort } {
  const script = new URL("./read-held-worker.js", import.meta.url);
  // A worker whose script is missing fails on its own thread, unseen by one waiting for it: say so here.
  if (!existsSync(fileURLToPath(script)))
    throw new Error(`the reading thread's script is missing (${script.href}): run the built package`);
  const { port1, port2 } = new MessageChannel();
  // Without the flags a thread cannot start under: one that failed to load would never answer, and
  // this thread would wait for it without end. --input-type (a host run with `node -e` has it) makes
  // a worker read its file as that text; V8's heap flags are refused outright.
  const options = { workerData: { port: port2 }, transferList: [port2] };
  let worker: Worker;
  try {
    worker = new Worker(script, {
      ...options,
      execArgv: process.execArgv.filter((flag) => !flag.startsWith("--input-type")),
    });
  } catch (err) {
    if ((err as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw err;
    worker = new Worker(script, { ...options, execArgv: [] });
  }
  // It waits for work and holds no run open: the process may end while it idles.
  worker.unref();
  port1.unref();
  return { worker, port: port1 };
}

/** The units of `bytes`, read as a file named `name` is (gunzipped when gzip); throws only on a bug. */
export function readHeld(bytes: Uint8Array, name: string): ParsedUnit[] {
  reader ??= startReader();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const request: HeldRequest = { bytes, name, done };
  reader.port.postMessage(request);
  Atomics.wait(done, 0, 0);
  const reply = receiveMessageOnPort(reader.port)?.message as HeldReply | undefined;
  if (reply === undefined || "error" in reply)
    throw new Error(`reading text held in memory failed: ${reply?.error ?? "no answer"}`);
  return reply.units.map((unit) =>
    unit.kind === "value" ? { ...unit, value: JSON.parse(unit.source.text) as unknown } : unit,
  );
}
