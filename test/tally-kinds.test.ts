/** The summary's tally of unrecognised kinds stays small whatever the input: few kinds, and short names. */
import { describe, expect, it } from "vitest";
import { counts, countKind, MAX_KIND_LENGTH, MAX_KINDS, OTHER_KINDS } from "../src/core/tally.js";

describe("the tally of unrecognised kinds", () => {
  it("names a kind by at most MAX_KIND_LENGTH characters, two long ones that share their start still two", () => {
    const kinds = counts();
    const verb = "xAPI statement, verb https://example.com/" + "v".repeat(1 << 20);
    countKind(kinds, `${verb}a`, 1);
    countKind(kinds, `${verb}b`, 2);
    countKind(kinds, `${verb}a`, 3);
    const names = Object.keys(kinds);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(MAX_KIND_LENGTH);
    expect(names[0]).toMatch(/^xAPI statement, verb https:\/\/example\.com\/v+… \(1048618 characters, #[0-9a-f]{8}\)$/);
    expect(Object.values(kinds)).toEqual([4, 2]);
  });

  it("leaves a short kind as it is, and counts past MAX_KINDS under OTHER_KINDS", () => {
    const kinds = counts();
    for (let i = 0; i < MAX_KINDS + 5; i++) countKind(kinds, `Caliper Event (${i})`, 1);
    expect(kinds["Caliper Event (0)"]).toBe(1);
    expect(kinds[OTHER_KINDS]).toBe(5);
  });
});
