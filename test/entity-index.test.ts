/**
 * A Caliper event's embedded entities are indexed by id in the same walk that checks their rules
 * (caliper.ts, scanEntities), not in a second walk of the event: that index must be the one the
 * core builds on its own (check.ts, embeddedEntities) for any value, hostile ones included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { embeddedEntities } from "../src/core/check.js";
import type { JsonObject } from "../src/core/json.js";
import type { EventContext } from "../src/profiles/profile.js";
import { caliper } from "../src/standards/caliper.js";
import type { FoundEntities } from "../src/standards/standard.js";

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const context: EventContext = {
  xapiVersion: "1.0.3",
  decimal: () => null,
  number: () => null,
  resolve: () => undefined,
};

/** Keys the walks treat apart (ids, slots, times, what the rules skip), and a few ids, so that ids repeat. */
const key = fc.constantFrom(
  "id",
  "@id",
  "type",
  "actor",
  "object",
  "members",
  "items",
  "group",
  "dateCreated",
  "extensions",
  "@context",
  "messageParameters",
  "name",
  "x",
);
const scalar = fc.oneof(
  fc.constantFrom("urn:a", "urn:b", "https://x.test/c", "not an iri", "2024-01-01T00:00:00.000Z", "Person"),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
);
const { node } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), tie("array")),
  object: fc.dictionary(key, tie("node"), { maxKeys: 6 }),
  array: fc.array(tie("node"), { maxLength: 4 }),
}));

function indexOfWalk(event: JsonObject): Map<string, JsonObject> | undefined {
  const found: FoundEntities = {};
  caliper.check(event, context, found);
  return found.byId;
}

describe("the entity index of a Caliper event", () => {
  it("is the core's own, object for object, whatever the event holds", () => {
    fc.assert(
      fc.property(fc.dictionary(key, node, { maxKeys: 8 }), (event) => {
        const walked = indexOfWalk(event);
        const own = embeddedEntities(event);
        expect(walked).toBeDefined();
        expect([...walked!.keys()].sort()).toEqual([...own.keys()].sort());
        for (const [id, object] of own) expect(walked!.get(id)).toBe(object);
      }),
      { numRuns: runs },
    );
  });

  it("of two as full with one id, keeps the one the core's walk meets first: the later sibling, the parent before its child", () => {
    const first = { id: "urn:a", type: "Person" };
    const second = { id: "urn:a", type: "Person" };
    const siblings = { type: "Event", actor: first, object: second };
    expect(embeddedEntities(siblings).get("urn:a")).toBe(second);
    expect(indexOfWalk(siblings)!.get("urn:a")).toBe(second);
    const child = { id: "urn:b", type: "Group", name: "n" };
    const parent = { id: "urn:b", type: "Group", members: [child] };
    const nested = { type: "Event", group: parent };
    expect(embeddedEntities(nested).get("urn:b")).toBe(parent);
    expect(indexOfWalk(nested)!.get("urn:b")).toBe(parent);
  });
});
