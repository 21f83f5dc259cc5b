import type { SourcedEvent } from "../types.js";
import { parsePointer } from "./json.js";
import { advance, locate, skipValue, valueOffsets } from "./json-scan.js";
import { lineInFile } from "./line-gaps.js";

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Line and column of the value at `pointer` (relative to the event) in the text the event was
 * parsed from: its first character (the quote of a string, the brace of an object); for an absent
 * value, those of its deepest existing ancestor (the object that lacks a property). Scans the event only.
 */
export function positionInEvent(event: SourcedEvent, pointer: string): TextPosition {
  return positionsInEvent(event, [pointer])[0]!;
}

/** The positions of many values of one event, as positionInEvent gives them, in one scan of the event. */
export function positionsInEvent(event: SourcedEvent, pointers: readonly string[]): TextPosition[] {
  const text = event.source.text;
  const offsets = valueOffsets(text, event.anchor.offset, pointers.map(parsePointer), event.source.keysUnique === true);
  // Lines are counted forward from the event's start, once, in the order the values stand in the text.
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  const positions: TextPosition[] = new Array<TextPosition>(offsets.length);
  let anchor = event.anchor;
  for (const i of order) {
    const target = offsets[i]!;
    if (target >= anchor.offset) anchor = advance(text, anchor, target);
    const mapped = event.source.lineMap?.[anchor.line - event.source.firstLine];
    positions[i] = mapped
      ? { line: mapped.line, column: target - anchor.lineStart + 1 + mapped.shift }
      : { line: lineInFile(event.source.lineGaps, anchor.line), column: target - anchor.lineStart + 1 };
  }
  return positions;
}

/** The exact text of the number at `pointer` (relative to the event), or undefined. */
export function numberTextInEvent(event: SourcedEvent, pointer: string): string | undefined {
  return numberTextFrom(event.source.text, event.anchor.offset, pointer, event.source.keysUnique === true);
}

/** The exact text of the number at `pointer` (relative to the whole text), or undefined. */
export function numberTextAt(text: string, pointer: string): string | undefined {
  return numberTextFrom(text, 0, pointer);
}

function numberTextFrom(text: string, start: number, pointer: string, keysUnique = false): string | undefined {
  const { offset, found } = locate(text, start, parsePointer(pointer), keysUnique);
  if (!found) return undefined;
  const raw = text.slice(offset, skipValue(text, offset));
  return /^-?[0-9]/.test(raw) ? raw : undefined;
}

/**
 * Whether the text may hold a number that `String(Number(text))` would not reproduce: trailing
 * zeros (`10.0`), an exponent (`1E2`), sixteen or more digits (`1.5000000000000001`), or `-0`.
 * A cheap over-approximation: a false hit only costs a scan of the event.
 */
export function mayHoldUnusualNumbers(text: string): boolean {
  return UNUSUAL_NUMBER.test(text);
}

// Each alternative must end where a JSON number token ends (before , } ] or space), so that the
// digits inside strings (a timestamp's ":48.130Z") do not send every event down the slow path.
const UNUSUAL_NUMBER = /[:,[]\s*(?:-?[0-9]+\.[0-9]*0|-?[0-9.]+[eE][+-]?[0-9]+|-?[0-9.]{16,}|-0)(?=\s*[,}\]])/;
