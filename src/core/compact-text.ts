/**
 * Whether a parsed text is its value written as JSON.stringify writes it (no whitespace), give or
 * take escapes in its strings: then no object in it repeats a key, and every number in it is written
 * as String() writes it. Most NDJSON lines are, and a walk of the parsed value answers that for a
 * quarter of what a pass over the text's colons costs (measured on the bench's three files).
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

/** Deeper values go to the exact scan: this walk recurses, and nothing in an event nests so deep. */
const MAX_DEPTH = 64;
/** Where a part of the value cannot be told from its length (the walk's answer is then "don't know"). */
const UNKNOWN = -1;
/** String() writes numbers of 16 or more characters with digits a text may not have (`1.5000000000000001` is 1.5). */
const MAX_PLAIN_NUMBER_LENGTH = 15;

/** True when `text` is `value` written compactly: its keys unique, its numbers as String() writes them. */
export function isCompactText(text: string, value: unknown): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  // A pretty-printed text breaks its first line after the opening brace: no walk for it.
  const first = text.charCodeAt(start);
  if ((first === OPEN_BRACE || first === OPEN_BRACKET) && isSpace(text.charCodeAt(start + 1))) return false;
  const walk = new CompactWalk(text, start);
  const length = walk.lengthOf(value, start, 0);
  return length !== UNKNOWN && length === end - start - walk.escapes.total;
}

/** The text's escapes (`\\n`, `\\u00e9`): where each starts, and what it adds to its string's length. */
class Escapes {
  total = 0;
  // Made only for a text that has escapes: most have none.
  private at: number[] | undefined;
  private adds: number[] | undefined;
  /** Escapes before the part read last, and what they add. */
  private passed = 0;
  private added = 0;

  constructor(text: string, start: number) {
    // A backslash stands only in a string, where it starts an escape: `\\uXXXX` is six characters for one, any other two.
    for (let i = text.indexOf("\\", start); i !== -1;) {
      const adds = text.charCodeAt(i + 1) === 0x75 ? 5 : 1;
      (this.at ??= []).push(i);
      (this.adds ??= []).push(adds);
      this.total += adds;
      i = text.indexOf("\\", i + 1 + adds);
    }
  }

  /** Where the part that starts at `compact` in the compact form starts in the text. Asked in document order. */
  inText(compact: number): number {
    const at = this.at;
    if (at === undefined) return compact;
    while (this.passed < at.length && at[this.passed]! < compact + this.added) this.added += this.adds![this.passed++]!;
    return compact + this.added;
  }
}

class CompactWalk {
  readonly escapes: Escapes;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.escapes = new Escapes(text, start);
  }

  /** The length of `value` written compactly, starting at `at` in that form; UNKNOWN when its length cannot tell. */
  lengthOf(value: unknown, at: number, depth: number): number {
    switch (typeof value) {
      case "string":
        return value.length + 2;
      case "number":
        return Number.isInteger(value) ? this.integerLength(value, at) : this.fractionLength(value, at);
      case "boolean":
        return value ? 4 : 5;
      case "object":
        if (value === null) return 4;
        if (depth === MAX_DEPTH) return UNKNOWN;
        return Array.isArray(value) ? this.arrayLength(value, at, depth) : this.objectLength(value, at, depth);
      default:
        return UNKNOWN;
    }
  }

  private arrayLength(array: readonly unknown[], at: number, depth: number): number {
    let length = 1; // [
    for (let i = 0; i < array.length; i++) {
      if (i > 0) length++; // ,
      const item = this.lengthOf(array[i], at + length, depth + 1);
      if (item === UNKNOWN) return UNKNOWN;
      length += item;
    }
    return length + 1; // ]
  }

  private objectLength(object: object, at: number, depth: number): number {
    let length = 1; // {
    for (const key in object) {
      // Keys like "7" are listed first, not in the text's order: the parts' places would be wrong.
      const c = key.charCodeAt(0);
      if (c >= 0x30 && c <= 0x39) return UNKNOWN;
      length += key.length + (length === 1 ? 3 : 4); // ,"key":
      const member: unknown = (object as Record<string, unknown>)[key];
      // Strings in place: most members are, and a call for each costs a third of the walk (measured).
      if (typeof member === "string") length += member.length + 2;
      else {
        const part = this.lengthOf(member, at + length, depth + 1);
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
  private integerLength(value: number, at: number): number {
    if (value === 0) return 1;
    let rest = value < 0 ? -value : value;
    let zeros = 0;
    while (rest % 10 === 0) {
      rest /= 10;
      zeros++;
    }
    if (zeros > 2) return UNKNOWN;
    let length = zeros + (value < 0 ? 1 : 0);
    for (; rest >= 1; rest = Math.floor(rest / 10)) length++;
    if (length > MAX_PLAIN_NUMBER_LENGTH) return UNKNOWN;
    if (zeros === 2 && this.text.charCodeAt(this.escapes.inText(at) + length - 1) !== 0x30) return UNKNOWN;
    return length;
  }

  /** String(value)'s length, when no shorter text writes the number and no other as short stands at `at`. */
  private fractionLength(value: number, at: number): number {
    const size = Math.abs(value);
    // String() writes an exponent outside these (`1e-7`), which a shorter text may write too; NaN is no JSON.
    if (!(size >= 1e-6 && size < 1e21)) return UNKNOWN;
    const written = String(value);
    if (written.length > MAX_PLAIN_NUMBER_LENGTH) return UNKNOWN;
    // From 0.1 up, an exponent form (`325E-2` for 3.25) is longer: only `0.0…` may be written as short (`5E-2`).
    if (size >= 0.1) return written.length;
    const other = shortestExponentForm(written);
    if (other < written.length) return UNKNOWN;
    if (other === written.length && !this.text.startsWith(written, this.escapes.inText(at))) return UNKNOWN;
    return written.length;
  }
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
