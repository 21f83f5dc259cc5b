import type { SourcedEvent } from "../types.js";
import { parsePointer } from "./json.js";
import { advance, locate, skipValue } from "./json-scan.js";

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Line and column of the value at `pointer` (relative to the event) in the text the event was
 * parsed from; for an absent value, those of its deepest existing ancestor. Scans the event only.
 */
export function positionInEvent(event: SourcedEvent, pointer: string): TextPosition {
  const { offset } = locate(event.source.text, event.anchor.offset, parsePointer(pointer));
  const target = propertyStart(event.source.text, offset);
  const { line, lineStart } = target >= event.anchor.offset ? advance(event.source.text, event.anchor, target) : event.anchor;
  const mapped = event.source.lineMap?.[line - event.source.firstLine];
  return mapped ? { line: mapped.line, column: target - lineStart + 1 + mapped.shift } : { line, column: target - lineStart + 1 };
}

/** For a property's value, the position of its key: that is where a reader looks. */
function propertyStart(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (text[i] !== ":") return offset;
  i--;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (text[i] !== '"') return offset;
  for (i--; i >= 0; i--) if (text[i] === '"' && text[i - 1] !== "\\") return i;
  return offset;
}

/** The exact text of the number at `pointer` (relative to the event), or undefined. */
export function numberTextInEvent(event: SourcedEvent, pointer: string): string | undefined {
  return numberTextFrom(event.source.text, event.anchor.offset, pointer);
}

/** The exact text of the number at `pointer` (relative to the whole text), or undefined. */
export function numberTextAt(text: string, pointer: string): string | undefined {
  return numberTextFrom(text, 0, pointer);
}

function numberTextFrom(text: string, start: number, pointer: string): string | undefined {
  const { offset, found } = locate(text, start, parsePointer(pointer));
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
