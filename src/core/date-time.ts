/**
 * RFC 3339 §5.6 date-times, `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, checked by index without
 * allocating: every Caliper event and xAPI statement holds several, so this is on the hot path.
 */
import { isDigit } from "./char-codes.js";

/**
 * Where the zone starts in `s` when it is an RFC 3339 date-time naming a real calendar day (no
 * 30 February) and time (second 60 allowed, for leap seconds) with a valid offset; else -1.
 * RFC 3339 lets `T` and `Z` be lowercase; a caller that does not can test those two characters.
 */
export function dateTimeZoneAt(s: string): number {
  const n = s.length;
  if (n < 20) return -1;
  const century = twoDigitsAt(s, 0);
  const yy = twoDigitsAt(s, 2);
  const month = twoDigitsAt(s, 5);
  const day = twoDigitsAt(s, 8);
  const hour = twoDigitsAt(s, 11);
  const minute = twoDigitsAt(s, 14);
  const second = twoDigitsAt(s, 17);
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116)) return -1; // - - T
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1; // : :
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(century * 100 + yy, month)) return -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return -1;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const first = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === first) return -1;
  }
  if (i === n - 1) {
    const z = s.charCodeAt(i);
    return z === 90 || z === 122 ? i : -1;
  }
  if (i !== n - 6) return -1;
  const sign = s.charCodeAt(i);
  const offsetHour = twoDigitsAt(s, i + 1);
  const offsetMinute = twoDigitsAt(s, i + 4);
  if ((sign !== 43 && sign !== 45) || s.charCodeAt(i + 3) !== 58) return -1;
  if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return -1;
  return i;
}

/**
 * The number the two ASCII digits at `at` write, or -1. Without a loop: every date-time has eight
 * such fields. Past the end charCodeAt gives NaN, which fails both comparisons.
 */
export function twoDigitsAt(s: string, at: number): number {
  const tens = s.charCodeAt(at) - 48;
  const ones = s.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
