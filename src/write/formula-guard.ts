import { MINUS, PLUS, SPACE } from "../core/char-codes.js";

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with = + - @, TAB or CR as a formula,
 * and a course title is user-controlled text. Such a text cell gets a leading apostrophe, which
 * spreadsheets show as text; numbers are never passed here.
 *
 * Spreadsheets also read the full-width (＝＋－＠), small (﹦﹢﹣﹫) and minus-sign (−) forms as the
 * ASCII signs, and may skip or show as nothing what comes before them, so a sign after any run of
 * these is guarded too: white space, controls, format characters (a zero-width space or joiner, a
 * soft hyphen, bidi marks and overrides, a BOM), combining marks and the Hangul fillers. Guarding a
 * harmless text costs an apostrophe; missing a formula runs it. A line feed is guarded as TAB and
 * CR are.
 *
 * A text that starts with an apostrophe gets one more, so that a leading apostrophe is always the
 * guard's: without it "=1" and "'=1" would both be written '=1, two ids one value, and a reader
 * taking off the guard's apostrophe would get the wrong one back.
 */
const GUARDED_START =
  /^[\p{White_Space}\p{Cc}\p{Cf}\p{M}\u180E\u115F\u1160\u3164\uFFA0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]|^[\t\r\n']/u;

export function guardFormula(text: string): string {
  return startsPlain(text) || !startsLikeFormula(text) ? text : `'${text}`;
}

/** Whether the guard adds its apostrophe: the rule itself, with no shortcut (a test holds guardFormula to it). */
export function startsLikeFormula(text: string): boolean {
  return GUARDED_START.test(text);
}

/**
 * A text that starts with a printable ASCII character other than the signs and the apostrophe (a
 * letter, a digit, most punctuation) is never guarded, whatever follows: none of them is white
 * space, a control, a format character or a mark. Most cells start so; the test of that one
 * character is far cheaper than the pattern.
 */
function startsPlain(text: string): boolean {
  const c = text.charCodeAt(0);
  return c > SPACE && c < DEL && c !== EQUALS && c !== PLUS && c !== MINUS && c !== AT && c !== APOSTROPHE;
}

const APOSTROPHE = 0x27;
const EQUALS = 0x3d;
const AT = 0x40;
const DEL = 0x7f;
