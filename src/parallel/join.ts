/**
 * Joining the parts of a file read by different workers: each counted lines and event indexes from
 * its own start, so its diagnostics and rejects move down by what the parts before it held. Pure.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Batch } from "../run/batch.js";
import type { RejectEntry } from "../write/rejects.js";

/**
 * What the parts of a file before this one held. `indexes` undefined: unknown, since a part before
 * was lost with its worker (its lines are counted again from its bytes, its events are not), so
 * that indexes are left out rather than wrong.
 */
export interface PartBase {
  lines: number;
  indexes: number | undefined;
}

/**
 * A batch's diagnostics and rejects moved down by `base`, in place: the batch is the caller's (no
 * copies: the main thread's quiet heap is rarely collected, and garbage there is RSS).
 */
export function shiftBatch(batch: Pick<Batch, "diagnostics" | "rejects">, base: PartBase): void {
  if (base.lines === 0 && base.indexes === 0) return;
  for (let k = 0; k < batch.diagnostics.length; k++)
    batch.diagnostics[k] = shiftDiagnostic(batch.diagnostics[k]!, base);
  for (let k = 0; k < batch.rejects.length; k++) batch.rejects[k] = shiftReject(batch.rejects[k]!, base);
}

export function shiftDiagnostic(diagnostic: Diagnostic, base: PartBase): Diagnostic {
  if (base.lines === 0 && base.indexes === 0) return diagnostic;
  return withoutUnknownIndex(
    {
      ...diagnostic,
      line: diagnostic.line + base.lines,
      ...(diagnostic.index !== undefined && { index: diagnostic.index + (base.indexes ?? 0) }),
    },
    base,
  );
}

export function shiftReject(entry: RejectEntry, base: PartBase): RejectEntry {
  if (base.lines === 0 && base.indexes === 0) return entry;
  return withoutUnknownIndex(
    {
      ...entry,
      line: entry.line + base.lines,
      ...(entry.index !== undefined && { index: entry.index + (base.indexes ?? 0) }),
      diagnostics: entry.diagnostics.map((d) => ({ ...d, line: d.line + base.lines })),
    },
    base,
  );
}

/** Drops `index` when the base's is not known. Keys keep their order otherwise: reports and rejects are compared byte for byte with one thread's. */
function withoutUnknownIndex<T extends { index?: number }>(shifted: T, base: PartBase): T {
  if (base.indexes !== undefined) return shifted;
  const { index: _unknown, ...rest } = shifted;
  return rest as T;
}
