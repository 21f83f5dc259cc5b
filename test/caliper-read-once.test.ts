/**
 * A Caliper profile's flatten takes what its check read of the same event (ReadOnce, _caliper.ts):
 * never what it read of another event, or of the same event in another context.
 */
import { describe, expect, it } from "vitest";
import type { EventContext } from "../src/profiles/profile.js";
import { ReadOnce } from "../src/profiles/caliper/_caliper.js";

const context = (): EventContext => ({
  xapiVersion: "1.0.3",
  decimal: () => null,
  number: () => null,
  resolve: () => undefined,
});

describe("what a check read, kept for its flatten", () => {
  it("is read once for a check and the flatten after it", () => {
    let reads = 0;
    const once = new ReadOnce((event: { n: number }) => ({ n: event.n, read: ++reads }));
    const event = { n: 1 };
    const c = context();
    expect(once.forCheck(event, c)).toEqual({ n: 1, read: 1 });
    expect(once.forFlatten(event, c)).toEqual({ n: 1, read: 1 });
    expect(reads).toBe(1);
  });

  it("is read afresh for another event, another context, or a second flatten", () => {
    let reads = 0;
    const once = new ReadOnce((event: { n: number }) => ({ n: event.n, read: ++reads }));
    const c = context();
    once.forCheck({ n: 1 }, c);
    expect(once.forFlatten({ n: 2 }, c)).toEqual({ n: 2, read: 2 });
    const event = { n: 3 };
    once.forCheck(event, c);
    expect(once.forFlatten(event, context())).toEqual({ n: 3, read: 4 });
    once.forCheck(event, c);
    once.forFlatten(event, c);
    expect(once.forFlatten(event, c)).toEqual({ n: 3, read: 6 });
  });
});
