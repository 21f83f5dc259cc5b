/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with = + - @, TAB or CR as a formula,
 * and a course title is user-controlled text. Such a text cell gets a leading apostrophe, which
 * spreadsheets show as text; numbers are never passed here.
 *
 * Spreadsheets also read the full-width (＝＋－＠) and small (﹦﹢﹣﹫) forms as the ASCII signs, and
 * skip white space and invisible characters before them (a space, a no-break space, a zero-width
 * space or joiner, a word joiner, a BOM), so those starts are guarded too; a line feed is guarded
 * as TAB and CR are.
 *
 * A text that starts with an apostrophe gets one more, so that a leading apostrophe is always the
 * guard's: without it "=1" and "'=1" would both be written '=1, two ids one value, and a reader
 * taking off the guard's apostrophe would get the wrong one back.
 */
const GUARDED_START = /^[\s\u180E\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]|^[\t\r\n']/;

export function guardFormula(text: string): string {
  return GUARDED_START.test(text) ? `'${text}` : text;
}
