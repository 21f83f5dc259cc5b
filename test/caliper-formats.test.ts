/**
 * Caliper's string formats are character loops (caliper-formats.ts), for speed: each must answer as
 * the regular expressions they stand for do, for any string, the awkward ones included (lone
 * surrogates, percent-escapes cut short, Unicode whitespace, the edges of the allowed ranges).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCaliperIri, isUuidUrn } from "../src/standards/caliper-formats.js";
import { isIri } from "../src/standards/xapi/formats.js";

const runs = Number(process.env.FUZZ_RUNS ?? 3000);

/** The rule as regular expressions: xAPI's RFC 3987 test, a blank node, or a scheme alone. */
function iriByRegExps(value: string): boolean {
  return isIri(value) || /^_:\S+$/.test(value) || /^[A-Za-z][A-Za-z0-9+.-]*:$/.test(value);
}

const UUID_URN = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Pieces at the edges of what an IRI may hold. */
const PIECES = [
  "a",
  "Z",
  "0",
  "9",
  "+",
  ".",
  "-",
  ":",
  "_",
  "_:",
  "~",
  "/",
  "#",
  "?",
  "[",
  "]",
  "@",
  "!",
  "$",
  "&",
  "'",
  "(",
  ")",
  "*",
  ",",
  ";",
  "=",
  "%",
  "%4",
  "%4F",
  "%zz",
  "%%41",
  " 4F",
  "^aa",
  " ",
  "\t",
  "\n",
  "\r",
  "\f",
  "\u000b",
  "\u0000",
  "\u007f",
  "\u009f",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u200b",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\udc00\udc00",
  "\udbff\udfff",
  "\ud83d\ude00",
  "\ufdcf",
  "\ufdd0",
  "\ufdef",
  "\ufdf0",
  "\uffef",
  "\ufff0",
  "\uffff",
  "é",
  "<",
  ">",
  '"',
  "{",
  "}",
  "\\",
  "^",
  "`",
  "|",
  "https:",
  "urn:",
  "http://x.test/",
];
const piecewise = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((pieces) => pieces.join(""));
const anyString = fc.oneof(
  piecewise,
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.tuple(fc.constantFrom("https://x.test/", "_:", "urn:"), piecewise).map(([a, b]) => a + b),
);

describe("Caliper's IRI test, a character loop", () => {
  it("answers as the regular expressions do, for any string", () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(isCaliperIri(value)).toBe(iriByRegExps(value));
      }),
      { numRuns: runs },
    );
  });

  it.each([
    "https://example.edu/users/1",
    "urn:uuid:6d92a5f0-e023-40f7-af37-50810fc0f1f8",
    "urn:",
    "_:b0",
    "http://x.test/%C3%A9",
    "http://x.test/\ud83d\ude00",
  ])("takes %j", (value) => {
    expect(isCaliperIri(value)).toBe(true);
  });

  it.each([
    "",
    "_:",
    "_: x",
    "https://x.test/a b",
    "http://x.test/%zz",
    "http://x.test/%4",
    "http://x.test/\ud800",
    "http://x.test/\udc00a",
    "http://x.test/\udc00\udc00",
    "_:a\rb",
    "1http://x",
    "no-scheme",
  ])("refuses %j", (value) => {
    expect(isCaliperIri(value)).toBe(false);
  });
});

describe("Caliper's event id test, a character loop", () => {
  const uuidUrn = fc.uuid().map((uuid) => `urn:uuid:${uuid}`);
  /** A UUID URN with one character changed, or cut, or in another case. */
  const nearly = fc
    .tuple(uuidUrn, fc.nat(), fc.constantFrom("g", "-", "A", "f", "0", "", "xx", "U", ":"))
    .map(([urn, at, piece]) => urn.slice(0, at % 46) + piece + urn.slice((at % 46) + 1));
  it("answers as the regular expression does, for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          uuidUrn,
          uuidUrn.map((u) => u.toUpperCase()),
          nearly,
          anyString,
        ),
        (value) => {
          expect(isUuidUrn(value)).toBe(UUID_URN.test(value));
        },
      ),
      { numRuns: runs },
    );
  });
});
