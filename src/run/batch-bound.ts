/**
 * Where a batch ends, for both loops that cut batches (the task loop, and the one after --dedupe /
 * --latest): so many items, or so much text, whichever comes first.
 */

/**
 * Items per batch: enough that hand-overs are few, few enough that a batch's records die young
 * (1000 was 25 % slower on the bench's Blackboard file in a worker and 200 cost 17 MiB more than 64
 * on 1 GB: records outlived a scavenge, and V8 grew the heap for them).
 */
export const BATCH_ITEMS = 64;

/**
 * Text per batch at most, for events far larger than usual: 64 events of 200 KB held 13 MB of text
 * and records in one batch, and a report of them ran out of a 64 MiB heap. Ordinary events (1-3 KB)
 * fill their 64 items first. Text, not file bytes: a gzip file's 64 MB of events may be a few
 * hundred KB of it.
 */
export const BATCH_BYTES = 1024 * 1024;

/** The items and text of the batch being filled: `full` once either reaches its bound. */
export class BatchBound {
  items = 0;
  text = 0;

  get full(): boolean {
    return this.items >= BATCH_ITEMS || this.text >= BATCH_BYTES;
  }

  /** A new batch starts. */
  reset(): void {
    this.items = 0;
    this.text = 0;
  }
}
