/** A file's start and end in a run: the same on one thread and on several, whatever its parts. */
import { emptySummary } from "../core/tally.js";
import type { EventTally } from "../standards/events.js";
import { diagnosticsBatch, emptyBatch, type Batch } from "./batch.js";
import { endOfFile } from "./read-items.js";

/** A file begins: reports list every file read, clean or not, and the run counts it. */
export function fileStart(file: string, part?: Batch["part"]): Batch {
  const batch = emptyBatch();
  batch.file = file;
  if (part) batch.part = part;
  batch.counts.files = 1;
  return batch;
}

/** What a file's end says, from what reading all of it counted: a NO_EVENTS warning when it held none. */
export function fileEnd(file: string, tally: EventTally): Batch | undefined {
  const end = endOfFile(file, tally);
  return end ? diagnosticsBatch([end], emptySummary()) : undefined;
}
