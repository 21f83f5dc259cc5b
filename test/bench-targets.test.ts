import { describe, expect, it } from "vitest";
// @ts-expect-error: the bench is plain JavaScript, without types
import { evaluateTargets, floorNotes } from "../bench/lib/targets.js";

/** One file's rows at the given events/s, keyed as bench/run.js keys them. */
function rowsOf(file: string, eventsPerS: Record<string, number>) {
  return Object.entries(eventsPerS).map(([key, rate]) => ({ file, key, wallS: 1, eventsPerS: rate }));
}

const corpus = { files: [{ id: "caliper", kind: "caliper", bytes: 50e6, events: 100_000 }] };
const judged = (rows: unknown[]) =>
  evaluateTargets({ rows, corpus, envelope: null, startup: null, reports: null, repeats: null }) as {
    target: string;
    figure: number | null;
    status: string;
    note?: string;
  }[];

describe("bench targets", () => {
  it("judges validate against 0.6 x floor and convert against 0.5 x floor, with the tight loops beside them", () => {
    const targets = judged(
      rowsOf("caliper", {
        floor: 100,
        "floor-schema": 80,
        "floor-rules": 40,
        "floor-rules-csv": 30,
        validate: 61,
        convert: 49,
      }),
    );
    expect(targets.find((t) => t.target === "caliper: validate --jobs 1 >= 0.6 x floor")).toMatchObject({
      status: "met",
      note: "JSON Schema alone 0.80, checks alone 0.40 x floor",
    });
    expect(targets.find((t) => t.target === "caliper: convert --jobs 1 >= 0.5 x floor")).toMatchObject({
      status: "not met",
      note: "checks + CSV alone 0.30 x floor",
    });
  });

  it("judges convert against jq on one thread and on all cores, and scaling at 1.7 x on the largest file", () => {
    const targets = judged(rowsOf("caliper", { floor: 100, convert: 150, "convert-all": 240, jq: 100 }));
    expect(targets.find((t) => t.target === "caliper: convert --jobs 1 >= 1.5 x jq")?.status).toBe("met");
    expect(targets.find((t) => t.target === "caliper: convert all cores >= 2.5 x jq")?.status).toBe("not met");
    const scaling = targets.find((t) => t.target.startsWith("convert all cores >= 1.7 x --jobs 1"));
    expect(scaling).toMatchObject({ figure: 1.6, status: "not met" });
    expect(scaling?.note).toContain("target size 100 MB");
  });

  it("gives beside the scaling target what the cores give the floor and gradeev's own tight loop", () => {
    const targets = judged(
      rowsOf("caliper", {
        floor: 100,
        "floor-all": 186,
        "floor-split": 160,
        "floor-rules-csv": 30,
        "floor-rules-csv-all": 45,
        "floor-rules-csv-split": 42,
        convert: 25,
        "convert-all": 35,
      }),
    );
    const scaling = targets.find((t) => t.target.startsWith("convert all cores >= 1.7 x --jobs 1"));
    expect(scaling?.note).toContain(
      "floors side by side: 1.86 x one; checks + CSV side by side: 1.50 x one; " +
        "floor, file split: 1.60 x one; checks + CSV, file split: 1.40 x one",
    );
  });

  it("no longer judges the old targets", () => {
    const names = judged(rowsOf("caliper", { floor: 100, convert: 50, duckdb: 10 })).map((t) => t.target);
    expect(names.filter((n) => /0\.85|0\.9 x|2\.4 x|3\.5 x|DuckDB|200 MB/.test(n))).toEqual([]);
  });

  it("says n/a, with no note, when a companion of the floor was not measured", () => {
    const target = judged(rowsOf("caliper", { validate: 50 })).find(
      (t) => t.target === "caliper: validate --jobs 1 >= 0.6 x floor",
    );
    expect(target).toEqual({ target: "caliper: validate --jobs 1 >= 0.6 x floor", figure: null, status: "n/a" });
  });
});

describe("bench floor notes", () => {
  it("names each figure measured, in order, and leaves out the ones that were not", () => {
    expect(
      floorNotes([
        ["JSON Schema alone", 0.814],
        ["checks alone", null],
      ]),
    ).toBe("JSON Schema alone 0.81 x floor");
    expect(floorNotes([["checks alone", undefined]])).toBeUndefined();
  });
});

describe("bench report target", () => {
  it("names the size of the file the report's peak RSS was measured on", () => {
    const rows = [{ file: "caliper", key: "report", wallS: 1, eventsPerS: 1, peakRssMiB: 140 }];
    const target = judged(rows).find((t) => t.target.startsWith("gradeev report: peak RSS"));
    expect(target?.status).toBe("met");
    expect(target?.note).toMatch(/^caliper, 48 MiB; on 48 MiB, target size 1 GiB/);
  });
});
