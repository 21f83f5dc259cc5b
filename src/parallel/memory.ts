import { totalmem } from "node:os";
import { getHeapStatistics } from "node:v8";

/**
 * The least --worker-memory takes. A worker loads gradeev and checks ordinary events in some 7 MiB of
 * old generation: at 8 MiB, ordinary parts ran out of memory now and then on a loaded machine.
 */
export const MIN_WORKER_MEMORY_MB = 16;
/** The least a worker gets by default, however many share the memory: an event of a few MB parsed whole fits. */
const DEFAULT_FLOOR_MB = 64;

/**
 * Each worker's old generation by default, in MiB. Without a limit, every worker may grow to the
 * process's own heap limit, so that N of them can together take N times what the machine allows,
 * and one that reaches V8's limit aborts the whole process. With one, a worker that runs out is
 * stopped alone (its task fails, exit 2) and the others share what the process may use: its heap
 * limit (V8's, sized from the machine's memory, or --max-old-space-size), and no more than the memory
 * of the machine or its container, divided by the workers; 64 MiB at least.
 */
export function defaultWorkerMemoryMb(jobs: number): number {
  const heapLimit = getHeapStatistics().heap_size_limit;
  const constrained = process.constrainedMemory(); // 0, or a huge number, when no container limits it
  const memory = constrained > 0 && constrained < totalmem() ? constrained : totalmem();
  return Math.max(DEFAULT_FLOOR_MB, Math.floor(Math.min(heapLimit, memory) / jobs / 1024 ** 2));
}
