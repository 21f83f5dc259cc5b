/**
 * The instant a date-time names, to compare times by when they are rather than by how they are
 * written: `2026-01-01T10:00:00+02:00` is before `2026-01-01T09:00:00Z`, and `.5` is `.500`.
 * Reads RFC 3339 (Caliper, xAPI 2.0) and the ISO 8601 forms xAPI 1.0.3 accepts with a warning
 * (§4.5: basic format, no seconds, a comma before the fraction, 24:00, a space for T, no zone).
 * A time without a zone is read as UTC: ISO 8601 leaves its offset unknown, and a fixed choice
 * keeps the result the same on every machine (xAPI 1.0.3 warns about it; 2.0 and Caliper reject it).
 * Fractions of any length compare exactly, as text.
 */

export interface Instant {
  /** Minutes since 1970-01-01T00:00Z. */
  minute: number;
  /** 0 to 60 (60 for a leap second, which comes after :59 and before the next minute). */
  second: number;
  /** The fraction's digits without trailing zeros: "5" for .500. */
  fraction: string;
}

const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(?:[Zz]|([+-])(\d{2})(\d{2})?)?$/;

export function instantOf(text: string): Instant | null {
  const m = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi = "0", s = "0", fraction = "", sign, oh = "0", om = "0"] = m;
  const offset = sign === undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const minute = daysFromCivil(Number(y), Number(mo), Number(d)) * 1440 + Number(h) * 60 + Number(mi) - offset;
  return { minute, second: Number(s), fraction: fraction.replace(/0+$/, "") };
}

/** Negative, zero or positive as a is before, at or after b. */
export function compareInstants(a: Instant, b: Instant): number {
  if (a.minute !== b.minute) return a.minute - b.minute;
  if (a.second !== b.second) return a.second - b.second;
  return a.fraction < b.fraction ? -1 : a.fraction > b.fraction ? 1 : 0; // no trailing zeros: text order is value order
}

/** One text per instant, its fraction cut to `digits` when given (an LRS may truncate a timestamp to milliseconds). */
export function instantText(instant: Instant, digits?: number): string {
  const fraction = digits === undefined ? instant.fraction : instant.fraction.slice(0, digits).replace(/0+$/, "");
  return `${instant.minute}:${instant.second}.${fraction}`;
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (H. Hinnant's days_from_civil), exact for any year. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
