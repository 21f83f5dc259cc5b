/**
 * Whether a parsed text is its value written as JSON.stringify writes it (no whitespace), give or
 * take escapes in its strings: then no object in it repeats a key, and every number in it is written
 * as String() writes it. Most NDJSON lines are, and a walk of the parsed value answers that for a
 * quarter to a half of what a pass over the text's colons costs (measured on the bench's three files).
 *
 * Why the lengths decide it: every part of a text is at least as long as its compact form (a string
 * longer by its escapes, which are counted apart; a number longer when written `10.0`), and
 * whitespace or a repeated key only adds. So when the text is exactly as long as the compact form
 * of its value, every part is exactly its compact form, with two exceptions this walk rules out:
 * a number that can be written shorter than String() writes it (`1E3` for 1000) could hide an
 * added part, so it sends the text to the exact scan; one that can be written as short (`1E2` for
 * 100, `5E-2` for 0.05) is read where the compact form puts it, which is then where it stands.
 */
import { isSpace, OPEN_BRACE, OPEN_BRACKET } from "./char-codes.js";
import { fractionDigits } from "./number-text.js";

/** Deeper values go to the exact scan: this walk recurses, and nothing in an event nests so deep. */
const MAX_DEPTH = 64;
/** Where a part of the value cannot be told from its length (the walk's answer is then "don't know"). */
const UNKNOWN = -1;
/** String() writes numbers of 16 or more characters with digits a text may not have (`1.5000000000000001` is 1.5). */
const MAX_PLAIN_NUMBER_LENGTH = 15;

// The walk's state, in module variables, as in the other walks on the hot path: plain functions
// over them ran twice as fast as methods of an object made per text (measured). The walk is
// synchronous and calls nothing that walks again, so one set serves every text.
let text = "";
/** Escapes seen in the text: where each starts, and what it adds to its string's length. */
const escapeAt: number[] = [];
const escapeAdds: number[] = [];
let escapes = 0;
/** Escapes before the part read last, and what they add: where the compact form and the text part. */
let escapesPassed = 0;
let escapesAdded = 0;

/** True when `source` is `value` written compactly: its keys unique, its numbers as String() writes them. */
export function isCompactText(source: string, value: unknown): boolean {
  let start = 0;
  let end = source.length;
  while (start < end && isSpace(source.charCodeAt(start))) start++;
  while (end > start && isSpace(source.charCodeAt(end - 1))) end--;
  // A pretty-printed text breaks its first line after the opening brace: no walk for it.
  const first = source.charCodeAt(start);
  if ((first === OPEN_BRACE || first === OPEN_BRACKET) && isSpace(source.charCodeAt(start + 1))) return false;
  text = source;
  const added = findEscapes(start);
  const length = lengthOf(value, start, 0);
  text = ""; // the next text may be long in coming
  return length !== UNKNOWN && length === end - start - added;
}

/**
 * Finds the text's escapes (`\\n`, `\\u00e9`) and returns what they add to the length. A backslash
 * stands only in a string, where it starts an escape: `\\uXXXX` is six characters for one, any other two.
 */
function findEscapes(start: number): number {
  escapes = 0;
  escapesPassed = 0;
  escapesAdded = 0;
  let total = 0;
  for (let i = text.indexOf("\\", start); i !== -1;) {
    const adds = text.charCodeAt(i + 1) === 0x75 ? 5 : 1;
    escapeAt[escapes] = i;
    escapeAdds[escapes++] = adds;
    total += adds;
    i = text.indexOf("\\", i + 1 + adds);
  }
  return total;
}

/** Where the part that starts at `compact` in the compact form starts in the text. Asked in document order. */
function inText(compact: number): number {
  while (escapesPassed < escapes && escapeAt[escapesPassed]! < compact + escapesAdded)
    escapesAdded += escapeAdds[escapesPassed++]!;
  return compact + escapesAdded;
}

/** The length of `value` written compactly, starting at `at` in that form; UNKNOWN when its length cannot tell. */
function lengthOf(value: unknown, at: number, depth: number): number {
  switch (typeof value) {
    case "string":
      return value.length + 2;
    case "number":
      return Number.isInteger(value) ? integerLength(value, at) : fractionLength(value, at);
    case "boolean":
      return value ? 4 : 5;
    case "object":
      if (value === null) return 4;
      if (depth === MAX_DEPTH) return UNKNOWN;
      return Array.isArray(value) ? arrayLength(value, at, depth) : objectLength(value, at, depth);
    default:
      return UNKNOWN;
  }
}

function arrayLength(array: readonly unknown[], at: number, depth: number): number {
  let length = 1; // [
  for (let i = 0; i < array.length; i++) {
    if (i > 0) length++; // ,
    const item = lengthOf(array[i], at + length, depth + 1);
    if (item === UNKNOWN) return UNKNOWN;
    length += item;
  }
  return length + 1; // ]
}

function objectLength(object: object, at: number, depth: number): number {
  let length = 1; // {
  for (const key in object) {
    if (length === 1) {
      // Keys like "7" are listed first, not in the text's order: the parts' places would be wrong.
      // Being listed first, one would be the first key: the others need no look.
      const c = key.charCodeAt(0);
      if (c >= 0x30 && c <= 0x39) return UNKNOWN;
      length += key.length + 3; // "key":
    } else length += key.length + 4; // ,"key":
    const member: unknown = (object as Record<string, unknown>)[key];
    // Strings in place: most members are, and a call for each costs a third of the walk (measured).
    if (typeof member === "string") length += member.length + 2;
    else {
      // An object straight to this function: through lengthOf, V8 looked its members up generically (measured).
      const part =
        typeof member === "object" && member !== null && !Array.isArray(member) && depth + 1 < MAX_DEPTH
          ? objectLength(member, at + length, depth + 1)
          : lengthOf(member, at + length, depth + 1);
      if (part === UNKNOWN) return UNKNOWN;
      length += part;
    }
  }
  return length + 1; // }
}

/**
 * An integer's length as String() writes it, counted without making the string (most numbers in
 * events are integers). With two trailing zeros it may be written as short (`1E2`), so the text
 * is read: that form ends in 2, String()'s in 0; with more, shorter (`1E3`).
 */
function integerLength(value: number, at: number): number {
  const size = value < 0 ? -value : value;
  if (size >= 1e15) return UNKNOWN; // 16 digits or more
  const length = digitsOf(size) + (value < 0 ? 1 : 0);
  if (size % 100 !== 0 || size === 0) return length;
  if (size % 1000 === 0) return UNKNOWN;
  return text.charCodeAt(inText(at) + length - 1) === 0x30 ? length : UNKNOWN;
}

/** The decimal digits of an integer from 0 below 1e15. */
function digitsOf(size: number): number {
  let digits = 1;
  for (let bound = 10; size >= bound; bound *= 10) digits++;
  return digits;
}

/**
 * String(value)'s length, when no shorter text writes the number and no other as short stands at
 * `at`. From 0.1 up, without making the string (which costs several times the rest of the walk):
 * from the fraction digits String() writes (fractionDigits, number-text.ts).
 */
function fractionLength(value: number, at: number): number {
  const size = value < 0 ? -value : value;
  // String() writes an exponent outside these (`1e-7`), which a shorter text may write too; NaN is no JSON.
  if (!(size >= 1e-6 && size < 1e21)) return UNKNOWN;
  if (size >= 0.1) {
    // From 0.1 up, an exponent form (`325E-2` for 3.25) is longer than String()'s: no need to read the text.
    const digits = fractionDigits(size);
    if (digits === -1) return UNKNOWN;
    const length = (value < 0 ? 1 : 0) + (size < 1 ? 1 : digitsOf(Math.floor(size))) + 1 + digits;
    return length > MAX_PLAIN_NUMBER_LENGTH ? UNKNOWN : length;
  }
  const written = String(value);
  if (written.length > MAX_PLAIN_NUMBER_LENGTH) return UNKNOWN;
  const other = shortestExponentForm(written);
  if (other < written.length) return UNKNOWN;
  if (other === written.length && !text.startsWith(written, inText(at))) return UNKNOWN;
  return written.length;
}

/**
 * The length of the shortest exponent form of the number String() writes as `written` (plain
 * digits): its significant digits as an integer, `E`, and the exponent (`1E2` for 100, `25E-3` for
 * 0.025). A mantissa with a point (`2.5E-2`) is never shorter, and fewer digits do not write the
 * same number (String() writes the fewest that do).
 */
export function shortestExponentForm(written: string): number {
  const sign = written.charCodeAt(0) === 0x2d ? 1 : 0;
  const point = written.indexOf(".");
  let digits: number;
  let exponent: number;
  if (point === -1) {
    let end = written.length;
    while (end > sign + 1 && written.charCodeAt(end - 1) === 0x30) end--;
    digits = end - sign;
    exponent = written.length - end;
  } else {
    const fraction = written.length - point - 1;
    let firstDigit = sign;
    while (firstDigit < written.length && (written.charCodeAt(firstDigit) === 0x30 || firstDigit === point))
      firstDigit++;
    // Past the point, the digits from the first that is not 0; before it, all of them and the point.
    digits = written.length - firstDigit - (firstDigit < point ? 1 : 0);
    exponent = -fraction;
  }
  return sign + digits + 1 + String(exponent).length; // off the hot path: only numbers with a fraction
}
