/**
 * uuidForm answers "valid" by one regular expression: it must call valid exactly the strings its
 * definition does (the standard form, version 1 to 8, variant 8, 9, a or b, in either case).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uuidForm } from "../src/standards/xapi/formats.js";

const HEX = "0123456789abcdefABCDEF";

/** The definition, character by character. */
function isRfc4122(value: string): boolean {
  if (value.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = value[i]!;
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== "-") return false;
    } else if (!HEX.includes(c)) return false;
  }
  return "12345678".includes(value[14]!) && "89abAB".includes(value[19]!);
}

const pieces = fc.constantFrom(...HEX.split(""), "-", "g", "G", "0", "9", "\n", " ", "{", "}", "\u0661", "\uFF10");
const uuidLike = fc.oneof(
  fc.uuid().map((u) => u),
  fc.uuid().map((u) => u.toUpperCase()),
  fc
    .tuple(fc.uuid(), fc.integer({ min: 0, max: 35 }), pieces)
    .map(([u, at, c]) => u.slice(0, at) + c + u.slice(at + 1)),
  fc.tuple(fc.uuid(), pieces).map(([u, c]) => u + c),
  fc.tuple(fc.uuid(), pieces).map(([u, c]) => c + u),
  fc.array(pieces, { maxLength: 40 }).map((cs) => cs.join("")),
);

describe("uuidForm", () => {
  it("is valid exactly for the standard form of an RFC 4122 UUID", () => {
    fc.assert(
      fc.property(uuidLike, (value) => {
        expect(uuidForm(value) === "valid").toBe(isRfc4122(value));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it.each([
    ["a trailing line feed", "0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21\n", "invalid"],
    ["variant B in capitals", "0b8a3f52-6c1e-4d2a-Bf3b-2d6e1c7a9e21", "valid"],
    ["version 9", "0b8a3f52-6c1e-9d2a-9f3b-2d6e1c7a9e21", "not-rfc4122"],
  ])("%s: %s is %s", (_what, value, form) => expect(uuidForm(value)).toBe(form));
});
