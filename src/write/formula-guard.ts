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
const GUARDED_START = /^[\p{White_Space}\p{Cc}\p{Cf}\p{M}\u180E\u115F\u1160\u3164\uFFA0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212]|^[\t\r\n']/u;

export function guardFormula(text: string): string {
  return GUARDED_START.test(text) ? `'${text}` : text;
}
