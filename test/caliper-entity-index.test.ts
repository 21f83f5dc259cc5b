/**
 * The index of an event's objects by id compares a few ids instead of hashing them
 * (caliper-entity-index.ts): it must still be a Map in every answer, before and after it has moved
 * its ids into the Map it is, whatever is asked of it and in whatever order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../src/core/json.js";
import { EntityIndex } from "../src/standards/caliper-entity-index.js";

const runs = Number(process.env.FUZZ_RUNS ?? 500);

/** Enough ids, some of one length and one long prefix, for both ways of answering. */
const id = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => `https://x.test/sites/a08ff49b/users/_${n}_1`),
  fc.constantFrom("", "a", "b", "__proto__", "size"),
);
const objects = [0, 1, 2, 3].map((n) => ({ n }) as JsonObject);
const op = fc.oneof(
  fc.tuple(fc.constant("set"), id, fc.constantFrom(...objects)),
  fc.tuple(fc.constant("add"), id, fc.constantFrom(...objects)),
  fc.tuple(fc.constant("get"), id),
  fc.tuple(fc.constant("has"), id),
  fc.tuple(fc.constant("delete"), id),
  fc.constantFrom(["size"], ["keys"], ["values"], ["entries"], ["iterate"], ["forEach"], ["clear"]),
);

/** What the operation answers, for a Map and an index alike. */
function apply(map: Map<string, JsonObject>, [name, key, object]: readonly unknown[]): unknown {
  switch (name) {
    case "set":
      return map.set(key as string, object as JsonObject) === map;
    // add is set for an id the index does not hold: asked only then, as the walk asks it.
    case "add":
      if (map.has(key as string)) return undefined;
      if (map instanceof EntityIndex) map.add(key as string, object as JsonObject);
      else map.set(key as string, object as JsonObject);
      return undefined;
    case "get":
      return map.get(key as string);
    case "has":
      return map.has(key as string);
    case "delete":
      return map.delete(key as string);
    case "size":
      return map.size;
    case "keys":
      return [...map.keys()];
    case "values":
      return [...map.values()];
    case "entries":
      return [...map.entries()];
    case "iterate":
      return [...map];
    case "forEach": {
      const seen: unknown[] = [];
      map.forEach((value, key, self) => seen.push([key, value, self === map]));
      return seen;
    }
    default:
      return map.clear();
  }
}

describe("the entity index", () => {
  it("answers as a Map does, for any sequence of operations", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const map = new Map<string, JsonObject>();
        const index = new EntityIndex();
        for (const o of ops) expect(apply(index, o)).toEqual(apply(map, o));
        expect([...index]).toEqual([...map]);
        expect(index.size).toBe(map.size);
      }),
      { numRuns: runs },
    );
  });

  it("keeps the order ids came in when it moves them into the Map, past the few it compares", () => {
    const index = new EntityIndex();
    const ids = Array.from({ length: 40 }, (_, i) => `urn:x:${(i * 7) % 40}`);
    ids.forEach((key, i) => index.set(key, { i }));
    index.set("urn:x:0", { again: true });
    expect([...index.keys()]).toEqual(ids);
    expect(index.get("urn:x:0")).toEqual({ again: true });
    expect(index).toBeInstanceOf(Map);
  });
});
