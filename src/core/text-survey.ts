/**
 * One pass over a parsed text (an NDJSON line, a document) that answers, for every event in it, two
 * questions otherwise asked event by event: may some object in it repeat a key (JSON.parse keeps the
 * last, gradeev warns), and may it hold a number that String() would not write as the text does
 * (`10.0`, `1E2`, `1.5000000000000001`, `-0`: then a score's digits are read from the text).
 * Both are over-approximations: a false hit only costs the exact, slower look at one event.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COMMA,
  DOT,
  LOWER_E,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  PLUS,
  QUOTE,
  UPPER_E,
  ZERO,
  isDigit,
  isSpace,
} from "./char-codes.js";
import { isCompactText } from "./compact-text.js";

export interface TextSurvey {
  keysMayRepeat: boolean;
  unusualNumbers: boolean;
}

/** Surveys `text`, which parses to `value`. */
export function surveyText(text: string, value: unknown): TextSurvey {
  // Most lines are written compactly, which a walk of the value tells faster than this scan of the text.
  if (isCompactText(text, value)) return { keysMayRepeat: false, unusualNumbers: false };
  const colons = scanColons(text, 0, text.length, true);
  const walked = walkValue(value);
  return { keysMayRepeat: colons.keys > walked.keys, unusualNumbers: colons.unusualNumber || walked.bareNumbers };
}

/** Key separators in `text` from `start` to `end`: more than the parsed value's keys means a key repeats. */
export function countKeySeparators(text: string, start: number, end: number): number {
  return scanColons(text, start, end, false).keys;
}

/** Keys in a parsed value, all levels. */
export function countKeys(value: unknown): number {
  return walkValue(value).keys;
}

/**
 * Every colon: one that follows a closing quote (JSON whitespace between allowed: `"key" : 1` is
 * Jackson's pretty printer) ends a key; a string holding `":` only over-counts. Every object member
 * that is a number starts right after a colon, so `numbers` looks at it there.
 */
function scanColons(
  text: string,
  start: number,
  end: number,
  numbers: boolean,
): { keys: number; unusualNumber: boolean } {
  let keys = 0;
  let unusualNumber = false;
  for (let i = text.indexOf(":", start); i !== -1 && i < end; i = text.indexOf(":", i + 1)) {
    let before = i - 1;
    let c = text.charCodeAt(before);
    if (c === QUOTE)
      keys++; // the common case, `"key":`, without the loop
    else {
      while (before > start && isSpace(c)) c = text.charCodeAt(--before);
      if (c === QUOTE) keys++;
    }
    if (numbers && !unusualNumber) {
      let after = i + 1;
      let first = text.charCodeAt(after);
      if (first === QUOTE || first === OPEN_BRACE || first === OPEN_BRACKET) continue; // most members: no number here
      while (after < end && isSpace(first)) first = text.charCodeAt(++after);
      if (first === MINUS || isDigit(first)) unusualNumber = isUnusualNumberAt(text, after, end);
    }
  }
  return { keys, unusualNumber };
}

/**
 * Whether the number token at `at` is one String() would write otherwise. Only a token that ends
 * where JSON numbers end (before , } ] or whitespace) counts: the digits after a colon inside a
 * string (a timestamp's `:48.130Z`) must not send every event down the slow path.
 */
function isUnusualNumberAt(text: string, at: number, end: number): boolean {
  let i = at;
  let dot = false;
  let exponent = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) continue;
    if (c === DOT) dot = true;
    else if (c === LOWER_E || c === UPPER_E) exponent = true;
    else if (c !== MINUS && c !== PLUS) break;
  }
  const last = text.charCodeAt(i - 1);
  let after = i;
  while (after < end && isSpace(text.charCodeAt(after))) after++;
  const next = text.charCodeAt(after);
  if (after >= end || (next !== COMMA && next !== CLOSE_BRACE && next !== CLOSE_BRACKET)) return false;
  const length = i - at;
  return (
    exponent ||
    length >= 16 ||
    (dot && last === ZERO) ||
    (length === 2 && text.charCodeAt(at) === MINUS && last === ZERO)
  );
}

/**
 * Keys in a parsed value, all levels, and whether any number stands outside an object member (an
 * array item, or the value itself), where the colon scan does not look. Only objects and arrays go on
 * the stack: most values are not.
 */
function walkValue(value: unknown): { keys: number; bareNumbers: boolean } {
  let keys = 0;
  let bareNumbers = typeof value === "number";
  if (typeof value !== "object" || value === null) return { keys, bareNumbers };
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === "object") {
          if (item !== null) stack.push(item);
        } else if (typeof item === "number") bareNumbers = true;
      }
    } else
      for (const key in node) {
        keys++;
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) stack.push(child);
      }
  }
  return { keys, bareNumbers };
}
