/** The pointers and scopes unwrap gives the events it finds in nested containers (joined by hand, without escaping). */
import { describe, expect, it } from "vitest";
import { unwrap } from "../src/standards/containers.js";

const event = (n: number) => ({ type: "GradeEvent", actor: { id: `urn:a${n}` }, action: "Graded" });
const person = { id: "urn:p", type: "Person" };

describe("unwrap", () => {
  it("names each event by its place in arrays, envelopes, pages, statement results and Learning Locker documents", () => {
    const value = [
      { sensor: "s", dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p2", data: [person, event(0), [event(1)]] },
      { data: [event(2)], next: "x" },
      { statements: [{ verb: { id: "v" } }], more: "" },
      { _id: "1", statement: { verb: { id: "v" } } },
      event(3),
    ];
    const found = unwrap(value, { pointer: "/p~1q" });
    expect(
      found.map((f) => [f.pointer, f.describe, f.envelope ?? false, f.dataVersion ?? null, f.entities.size]),
    ).toEqual([
      ["/p~1q/0", false, true, null, 0],
      ["/p~1q/0/data/0", true, false, "http://purl.imsglobal.org/ctx/caliper/v1p2", 1],
      ["/p~1q/0/data/1", false, false, "http://purl.imsglobal.org/ctx/caliper/v1p2", 1],
      ["/p~1q/0/data/2/0", false, false, "http://purl.imsglobal.org/ctx/caliper/v1p2", 1],
      ["/p~1q/1/data/0", false, false, null, 0],
      ["/p~1q/2/statements/0", false, false, null, 0],
      ["/p~1q/3/statement", false, false, null, 0],
      ["/p~1q/4", false, false, null, 0],
    ]);
    expect(found[2]!.entities.get("urn:p")).toEqual({ entity: person, pointer: "/p~1q/0/data/0" });
  });

  it("takes an array nested past the container depth as one event, in its envelope's scope", () => {
    let deep: unknown = event(0);
    for (let i = 0; i < 10; i++) deep = [deep];
    const found = unwrap({ sendTime: "t", dataVersion: "v", data: [deep] });
    expect(found.map((f) => [f.pointer, f.dataVersion])).toEqual([
      ["", undefined],
      ["/data/0/0/0/0/0/0/0/0", "v"],
    ]);
    expect(Array.isArray(found[1]!.value)).toBe(true);
  });
});
