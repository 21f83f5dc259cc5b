/**
 * The walk of a Caliper event (scanEntities) is built for speed: frames in columns, keys sorted by
 * kind, an IRI met twice in an event tested once. Its findings must be those of the rules written
 * plainly, here as a recursive reference, for any event, hostile shapes and repeated ids included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dateTimeZoneAt } from "../src/core/date-time.js";
import { isObject, joinPointer, type JsonObject } from "../src/core/json.js";
import { scanEntities } from "../src/standards/caliper-entities.js";
import { isCaliperIri } from "../src/standards/caliper-formats.js";

const runs = Number(process.env.FUZZ_RUNS ?? 500);

const TIMES = new Set(["dateCreated", "startedAtTime"]);
const SLOTS = new Set(["actor", "object", "members", "items", "group", "edApp"]);
const NOT_DATA = new Set(["extensions", "@context", "messageParameters"]);

interface Found {
  nulls: number;
  badIds: string[];
  badTimes: string[];
  missing: string[];
}

/** The rules, plainly: what scanEntities reports, each list sorted (the walk's own orders are its output's business). */
function reference(event: JsonObject, describe: boolean): Found {
  const found: Found = { nulls: 0, badIds: [], badTimes: [], missing: [] };
  const slotValue = (value: unknown, pointer: string, list: boolean): void => {
    if (typeof value === "string") {
      if (!isCaliperIri(value)) found.badIds.push(pointer);
    } else if (typeof value === "object" && value !== null && (!Array.isArray(value) || list))
      walk(value, pointer, true, false);
    else found.badIds.push(`${pointer} not an entity`);
  };
  // What only the index looks into (ids, bad times, @context) holds no findings: not walked here.
  const walk = (node: object, pointer: string, inSlot: boolean, root: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item: unknown, i) => {
        const at = joinPointer(pointer, i);
        if (item === null) found.nulls++;
        else if (inSlot) slotValue(item, at, false);
        else if (typeof item === "object") walk(item, at, false, false);
      });
      return;
    }
    const object = node as JsonObject;
    for (const [key, value] of Object.entries(object)) {
      const at = joinPointer(pointer, key);
      if (NOT_DATA.has(key)) continue;
      if (key === "id" || key === "@id") {
        if (
          (!root || key !== "id" || describe) &&
          value !== null &&
          (typeof value !== "string" || !isCaliperIri(value))
        )
          found.badIds.push(at);
      } else if (value === null) found.nulls++;
      else if (TIMES.has(key)) {
        if (typeof value !== "string" || dateTimeZoneAt(value) === -1) found.badTimes.push(at);
      } else if (SLOTS.has(key)) slotValue(value, at, true);
      else if (typeof value === "object") walk(value, at, false, false);
    }
    if (inSlot) {
      const legacy = "@id" in object || "@type" in object || "@context" in object;
      if (!("id" in object) && !("@id" in object)) found.missing.push(joinPointer(pointer, legacy ? "@id" : "id"));
      if (!("type" in object) && !("@type" in object))
        found.missing.push(joinPointer(pointer, legacy ? "@type" : "type"));
    }
  };
  walk(event, "", false, true);
  for (const list of [found.badIds, found.badTimes, found.missing]) list.sort();
  return found;
}

/** The first null in document order, outside ids and what is no Caliper data: where CALIPER_NULL points. */
function firstNull(node: unknown, pointer: string): string | undefined {
  if (node === null) return pointer;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const at = firstNull(node[i], joinPointer(pointer, i));
      if (at !== undefined) return at;
    }
  } else if (isObject(node))
    for (const [key, value] of Object.entries(node)) {
      if (NOT_DATA.has(key) || key === "id" || key === "@id") continue;
      const at = firstNull(value, joinPointer(pointer, key));
      if (at !== undefined) return at;
    }
  return undefined;
}

function scanned(event: JsonObject, describe: boolean): Found {
  const scan = scanEntities(event, describe);
  return {
    nulls: scan.nulls,
    badIds: (scan.badIds ?? []).map((f) => (f.notAnEntity ? `${f.pointer} not an entity` : f.pointer)).sort(),
    badTimes: (scan.badTimes ?? []).map((f) => f.pointer).sort(),
    missing: [...(scan.missing ?? [])].sort(),
  };
}

// Few IRIs and times, so that they repeat within an event, each beside a bad twin of its length: a bad one is reported at each place.
const key = fc.constantFrom("id", "@id", "type", "@type", ...TIMES, ...SLOTS, ...NOT_DATA, "name", "a/b");
const scalar = fc.oneof(
  fc.constantFrom(
    "urn:a",
    "urn a",
    "https://x.test/c",
    "https://x.test c",
    "https://x.test/c%zz",
    "https://x.test/c%2f",
    "not an iri",
    "_:b0",
    "_: b0",
    "",
    "2024-01-01T00:00:00.000Z",
    "2024-02-30T00:00:00.000Z",
    "2024-02-30T00:00:00Z",
    "Person",
  ),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
);
const { node } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), tie("array")),
  object: fc.dictionary(key, tie("node"), { maxKeys: 6 }),
  array: fc.array(tie("node"), { maxLength: 4 }),
}));

describe("the walk of a Caliper event", () => {
  it("finds what the rules written plainly find, in events and describes alike", () => {
    fc.assert(
      fc.property(fc.dictionary(key, node, { maxKeys: 8 }), fc.boolean(), (event, describe) => {
        expect(scanned(event, describe)).toEqual(reference(event, describe));
      }),
      { numRuns: runs },
    );
  });

  it("points CALIPER_NULL at the first null in document order", () => {
    fc.assert(
      fc.property(fc.dictionary(key, node, { maxKeys: 8 }), (event) => {
        const scan = scanEntities(event, false);
        if (scan.nulls > 0) expect(scan.firstNull).toBe(firstNull(event, ""));
      }),
      { numRuns: runs },
    );
  });

  it("reports a bad IRI at every place it stands, and a good one met again at none", () => {
    const good = "https://example.edu/users/1";
    const event = {
      id: "urn:uuid:0",
      actor: { id: good, type: "Person" },
      object: { id: "https://example.edu/x", type: "Attempt", assignee: good },
      edApp: "not an iri",
      group: { id: "not an iri", type: "Group", members: [good, "not an iri", good] },
    };
    expect(scanned(event, false).badIds).toEqual(["/edApp", "/group/id", "/group/members/1"]);
  });
});
