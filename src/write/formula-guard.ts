/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with = + - @, TAB or CR as a formula,
 * and a course title is user-controlled text. Such a text cell gets a leading apostrophe, which
 * spreadsheets show as text; numbers are never passed here.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
