/** The table --dedupe and --latest group events in: typed arrays, groups in input order, grown as needed. */
import { describe, expect, it } from "vitest";
import { FingerprintGroups, GrowingArray } from "../src/repeats/fingerprint-groups.js";

describe("FingerprintGroups", () => {
  it("gives each group of more than one event in input order, through growth, and every event of a print", () => {
    const groups = new FingerprintGroups();
    // 5000 events, two per print, and prints whose low bits all agree: the table grows and probes past them.
    for (let n = 0; n < 5000; n++) groups.add(n, ((n % 2500) << 16) >>> 0);
    const shared = [...groups.shared()];
    expect(shared).toHaveLength(2500);
    expect(shared.every((group) => group.length === 2 && group[1] === group[0]! + 2500)).toBe(true);
    expect(groups.withPrint(7 << 16)).toEqual([7, 2507]);
    expect(groups.withPrint(0xffffffff)).toEqual([]);
  });

  it("GrowingArray keeps what it was given as it grows", () => {
    const at = new GrowingArray(new Float64Array(2));
    for (let n = 0; n < 10; n++) at.push(n * 2 ** 40);
    expect(at.length).toBe(10);
    expect(at.get(9)).toBe(9 * 2 ** 40);
  });
});
