/** The thread read-held.ts reads held bytes on: the reader as a run uses it, for one input named as asked. */
import { Readable } from "node:stream";
import { getHeapStatistics } from "node:v8";
import { workerData, type MessagePort } from "node:worker_threads";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import { STREAMED_ARRAYS } from "../standards/containers.js";
import type { ParsedUnit } from "./documents.js";
import type { HeldReply, HeldRequest, HeldUnit } from "./read-held.js";
import { readWhole } from "./read-inputs.js";
import type { InputSource } from "./sources.js";

/**
 * What this thread holds of a text's units at most: a sixteenth of its heap (the caller's is as
 * large), for they are copied to the caller's thread, parsed there again, and each event's outcome
 * kept. Past it, the rest is not read. A thread that ran out of memory would stop unseen, and its
 * caller would wait for its answer without end.
 */
const HELD_LIMIT = getHeapStatistics().heap_size_limit / 16;
/** What a unit weighs beside its text (its object, its source's fields), about. */
const UNIT_WEIGHT = 256;

const port = (workerData as { port: MessagePort }).port;
port.on("message", (request: HeldRequest) => void answer(request));

async function answer({ bytes, name, done }: HeldRequest): Promise<void> {
  let reply: HeldReply;
  try {
    const units: HeldUnit[] = [];
    // A stream read under the name asked: what standard input is, for any bytes handed over.
    const source: InputSource = { kind: "stdin", name };
    const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    const tally = { lines: 0 };
    let held = 0;
    for await (const batch of readWhole(source, input, { containerArrays: STREAMED_ARRAYS }, tally)) {
      for (const unit of batch) {
        units.push(unit.kind === "value" ? { ...unit, value: undefined } : unit);
        held += UNIT_WEIGHT + textLength(unit);
      }
      if (held > HELD_LIMIT) {
        units.push({ kind: "unreadable", diagnostic: notReadToEnd(name, tally.lines + 1) });
        break;
      }
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

function notReadToEnd(file: string, line: number): Diagnostic {
  const limit = Math.round(HELD_LIMIT / 1024 ** 2);
  return {
    code: "TASK_FAILED",
    severity: fixedSeverity("TASK_FAILED", "invalid"),
    file,
    line,
    ...worded("TASK_FAILED.heldLimit", { limit }),
  };
}

function textLength(unit: ParsedUnit): number {
  if (unit.kind === "unreadable") return (unit.text?.length ?? 0) + (unit.bytesBase64?.length ?? 0);
  return "source" in unit ? unit.source.text.length : 0;
}
