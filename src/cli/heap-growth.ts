/**
 * How far V8 lets the old generation grow past what survived the last full collection. By default
 * it sizes that from the heap's limit, which Node sets from the machine's memory: with gigabytes,
 * up to four times the live heap. A streamed document's elements outlive a young collection or two
 * on their way through the checks, so that on a GiB envelope the old generation filled with them,
 * up to 64 MiB around some 16 live, and peak RSS went from 119 to 162 MiB with when V8 happened to
 * collect. At a fifth more than live (or V8's own least step, some megabytes), it stayed at 119-129;
 * `gradeev report`'s run garbage is then not under the charts drawn after it. The command line sets
 * it for its whole process (the flag is V8's, read by every isolate, the workers' too); the library
 * leaves the host's heap alone. CPU on NDJSON is the same with it (2.39-2.48 s against 2.40-2.57 s,
 * convert of the bench's xAPI file, three runs each).
 */
import { setFlagsFromString } from "node:v8";

const GROWING_PERCENT = 20;

/**
 * Sets V8's heap growing factor for the rest of the process (the command line calls it once, at
 * start). The flag is V8's own, read by every isolate of the process, the workers' too.
 */
export function growHeapSlowly(): void {
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
}
