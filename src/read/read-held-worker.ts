/** The thread read-held.ts reads held bytes on: the reader as a run uses it, for one input named as asked. */
import { Readable } from "node:stream";
import { workerData, type MessagePort } from "node:worker_threads";
import { STREAMED_ARRAYS } from "../standards/containers.js";
import type { HeldReply, HeldRequest, HeldUnit } from "./read-held.js";
import { readWhole } from "./read-inputs.js";
import type { InputSource } from "./sources.js";

const port = (workerData as { port: MessagePort }).port;
port.on("message", (request: HeldRequest) => void answer(request));

async function answer({ bytes, name, done }: HeldRequest): Promise<void> {
  let reply: HeldReply;
  try {
    const units: HeldUnit[] = [];
    // Named as asked: standard input's source stands for any bytes handed over.
    const source = { kind: "stdin", name } as unknown as InputSource;
    const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    for await (const batch of readWhole(source, input, { containerArrays: STREAMED_ARRAYS }, { lines: 0 })) {
      for (const unit of batch) units.push(unit.kind === "value" ? { ...unit, value: undefined } : unit);
    }
    reply = { units };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies HeldReply);
  } finally {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
}
