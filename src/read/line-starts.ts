/**
 * What a line says about where JSON documents start, when a file holds several (see documents.ts).
 * The planner of parts (ranges.ts) asks the same questions of the same lines, so that a part starts
 * where the reader is between documents.
 */
import { CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from "../core/char-codes.js";
import type { Line } from "./lines.js";
import { RS } from "./value-scanner.js";

/** A line parsed as one JSON value, from `text` (the line, a leading record separator read as a space). */
export type LineParse = { ok: true; value: unknown; text: string } | { ok: false; error: unknown; text: string };

/**
 * The line parsed as a JSON value on its own; undefined when its last character cannot end one (a
 * pretty-printed document's first line, `{`, costs no exception).
 */
export function parseLine(line: string): LineParse | undefined {
  let end = line.length - 1;
  while (end >= 0 && isSpaceCode(line.charCodeAt(end))) end--;
  const c = line.charCodeAt(end);
  if (!(
    c === CLOSE_BRACE ||
    c === CLOSE_BRACKET ||
    c === QUOTE ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x65 ||
    c === 0x6c
  ))
    return undefined;
  const text = line.charCodeAt(0) === RS ? ` ${line.slice(1)}` : line;
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch (error) {
    return { ok: false, error, text };
  }
}

/**
 * A line that is a non-empty object or array on its own, from the first column: NDJSON's line (an
 * empty one could be the last element of an array written one element a line). Two in a row are
 * never one document (a value after a value needs a comma between), which is what makes a place
 * after such a line one where a document can only start (ranges.ts plans parts there).
 */
export function isStandalone(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return false;
  const parsed = parseLine(line);
  const value = parsed?.ok ? parsed.value : undefined;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== "object" || value === null) return false;
  for (const _ in value) return true;
  return false;
}

/** A line where, after a broken document, the next may start: `{`, `[` or a record separator in the first column. */
export function startsDocument(line: Line): boolean {
  if (typeof line !== "string") return false;
  const c = line.charCodeAt(0);
  return c === OPEN_BRACE || c === OPEN_BRACKET || c === RS;
}

export function isSpaceCode(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0d;
}

export function isIndent(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Whether, after `line`, the last line with anything on it starts with a space or a tab (`before`:
 * whether it did before it). A line of spaces counts as indented: one look at the first character.
 */
export function indentedAfter(line: string, before: boolean): boolean {
  const c = line.charCodeAt(0);
  if (c === SPACE || c === TAB) return true;
  return line.length === 0 || c === 0x0d ? before : false;
}

/**
 * A line in the first column, in a document not yet closed, where another may have begun if this
 * one turns out cut short: `{` or `[` right after an indented line (see indentedAfter: a
 * pretty-printed document's lines are indented, the next document's first is not), or a line that
 * is a value on its own.
 */
export function mayStartDocument(line: string, afterIndented: boolean): boolean {
  const c = line.charCodeAt(0);
  return (c === OPEN_BRACE || c === OPEN_BRACKET) && (afterIndented || isStandalone(line));
}

/** JSON's own whitespace only: a line of no-break spaces is not blank, it is a copy-paste artefact. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpaceCode(line.charCodeAt(i))) return false;
  return true;
}
