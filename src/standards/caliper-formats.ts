/**
 * The string formats of Caliper's base rules. Each runs on every id, reference and time of every
 * event, so a valid value is answered in one pass over its characters, without allocating.
 */
import { isDigit } from "../core/char-codes.js";

/** 1 for the ASCII characters a scheme may hold after its first letter (RFC 3986 §3.1). */
const SCHEME = new Uint8Array(128);
/** 1 for the ASCII characters an IRI may hold after its scheme, `%` aside (xAPI's PLAIN_IRI class: `\w-.~:/?#[]@!$&'()*+,;=`). */
const AFTER_SCHEME = new Uint8Array(128);
/** 1 for the ASCII hex digits. */
const HEX = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") SCHEME[c.charCodeAt(0)] = 1;
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.~:/?#[]@!$&'()*+,;=")
  AFTER_SCHEME[c.charCodeAt(0)] = 1;
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;

const PERCENT = 37,
  COLON = 58,
  UNDERSCORE = 95;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHex(c: number): boolean {
  return c < 128 && HEX[c] === 1;
}

/**
 * An absolute IRI or a blank node (Caliper 1.1 §4.2 and Terminology "Blank Node Identifier"): the
 * RFC 3987 test xAPI makes (isIri in xapi/formats.ts: a scheme, then only characters an IRI may
 * hold, `%` only as a percent-escape, surrogates only in pairs; no spaces, no control characters),
 * a scheme with an empty path, which RFC 3987's ipath-empty allows, or `_:` and a label without
 * whitespace. The same answer as those regular expressions for every string (test/caliper-formats.test.ts).
 */
export function isCaliperIri(value: string): boolean {
  return PLAIN_IRI.test(value) || isIriByLoop(value);
}

/**
 * The common IRI: no `%`, no surrogates (xAPI's PLAIN_IRI). One character-class loop, which
 * irregexp runs in native code: half again as fast as charCodeAt in a loop (measured), and linear
 * on a hostile string. What it refuses, the loop below decides.
 */
const PLAIN_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[\w\-.~:/?#[\]@!$&'()*+,;=\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFEF]+$/;

/** The whole rule, character by character: percent-escapes, surrogate pairs, blank nodes, a scheme alone. */
function isIriByLoop(value: string): boolean {
  const n = value.length;
  const first = value.charCodeAt(0);
  if (first === UNDERSCORE) return isBlankNode(value);
  if (!isLetter(first)) return false;
  let i = 1;
  for (; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || SCHEME[c] !== 1) break;
  }
  if (value.charCodeAt(i) !== COLON) return false;
  for (i++; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      if (AFTER_SCHEME[c] === 1) continue;
      if (c !== PERCENT || !isHex(value.charCodeAt(i + 1)) || !isHex(value.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (c < 0xa0 || (c > 0xfdcf && c < 0xfdf0) || c > 0xffef) return false;
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate and its low one; a low one alone is no character.
      const low = value.charCodeAt(i + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

/** `_:` and at least one character, none of them whitespace as a regular expression's `\s` reads it. */
function isBlankNode(value: string): boolean {
  const n = value.length;
  if (n < 3 || value.charCodeAt(1) !== COLON) return false;
  for (let i = 2; i < n; i++) if (isRegExpSpace(value.charCodeAt(i))) return false;
  return true;
}

/** ECMAScript's WhiteSpace and LineTerminator: what `\s` matches. */
function isRegExpSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const URN_UUID = "urn:uuid:";

/** `urn:uuid:` and a UUID in its 8-4-4-4-12 hex form, any case (Caliper 1.1 §4.2 event ids). */
export function isUuidUrn(value: string): boolean {
  if (value.length !== 45 || !value.startsWith(URN_UUID)) return false;
  for (let i = 9; i < 45; i++) {
    const c = value.charCodeAt(i);
    if (i === 17 || i === 22 || i === 27 || i === 32) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/**
 * A date-time (dateTimeZoneAt has passed it) in Caliper's own form, `YYYY-MM-DDTHH:mm:ss.SSSZ`:
 * UTC with milliseconds. dateTimeZoneAt has read the digits and separators up to the seconds.
 */
export function isCaliperTime(dateTime: string): boolean {
  if (
    dateTime.length !== 24 ||
    dateTime.charCodeAt(10) !== 84 ||
    dateTime.charCodeAt(19) !== 46 ||
    dateTime.charCodeAt(23) !== 90
  )
    return false; // T . Z
  return isDigit(dateTime.charCodeAt(20)) && isDigit(dateTime.charCodeAt(21)) && isDigit(dateTime.charCodeAt(22));
}
