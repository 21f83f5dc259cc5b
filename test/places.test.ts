/**
 * What a diagnostic's line and column point at (docs/reports.md, "The diagnostic line"): the value its pointer names;
 * for a missing property, the object that lacks it (its opening brace). And the findings of one
 * event come out in file order, by line then column, in every report format (issue 13, class 11).
 * The events here have their keys in orders no producer's serialiser would pick, pretty-printed and
 * minified, with findings in nested objects and arrays.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, type Diagnostic } from "../src/index.js";
import { parsePointer } from "../src/core/json.js";
import { runCli, scratchFolder } from "./helpers.js";

/** An xAPI statement written back to front, with a finding in almost every part. */
const statement = {
  timestamp: "2024-05-02T14:03:00.000+0100", // no colon in the offset: a SHOULD* of xAPI 1.0.3
  context: {
    language: "not a tag!",
    contextActivities: { parent: [{ id: "http://example.com/course/1" }, { id: "not an iri" }] },
  },
  result: { score: { max: 10, raw: 12, min: 0 } },
  object: { definition: { name: { "en-US": "Essay" } }, objectType: "Activity" }, // no id
  verb: { display: { "en-US": "scored", "not a tag!": "x" }, id: "http://adlnet.gov/expapi/verbs/scored" },
  actor: { name: "Bob", mbox: "bob@example.com" },
  id: "6f0d3c2a-1b4e-4c5d-8e9f-0a1b2c3d4e01",
};

/** A Caliper 1.2 GradeEvent, keys reversed, without @context, with findings in embedded entities. */
const gradeEvent = {
  group: { type: "CourseOffering", id: "https://example.edu/courses/1", courseNumber: "C1", dateCreated: "yesterday" },
  generated: { scoreGiven: 8, maxScore: 10, type: "Score", id: "https://example.edu/scores/1" },
  object: {
    assignable: { type: "AssignableDigitalResource", id: "https://example.edu/items/1", maxScore: 10 },
    assignee: { type: "Person", id: "not an iri" },
    type: "Attempt",
    id: "https://example.edu/attempts/1",
  },
  eventTime: "2024-05-02T14:03:00.000Z",
  action: "Graded",
  actor: { type: "SoftwareApplication", id: "https://example.edu/autograder" },
  type: "GradeEvent",
  id: "6f0d3c2a-1b4e-4c5d-8e9f-0a1b2c3d4e02",
};

/** The value `pointer` names in `document`, or, when it names nothing, its nearest ancestor that exists. */
function valueAt(document: unknown, pointer: string): { value: unknown; found: boolean } {
  let value = document;
  for (const token of parsePointer(pointer)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, token)) return { value, found: false };
    value = (value as Record<string, unknown>)[token];
  }
  return { value, found: true };
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  return offset + column - 1;
}

/** What a diagnostic's place should show: the value itself, or the opening of the object that lacks it. */
function expectedAt(document: unknown, pointer: string): string {
  const { value } = valueAt(document, pointer);
  return Array.isArray(value) ? "[" : value !== null && typeof value === "object" ? "{" : JSON.stringify(value);
}

function inFileOrder(places: readonly (readonly [number, number])[]): boolean {
  return places.every(
    (place, i) =>
      i === 0 || places[i - 1]![0] < place[0] || (places[i - 1]![0] === place[0] && places[i - 1]![1] <= place[1]),
  );
}

const layouts = {
  "pretty-printed": (value: unknown) => `${JSON.stringify(value, null, 2)}\n`,
  minified: (value: unknown) => `${JSON.stringify(value)}\n`,
  "pretty-printed, wide indent, values on their own line": (value: unknown) =>
    `${JSON.stringify(value, null, 4).replace(/": ([[{"\d-])/g, '":\n        $1')}\n`,
};

const folder = scratchFolder("places");
function write(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

describe.each(Object.entries(layouts))("%s", (layout, print) => {
  describe.each([
    [
      "an xAPI statement",
      statement,
      [
        "XAPI_TIMESTAMP",
        "XAPI_LANGUAGE_TAG",
        "XAPI_IRI",
        "XAPI_SCORE",
        "XAPI_REQUIRED",
        "XAPI_LANGUAGE_TAG",
        "XAPI_MBOX",
      ],
    ],
    [
      "a Caliper GradeEvent",
      gradeEvent,
      ["CALIPER_NO_CONTEXT", "BAD_TIME", "CALIPER_NOT_IRI", "EVENT_ID_NOT_URN_UUID"],
    ],
  ] as const)("%s", (_what, event, codes) => {
    const text = print(event);
    const file = write(`${layout.replaceAll(/\W+/g, "-")}-${codes[0]}.json`, text);

    it("points each finding at the value its pointer names, or at the opening of the object that lacks it", async () => {
      const { diagnostics } = await convert([file]);
      expect(diagnostics.map((d) => d.code).sort()).toEqual([...codes].sort());
      for (const d of diagnostics) {
        const at = offsetOf(text, d.line, d.column!);
        expect(text.slice(at), `${d.code} at ${d.pointer}`).toMatch(
          new RegExp(`^${expectedAt(event, d.pointer!).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
        );
      }
    });

    it("lists the findings in file order, by line then column", async () => {
      const { diagnostics } = await convert([file]);
      expect(diagnostics.map((d) => d.code)).toEqual(codes);
      expect(inFileOrder(diagnostics.map((d) => [d.line, d.column!] as const))).toBe(true);
    });
  });
});

describe("a missing property", () => {
  it("is pointed at the opening brace of the object that lacks it, in a pretty-printed event", async () => {
    const text = layouts["pretty-printed"](statement);
    const { diagnostics } = await convert([write("missing.json", text)]);
    const missing = diagnostics.find((d) => d.code === "XAPI_REQUIRED")!;
    expect(missing.pointer).toBe("/object/id");
    const objectLine = text.split("\n").findIndex((line) => line.startsWith('  "object": {')) + 1;
    expect([missing.line, missing.column]).toEqual([objectLine, '  "object": '.length + 1]);
  });
});

describe("in an NDJSON file and a Caliper envelope", () => {
  it("each event's findings are in file order, and each points at its value", async () => {
    const ndjson =
      [statement, { ...statement, actor: { mbox: "mailto:a@example.com" } }].map((s) => JSON.stringify(s)).join("\n") +
      "\n";
    const envelope = layouts["pretty-printed"]({
      data: [gradeEvent, gradeEvent],
      dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p2",
      sendTime: "2024-05-02T14:03:00.000Z",
      sensor: "https://example.edu/sensor",
    });
    for (const [name, text] of [
      ["events.ndjson", ndjson],
      ["envelope.json", envelope],
    ] as const) {
      const { diagnostics } = await convert([write(name, text)]);
      const byEvent = new Map<number, Diagnostic[]>();
      for (const d of diagnostics) byEvent.set(d.index!, [...(byEvent.get(d.index!) ?? []), d]);
      expect(byEvent.size, name).toBe(2);
      for (const [, ds] of byEvent) expect(inFileOrder(ds.map((d) => [d.line, d.column!] as const)), name).toBe(true);
      const document = name.endsWith(".ndjson") ? undefined : (JSON.parse(text) as unknown);
      for (const d of diagnostics) {
        const lineText = text.split("\n")[d.line - 1]!;
        const own = document ?? (JSON.parse(lineText) as unknown);
        const at = offsetOf(text, d.line, d.column!);
        expect(text.slice(at).startsWith(expectedAt(own, d.pointer!)), `${name} ${d.code} at ${d.pointer}`).toBe(true);
      }
    }
  });
});

describe("more than 100 findings in one event", () => {
  it("lists the first 100 in file order, then the MORE_FINDINGS that counts the rest", async () => {
    // The walk checks the actor first; in the file it comes after 150 bad extension keys.
    const { context, ...rest } = statement;
    const many = {
      context: {
        extensions: Object.fromEntries(Array.from({ length: 150 }, (_, k) => [`notaniri${k}`, k])),
        ...context,
      },
      ...rest,
    };
    const { diagnostics } = await convert([write("many.json", layouts["pretty-printed"](many))]);
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics.slice(0, 100).map((d) => d.pointer)).toEqual(
      Array.from({ length: 100 }, (_, k) => `/context/extensions/notaniri${k}`),
    );
    expect(inFileOrder(diagnostics.slice(0, 100).map((d) => [d.line, d.column!] as const))).toBe(true);
    expect(diagnostics[100]!.code).toBe("MORE_FINDINGS");
    expect(diagnostics[100]!.message).toMatch(/57 more findings.*51 XAPI_IRI.*1 XAPI_MBOX/);
  });
});

describe("every report format", () => {
  const file = write("formats.json", layouts["pretty-printed"](statement));
  const places: Record<string, (out: string) => [number, number][]> = {
    text: (out) =>
      [...out.matchAll(/^[^\n]*?:(\d+):(\d+): (?:error|warning) /gm)].map((m) => [Number(m[1]), Number(m[2])]),
    json: (out) => (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => [d.line, d.column!]),
    github: (out) =>
      [...out.matchAll(/^::(?:error|warning) [^\n]*?line=(\d+),col=(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]),
    junit: (out) =>
      [...out.matchAll(/\.json:(\d+):(\d+): (?:error|warning) /g)].map((m) => [Number(m[1]), Number(m[2])]),
    sarif: (out) =>
      (
        JSON.parse(out) as {
          runs: {
            results: { locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[];
          }[];
        }
      ).runs[0]!.results.map((r) => [
        r.locations[0]!.physicalLocation.region.startLine,
        r.locations[0]!.physicalLocation.region.startColumn,
      ]),
  };
  it.each(Object.keys(places))(
    "%s lists one event's findings in file order, at the same places as json",
    async (format) => {
      const json = (await runCli(["validate", "--format", "json", file])).stdout;
      const all = places.json!(json);
      expect(all).toHaveLength(7);
      expect(inFileOrder(all)).toBe(true);
      // JUnit holds the errors in <failure> and the warnings in <system-out>: each in file order.
      const severities = (JSON.parse(json) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.severity);
      const expected =
        format === "junit"
          ? [...all.filter((_, i) => severities[i] === "error"), ...all.filter((_, i) => severities[i] === "warning")]
          : all;
      const { stdout } = await runCli(["validate", "--format", format, file], {
        env: { GITHUB_STEP_SUMMARY: undefined },
      });
      expect(places[format]!(stdout)).toEqual(expected);
    },
  );
});
