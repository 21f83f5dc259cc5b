/**
 * ISO 8601 times as xAPI uses them: timestamps (§2.4.7, §4.5) and durations (§4.6). The common
 * forms are checked by index without allocating; only an unusual or malformed timestamp takes
 * the regex path that explains what is wrong.
 */
import { isDigit } from "../../core/char-codes.js";
import { dateTimeZoneAt, daysIn, twoDigitsAt } from "../../core/date-time.js";
import type { Phrase } from "../../messages.js";
import type { FormatProblem, XapiVersion } from "./formats.js";

const CHAR = { P: 80, T: 84, W: 87, Y: 89, M: 77, D: 68, H: 72, S: 83, DOT: 46, COMMA: 44 } as const;

/**
 * ISO 8601:2004 §4.4.3.2 duration (§4.6): `PnYnMnDTnHnMnS` with components in order, any may be
 * left out but one must be there, `T` only before a time component, a decimal fraction only on
 * the last one; or `PnW` alone (weeks combine with nothing: `P4W1D` fails). The alternative
 * `P0003-02-10T…` format MUST NOT be used, and a sign is not ISO 8601:2004.
 */
export function isDuration(value: string): boolean {
  const n = value.length;
  if (n < 3 || value.charCodeAt(0) !== CHAR.P) return false;
  let i = 1;
  let rank = 0; // rank of the last designator: Y1 M2 D3 (T) H4 M5 S6
  let inTime = false;
  let timeParts = 0;
  let parts = 0;
  let fraction = false;
  while (i < n) {
    if (fraction) return false; // a fraction only on the last component
    if (value.charCodeAt(i) === CHAR.T) {
      if (inTime) return false;
      inTime = true;
      rank = 3;
      i++;
      continue;
    }
    const start = i;
    while (i < n && isDigit(value.charCodeAt(i))) i++;
    if (i === start || i === n) return false;
    let c = value.charCodeAt(i);
    if (c === CHAR.DOT || c === CHAR.COMMA) {
      const digits = ++i;
      while (i < n && isDigit(value.charCodeAt(i))) i++;
      if (i === digits || i === n) return false;
      fraction = true;
      c = value.charCodeAt(i);
    }
    i++;
    if (!inTime && c === CHAR.W) return parts === 0 && i === n;
    const next = inTime
      ? c === CHAR.H
        ? 4
        : c === CHAR.M
          ? 5
          : c === CHAR.S
            ? 6
            : 0
      : c === CHAR.Y
        ? 1
        : c === CHAR.M
          ? 2
          : c === CHAR.D
            ? 3
            : 0;
    if (next <= rank) return false;
    rank = next;
    parts++;
    if (inTime) timeParts++;
  }
  return parts > 0 && (!inTime || timeParts > 0);
}

/**
 * Why a timestamp (or `stored`) is not acceptable, or null when it is fine.
 * xAPI 1.0.3 §4.5: it MUST be ISO 8601 and SHOULD* be RFC 3339 with a time zone, so an ISO 8601
 * form RFC 3339 does not allow, or a missing zone, is a warning. xAPI 2.0 makes RFC 3339 the
 * format: those are errors there. Both versions reject a real error: a date that does not exist,
 * an hour 25, and the "unknown offset" -00, -0000 and -00:00 (the conformance suite, XAPI-00123).
 * A time in the future is fine (§2.4.7: an LRS SHOULD* NOT reject it).
 */
export function timestampProblem(value: string, version: XapiVersion): FormatProblem | null {
  if (isPlainRfc3339(value)) return null;
  return slowTimestampProblem(value, version === "2.0");
}

/**
 * The common case, `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, checked by index without allocating;
 * xAPI takes `T` and `Z` in capitals only, and not the "unknown offset" -00:00.
 */
function isPlainRfc3339(s: string): boolean {
  const zone = dateTimeZoneAt(s);
  if (zone === -1 || s.charCodeAt(10) !== CHAR.T) return false;
  if (zone === s.length - 1) return s.charCodeAt(zone) === 90; // Z
  return !(s.charCodeAt(zone) === 45 && twoDigitsAt(s, zone + 1) === 0 && twoDigitsAt(s, zone + 4) === 0);
}

/**
 * ISO 8601 combined date and time, extended or basic format, with reduced precision (no seconds)
 * and `,` fractions allowed. Groups: 1 year, 2 month, 3 day, 4 separator, 5 hour, 6 minute,
 * 7 second, 8 fraction mark, 9 fraction, 10 Z, 11 offset sign, 12 offset hour, 13 offset colon, 14 offset minute.
 */
const ISO_EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2})(?::(\d{2})(?::(\d{2})(?:([.,])(\d+))?)?)?(?:([Zz])|([+-])(\d{2})(?:(:?)(\d{2}))?)?$/;
const ISO_BASIC =
  /^(\d{4})(\d{2})(\d{2})([Tt])(\d{2})(?:(\d{2})(?:(\d{2})(?:([.,])(\d+))?)?)?(?:([Zz])|([+-])(\d{2})()(\d{2})?)?$/;

function slowTimestampProblem(value: string, v2: boolean): FormatProblem | null {
  const extended = ISO_EXTENDED.exec(value);
  const m = extended ?? ISO_BASIC.exec(value);
  const notIso: FormatProblem = { level: "invalid", variant: "notIso" };
  if (m === null) return notIso;
  const [, y, mo, d, separator, h, mi, s, fractionMark, , zulu, sign, oh, colon, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return { level: "invalid", variant: "notRealDate", date: `${y}-${mo}-${d}` };
  }
  const hour = Number(h);
  const minute = Number(mi ?? "0");
  const second = Number(s ?? "0");
  const midnight24 = hour === 24 && minute === 0 && second === 0 && fractionMark === undefined;
  if ((hour > 23 && !midnight24) || minute > 59 || second > 60) {
    return { level: "invalid", variant: "notRealTime", time: `${h}:${mi ?? "00"}:${s ?? "00"}` };
  }
  if (sign !== undefined) {
    const offset = `${sign}${oh}${colon ?? ""}${om ?? ""}`;
    const offsetHour = Number(oh);
    const offsetMinute = Number(om ?? "0");
    if (offsetHour > 23 || offsetMinute > 59) return { level: "invalid", variant: "impossibleOffset", offset };
    if (sign === "-" && offsetHour === 0 && offsetMinute === 0) {
      return { level: "invalid", variant: "unknownOffset", offset };
    }
  }
  const shouldOrMust = (rule: Phrase): FormatProblem =>
    v2 ? { level: "invalid", variant: "required", rule } : { level: "deviation", variant: "recommended", rule };
  if (zulu === undefined && sign === undefined) return shouldOrMust("noZone");
  const notRfc3339 =
    extended === null
      ? "basicFormat"
      : s === undefined
        ? "noSeconds"
        : fractionMark === ","
          ? "commaFraction"
          : midnight24
            ? "midnight24"
            : sign !== undefined && (om === undefined || colon !== ":")
              ? "offsetForm"
              : null;
  if (notRfc3339 !== null) return shouldOrMust(notRfc3339);
  if (separator === " ") return { level: "deviation", variant: "space" };
  return null; // RFC 3339 with a lower-case t or z, which RFC 3339 allows
}
