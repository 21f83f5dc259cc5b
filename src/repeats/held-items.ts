/**
 * An item as one line of text and back, for the tape (tape.ts). An event is written as its own text
 * (the bytes --rejects writes) with where it was read and what places a line and column in it; its
 * value is parsed again from that text only if asked for. The entities its envelope described beside
 * it are not kept: every verdict and every output is made without them. JSON.stringify writes a lone
 * surrogate as \uXXXX, so every string comes back as it was.
 */
import type { GradeItem } from "../grade.js";
import type { Provenance, SourcedEvent, SourceText } from "../types.js";
import { skipValue } from "../core/json-scan.js";

/** An event as written down: its text, with line numbers and columns as in its file. */
interface EventText {
  at: Provenance;
  text: string;
  /** The line the event starts on, and where that line starts and ends, as offsets into `text` (the start may be before it). */
  line: number;
  lineStart: number;
  lineEnd: number;
  /** The source's line map (types.ts), from the event's first line, when it has one there. */
  lineMap?: SourceText["lineMap"];
  /** The source's runs of blank lines left out (types.ts) that move the event's lines: the last before it, and those in it. */
  lineGaps?: SourceText["lineGaps"];
  dataVersion?: string;
}

export function itemText(item: GradeItem): string {
  return JSON.stringify(
    (item.kind === "record" || item.kind === "reject") && item.event ? { ...item, event: eventText(item.event) } : item,
  );
}

export function itemFrom(text: string): GradeItem {
  const item = JSON.parse(text) as GradeItem;
  if ((item.kind === "record" || item.kind === "reject") && item.event)
    item.event = eventFrom(item.event as unknown as EventText);
  return item;
}

function eventText(event: SourcedEvent): EventText {
  const { source, anchor } = event;
  const text = source.text.slice(anchor.offset, skipValue(source.text, anchor.offset));
  const first = anchor.line - source.firstLine;
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  const lineMap =
    source.lineMap && first < source.lineMap.length ? source.lineMap.slice(first, first + lines) : undefined;
  const lineGaps = gapsFor(source.lineGaps, anchor.line, anchor.line + lines);
  return {
    at: event.at,
    text,
    line: anchor.line,
    lineStart: anchor.lineStart - anchor.offset,
    lineEnd: anchor.lineEnd - anchor.offset,
    ...(lineMap && { lineMap }),
    ...(lineGaps && { lineGaps }),
    ...(event.dataVersion !== undefined && { dataVersion: event.dataVersion }),
  };
}

/** Of the gaps (each counting those before it), the ones lines `from` to `to` (excluded) need. */
function gapsFor(gaps: SourceText["lineGaps"], from: number, to: number): SourceText["lineGaps"] {
  if (!gaps) return undefined;
  const before = gaps.filter((gap) => gap.line < from).at(-1);
  const kept = [...(before ? [before] : []), ...gaps.filter((gap) => gap.line >= from && gap.line < to)];
  return kept.length > 0 ? kept : undefined;
}

function eventFrom(written: EventText): SourcedEvent {
  const { at, text, line, lineStart, lineEnd, lineMap, lineGaps, dataVersion } = written;
  let value: unknown;
  return {
    get value() {
      return (value ??= JSON.parse(text) as unknown);
    },
    entities: new Map(),
    ...(dataVersion !== undefined && { dataVersion }),
    at,
    source: { text, firstLine: line, ...(lineMap && { lineMap }), ...(lineGaps && { lineGaps }) },
    anchor: { offset: 0, line, lineStart, lineEnd },
  };
}
