/**
 * Which of two records to keep, decided the same way whatever order the inputs came in: the later
 * event time, compared as instants (instant.ts), a record without one being older than any with one,
 * since nothing places it; then the higher version (an LMS's counter, compared as an exact decimal);
 * then the greater content (the event's canonical text, canonical.ts), which differs between any two
 * events that are not the same; then the earlier place (file name, line, index), reached only by
 * the very same event read twice.
 */
import type { GradeItem } from "../grade.js";
import type { SourcedEvent } from "../types.js";
import { canonicalText, parseTree } from "./canonical.js";
import { compareDecimals } from "../core/decimal.js";
import { compareInstants, instantOf, type Instant } from "../core/instant.js";

/** Negative, zero or positive as a comes before, at or after b: by file name (as given), line and index. */
export function byPlace(a: Pick<SourcedEvent, "at">, b: Pick<SourcedEvent, "at">): number {
  if (a.at.file !== b.at.file) return a.at.file < b.at.file ? -1 : 1;
  return a.at.line - b.at.line || a.at.index - b.at.index;
}

type RecordItem = Pick<Extract<GradeItem, { kind: "record" }>, "record" | "event">;

/** A comparison of the records `recordAt` gives for two numbers: positive when the first is to be kept over the second. */
export function ranking(recordAt: (i: number) => RecordItem): (i: number, j: number) => number {
  const instants = new Map<number, Instant | null>();
  const contents = new Map<number, string>();
  const instant = (i: number) => {
    if (!instants.has(i)) instants.set(i, instantOf(recordAt(i).record.event_time ?? ""));
    return instants.get(i)!;
  };
  const content = (i: number) => {
    const { event } = recordAt(i);
    if (!contents.has(i)) contents.set(i, canonicalText(parseTree(event.source.text, event.anchor.offset)));
    return contents.get(i)!;
  };
  return (i, j) => {
    const [ta, tb] = [instant(i), instant(j)];
    if (ta === null || tb === null) {
      if (ta !== tb) return ta === null ? -1 : 1;
    } else {
      const order = compareInstants(ta, tb);
      if (order !== 0) return order;
    }
    const [va, vb] = [recordAt(i).record.grade_version, recordAt(j).record.grade_version];
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? -1 : 1;
    } else {
      const order = compareDecimals(va, vb) ?? 0;
      if (order !== 0) return order;
    }
    const [ca, cb] = [content(i), content(j)];
    if (ca !== cb) return ca < cb ? -1 : 1;
    return byPlace(recordAt(j).event, recordAt(i).event);
  };
}
