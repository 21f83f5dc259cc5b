/**
 * The string formats xAPI requires (xAPI-Data.md §4 and the tables of §2.4), as pure predicates.
 * They run on every string of every statement, so the common valid form is answered by a
 * precompiled regex or a charCodeAt scan without allocating; only a malformed or unusual value
 * takes a slower path that builds an explanation. No regex here nests quantifiers over
 * overlapping classes: each is linear on hostile input (see the 100 KB tests).
 */
import type { LevelOf } from "../../diagnostics.js";
import type { Phrase } from "../../messages.js";
import { RecentlyValid } from "./recently-valid.js";

export type XapiVersion = "1.0.3" | "2.0";

/**
 * Why a time that is a string is still not acceptable, as the XAPI_TIMESTAMP template that says so
 * and its arguments, and how much that matters (a MUST, or a SHOULD).
 */
export type FormatProblem = { level: LevelOf<"XAPI_TIMESTAMP"> } & (
  | { variant: "notIso" | "space" }
  | { variant: "notRealDate"; date: string }
  | { variant: "notRealTime"; time: string }
  | { variant: "impossibleOffset" | "unknownOffset"; offset: string }
  | { variant: "required" | "recommended"; rule: Phrase }
);

/**
 * RFC 3987 IRI, best effort as §2.2 allows: a scheme, then only characters an IRI may hold,
 * `%` only as a percent-escape, surrogates only in pairs. Spaces and relative IRIs fail.
 * Each regex is one character-class loop: irregexp runs those without a backtrack entry per
 * character, so a 50 MB string neither takes long nor overflows its stack, as an alternation
 * repeated per character would.
 */
const PLAIN_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[\w\-.~:/?#[\]@!$&'()*+,;=\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFEF]+$/;
/** The same admitting `%` and surrogates, whose escapes and pairs `escapesAreWellFormed` then checks. */
const ESCAPED_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[\w\-.~:/?#[\]@!$&'()*+,;=%\u00A0-\uFDCF\uFDF0-\uFFEF]+$/;

function escapesAreWellFormed(value: string): boolean {
  const n = value.length;
  for (let i = value.indexOf(":") + 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 37) {
      if (!isHexDigit(value.charCodeAt(i + 1)) || !isHexDigit(value.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const low = value.charCodeAt(++i);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return false;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** 1 for the ASCII hex digits. */
const HEX = new Uint8Array(128);
for (const digit of "0123456789abcdefABCDEF") HEX[digit.charCodeAt(0)] = 1;

function isHexDigit(c: number): boolean {
  return c < 128 && HEX[c] === 1;
}

const recentIris = new RecentlyValid(2048);

export function isIri(value: string): boolean {
  if (recentIris.has(value)) return true;
  if (!PLAIN_IRI.test(value) && !(ESCAPED_IRI.test(value) && escapesAreWellFormed(value))) return false;
  recentIris.add(value);
  return true;
}

/**
 * "mailto:" then an address with one `@` and a domain without empty labels (TinCan's
 * `mailto:sally@` fails). One class loop per side; the labels are checked by index.
 */
const MAILTO = /^mailto:[^\s\x00-\x1F\x7F@<>"()[\]\\,;:?]+@[^\s\x00-\x1F\x7F@<>"()[\]\\,;:?]+$/;

function hasEmptyLabel(value: string): boolean {
  const at = value.indexOf("@");
  return value.charCodeAt(at + 1) === 46 || value.charCodeAt(value.length - 1) === 46 || value.includes("..", at);
}

const recentMailboxes = new RecentlyValid(256);

export function isMailto(value: string): boolean {
  if (recentMailboxes.has(value)) return true;
  if (!MAILTO.test(value) || hasEmptyLabel(value)) return false;
  recentMailboxes.add(value);
  return true;
}

/** mbox_sha1sum: the hex SHA-1 of a mailto IRI, 40 hex digits. */
const SHA1 = /^[0-9a-fA-F]{40}$/;

const recentHashes = new RecentlyValid(256);

export function isSha1(value: string): boolean {
  if (recentHashes.has(value)) return true;
  if (!SHA1.test(value)) return false;
  recentHashes.add(value);
  return true;
}

/** Attachment sha2: hex SHA-224, -256, -384 or -512. */
const SHA2 = /^[0-9a-fA-F]+$/;

export function isSha2(value: string): boolean {
  const n = value.length;
  return (n === 56 || n === 64 || n === 96 || n === 128) && SHA2.test(value);
}

/** RFC 2046 media type, `type/subtype` with optional parameters. */
const MEDIA_TYPE = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*(?:[ \t]*;[^\r\n]*)?$/;

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/** Whether value[from, to) is all hex digits; branch-free inside, as this runs on every UUID. */
function hexRun(value: string, from: number, to: number): boolean {
  let bad = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    bad |= (c >> 7) | (1 - HEX[c & 127]!);
  }
  return bad === 0;
}

const recentUuids = new RecentlyValid(256);

/** What uuidForm calls "valid": 8-4-4-4-12 hex digits, version 1 to 8, variant 8, 9, a or b. */
const RFC4122_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/**
 * "valid": standard string form of an RFC 4122 (variant 2) UUID. "not-rfc4122": the standard
 * form, but another variant or no version (the nil UUID), which §4.4 only recommends against.
 * "invalid": not the standard 8-4-4-4-12 hex form (braces, `urn:uuid:`, wrong length, non-hex).
 */
export function uuidForm(value: string): "valid" | "not-rfc4122" | "invalid" {
  if (recentUuids.has(value)) return "valid";
  // The common case in one match: about half the instructions of the scan below.
  if (RFC4122_UUID.test(value)) {
    recentUuids.add(value);
    return "valid";
  }
  if (value.length !== 36) return "invalid";
  if (
    value.charCodeAt(8) !== 45 ||
    value.charCodeAt(13) !== 45 ||
    value.charCodeAt(18) !== 45 ||
    value.charCodeAt(23) !== 45
  )
    return "invalid";
  if (
    !hexRun(value, 0, 8) ||
    !hexRun(value, 9, 13) ||
    !hexRun(value, 14, 18) ||
    !hexRun(value, 19, 23) ||
    !hexRun(value, 24, 36)
  )
    return "invalid";
  const version = value.charCodeAt(14);
  const variant = value.charCodeAt(19) | 0x20; // lower-cased hex digit
  const versioned = version >= 49 && version <= 56; // 1…8
  const variant2 = variant === 56 || variant === 57 || variant === 97 || variant === 98; // 8 9 a b
  if (!versioned || !variant2) return "not-rfc4122";
  recentUuids.add(value);
  return "valid";
}

/** Statement `version`: "1.0" or "1.0.x" (the suite accepts "1.0"); xAPI 2.0 adds "2.0.x". */
const VERSION_1 = /^1\.0(?:\.\d+)?$/;
const VERSION_2 = /^[12]\.0(?:\.\d+)?$/;

export function isVersion(value: string, version: XapiVersion): boolean {
  return (version === "2.0" ? VERSION_2 : VERSION_1).test(value);
}
