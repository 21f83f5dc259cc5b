/** Profiles, event by event: detection, the rules beyond the schema, and the record each event makes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createChecker, profiles, ruleInfo, type Outcome, type SourcedEvent } from "../src/index.js";
import { ROOT } from "./helpers.js";
import { standards } from "../src/standards/index.js";
import { startOf } from "../src/core/json-scan.js";

const checker = createChecker(standards, profiles);

/** Checks an event as if it were one NDJSON line, so that number texts come from `text`. */
function check(value: unknown, text = JSON.stringify(value)): Outcome {
  const event: SourcedEvent = {
    value,
    at: { file: "test.ndjson", line: 1, index: 0, pointer: "" },
    source: { text, firstLine: 1 },
    anchor: startOf(text, 1),
    entities: new Map(),
  };
  return checker.check(event);
}

function record(value: unknown, text?: string) {
  const outcome = check(value, text);
  if (outcome.kind !== "valid")
    throw new Error(
      `expected a valid event, got ${JSON.stringify(outcome.kind === "invalid" ? outcome.diagnostics : outcome)}`,
    );
  return outcome.record;
}

const codes = (outcome: Outcome) =>
  outcome.kind === "unrecognised" ? [] : outcome.diagnostics.map((d) => `${d.severity} ${d.code}`);

const sample = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, "samples", path), "utf8")) as { data: Record<string, unknown>[] };
const bb11 = sample("valid/bb-calculated-grade/blackboard-docs-v1p1-envelope.json").data[0]!;
const bb10 = sample("valid/bb-calculated-grade/blackboard-docs-v1p0-envelope.json").data[0]!;
const brightspace = JSON.parse(
  readFileSync(join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json"), "utf8"),
) as Record<string, unknown>;

type Json = Record<string, unknown>;
/** A deep copy with `edit` applied, so each row starts from the real sample. */
function edited<T extends Json>(base: T, edit: (e: Json & { object: Json; context: Json }) => void): Json {
  const copy = structuredClone(base) as Json & { object: Json; context: Json };
  edit(copy);
  return copy;
}

describe("bb-calculated-grade", () => {
  it.each([
    ["a zero score is a score", (e: Json & { object: Json }) => (e.object.score = 0), "0"],
    ["a null score is empty", (e: Json & { object: Json }) => (e.object.score = null), null],
    ["an absent score is empty", (e: Json & { object: Json }) => delete e.object.score, null],
    ["a decimal keeps its digits", (e: Json & { object: Json }) => (e.object.score = 39.45205), "39.45205"],
    ["a negative score", (e: Json & { object: Json }) => (e.object.score = -2.5), "-2.5"],
  ])("%s", (_name, edit, score) => {
    expect(record(edited(bb11, edit)).score).toBe(score);
  });

  it.each([
    "1.5000000000000001",
    "0.30000000000000001",
    "123.45678901234567891",
    "-0",
    "-0.0",
    "1e2",
    "2E-7",
    "100.00",
  ])("keeps the score %s exactly as written", (written) => {
    const text = JSON.stringify(edited(bb11, (e) => (e.object.score = 12345))).replace(
      '"score":12345',
      `"score":${written}`,
    );
    expect(record(JSON.parse(text), text).score).toBe(written);
  });

  it("finds values in an event with deeply nested extensions", () => {
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const text = JSON.stringify(
      edited(bb11, (e) => Object.assign(e, { action: "Nope", extensions: { x: 1 } })),
    ).replace('"x":1', `"x":${deep}`);
    const outcome = check(JSON.parse(text), text);
    expect(codes(outcome)).toContain("error ENUM");
  });

  it("keeps a number's text when a double would change it", () => {
    const event = edited(bb11, (e) => (e.object.score = 0));
    const text = JSON.stringify(event)
      .replace('"score":0', '"score":80.50')
      .replace('"syncVersion":329189703', '"syncVersion":9007199254740993');
    const r = record(JSON.parse(text), text);
    expect(r.score).toBe("80.50");
    expect(r.grade_version).toBe("9007199254740993");
  });

  it.each([
    ["bb:user.externalId first", {}, "54b54b42-dd02-42f8-88ed-07bd719bfb7c", []],
    ["then bb:user.id", { "bb:user.externalId": null }, "_12345_1", []],
    [
      "then the IRI, with a warning",
      { "bb:user.externalId": null, "bb:user.id": null },
      "https://caliper-mapping.cloudbb.blackboard.com/v1/sites/54b54b42-dd02-42f8-88ed-07bd719bfb7c/users/b1ea2fccd95144a29e5e906034e4ddee",
      ["warning NO_LEARNER"],
    ],
  ])("the learner: %s", (_name, extensions, user, extra) => {
    const event = edited(bb11, (e) => Object.assign((e.object.user as Json).extensions as Json, extensions));
    expect(record(event).user).toBe(user);
    expect(codes(check(event))).toEqual(["warning EVENT_ID_NOT_URN_UUID", ...extra]);
  });

  it("the course: courseNumber, then bb:course.id, then the IRI with a warning", () => {
    const noNumber = edited(bb11, (e) => delete (e.object.course as Json).courseNumber);
    expect(record(noNumber).course).toBe("_12345_1");
    const iriOnly = edited(bb11, (e) => (e.object.course = "https://example.edu/courses/1"));
    expect(record(iriOnly)).toMatchObject({
      course: "https://example.edu/courses/1",
      course_ref: "https://example.edu/courses/1",
    });
    expect(codes(check(iriOnly))).toContain("warning NO_COURSE");
  });

  it("reads the 1.0 form: @id, @type, synVersion, full-IRI action", () => {
    expect(record(bb10)).toMatchObject({
      course: "CS-101",
      user: "tbrady",
      score: null,
      score_max: "0",
      is_final: true,
      action: "GradeCalculated",
      grade_version: "156525",
      event_id: null,
    });
  });

  it.each([
    [
      "a score above its maximum is a warning",
      (e: Json & { object: Json }) => Object.assign(e.object, { score: 120, scorePossible: 100 }),
      ["warning SCORE_ABOVE_MAX"],
    ],
    [
      "a time without milliseconds is a warning",
      (e: Json) => (e.eventTime = "2021-01-05T08:20:33Z"),
      ["warning TIME_NOT_CALIPER_FORMAT"],
    ],
    [
      "a time with an offset is a warning",
      (e: Json) => (e.eventTime = "2021-01-05T08:20:33.000+02:00"),
      ["warning TIME_NOT_CALIPER_FORMAT"],
    ],
    ["a malformed time is an error", (e: Json) => (e.eventTime = "yesterday"), ["error BAD_TIME"]],
    ["a missing actor is an error (Caliper requires one)", (e: Json) => delete e.actor, ["error REQUIRED"]],
    ["a string score is an error", (e: Json & { object: Json }) => (e.object.score = "85"), ["error SCORE_NOT_NUMBER"]],
    ["a missing itemId is an error", (e: Json & { object: Json }) => delete e.object.itemId, ["error NO_ITEM"]],
    ["a wrong action is an error", (e: Json) => (e.action = "Deleted"), ["error ENUM"]],
  ])("%s", (_name, edit, expected) => {
    const event = edited(bb11, (e) => {
      e.id = "urn:uuid:54b54b42-dd02-42f8-88ed-07bd719bfb7c";
      edit(e);
    });
    expect(codes(check(event))).toEqual(expected);
  });

  it("is detected by its type only", () => {
    expect(check({ ...bb11, type: "GradeEvent" })).not.toMatchObject({ profile: "bb-calculated-grade" });
    expect(check({ ...bb11, type: "http://caliper.blackboard.com/caliper/v1/SomethingElse" }).kind).toBe(
      "unrecognised",
    );
    expect(check({ ...bb11, type: undefined, "@type": bb11.type }).kind).toBe("valid");
  });
});

describe("caliper-grade-event", () => {
  const graded = JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"), "utf8"),
  ) as Json & { generated: Json };
  const withMax = (scoreMax: unknown, itemMax?: unknown) =>
    edited(graded, (e) => {
      (e.generated as Json).maxScore = scoreMax;
      const attempt = e.object as Json & { assignable: Json };
      if (itemMax === undefined) delete attempt.assignable.maxScore;
      else attempt.assignable.maxScore = itemMax;
    });

  it.each([
    [
      "Score.maxScore 0 beside the item's maximum: the item's, with a warning",
      withMax(0, 15),
      "15",
      ["warning MAX_SCORE_FALLBACK"],
    ],
    [
      "Score.maxScore 0 and no item maximum: no maximum, with a warning (not silently)",
      withMax(0),
      null,
      ["warning MAX_SCORE_UNKNOWN"],
    ],
    [
      "Score.maxScore -5 and no item maximum: no maximum, with a warning",
      withMax(-5),
      null,
      ["warning MAX_SCORE_UNKNOWN"],
    ],
    [
      "Score.maxScore 0 and the item's 0 too: no maximum (not 0, with every score above it), with a warning",
      withMax(0, 0),
      null,
      ["warning MAX_SCORE_UNKNOWN"],
    ],
    [
      "no Score.maxScore and the item's -3: no maximum, with a warning",
      withMax(undefined, -3),
      null,
      ["warning MAX_SCORE_UNKNOWN"],
    ],
    ["no maxScore anywhere: no maximum, and nothing to say", withMax(undefined), null, []],
  ])("%s", (_name, event, scoreMax, expected) => {
    if ((event.generated as Json).maxScore === undefined) delete (event.generated as Json).maxScore;
    expect(codes(check(event)).filter((c) => !c.includes("TIME_NOT_CALIPER_FORMAT"))).toEqual(expected);
    expect(record(event).score_max).toBe(scoreMax);
  });
});

describe("a score too large for a double (1e400 parses to Infinity)", () => {
  it("a GradeEvent whose Score is described beside it with a score that is no finite number is invalid, not written", () => {
    const graded = JSON.parse(
      readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"), "utf8"),
    ) as Json & { generated: Json & { id: string } };
    for (const [scoreGiven, shown] of [
      [Infinity, "Infinity"],
      ["10", 'the string "10"'],
    ] as const) {
      const score = { ...graded.generated, scoreGiven };
      const event = { ...graded, generated: score.id };
      const text = JSON.stringify(event);
      const outcome = checker.check({
        value: event,
        at: { file: "t.json", line: 1, index: 0, pointer: "/data/1" },
        source: { text, firstLine: 1 },
        anchor: startOf(text, 1),
        entities: new Map([[score.id, { entity: score, pointer: "/data/0" }]]),
      });
      expect(outcome.kind).toBe("invalid");
      expect(
        outcome.kind === "invalid" &&
          outcome.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message]),
      ).toEqual([
        [
          "SCORE_NOT_NUMBER",
          `the Score ${score.id} (described beside the event) has scoreGiven ${shown}: it must be a finite number`,
        ],
      ]);
    }
  });

  it("a key twice in an entity describe is DUPLICATE_KEY, as in an event", () => {
    const text = '{"id": "https://example.edu/scores/1", "type": "Score", "scoreGiven": 5, "scoreGiven": 50}';
    const describe = checker.checkDescribe({
      value: JSON.parse(text),
      at: { file: "test.json", line: 1, index: -1, pointer: "" },
      source: { text, firstLine: 1 },
      anchor: startOf(text, 1),
      entities: new Map(),
    });
    expect(describe.map((d) => [d.code, d.pointer])).toEqual([["DUPLICATE_KEY", "/scoreGiven"]]);
  });

  it("a key three times in one object is one DUPLICATE_KEY, not one per repeat", () => {
    const text =
      '{"id": "https://example.edu/scores/1", "type": "Score", "scoreGiven": 5, "scoreGiven": 50, "scoreGiven": 500}';
    const describe = checker.checkDescribe({
      value: JSON.parse(text),
      at: { file: "test.json", line: 1, index: -1, pointer: "" },
      source: { text, firstLine: 1 },
      anchor: startOf(text, 1),
      entities: new Map(),
    });
    expect(describe.map((d) => [d.code, d.pointer])).toEqual([["DUPLICATE_KEY", "/scoreGiven"]]);
  });

  it("is SCORE_NOT_NUMBER saying a finite number is needed, in a GradeEvent's Score and in a described Score", () => {
    const graded = readFileSync(
      join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"),
      "utf8",
    ).replace('"scoreGiven": 10.0', '"scoreGiven": 1e400');
    const outcome = check(JSON.parse(graded), graded);
    expect(outcome.kind === "invalid" && outcome.diagnostics.map((d) => d.message)).toEqual([
      "generated.scoreGiven must be a finite number",
    ]);
    const text = '{"id": "https://example.edu/scores/1", "type": "Score", "scoreGiven": 1e400}';
    const describe = checker.checkDescribe({
      value: JSON.parse(text),
      at: { file: "test.json", line: 1, index: -1, pointer: "" },
      source: { text, firstLine: 1 },
      anchor: startOf(text, 1),
      entities: new Map(),
    });
    expect(describe.map((d) => d.message)).toEqual(["Score.scoreGiven must be a finite number, not Infinity"]);
  });
});

describe("brightspace-grade", () => {
  const ACTIVITY = "https://api.brightspace.com/xapi/activities/tools/grade";
  const VERB = "https://api.brightspace.com/xapi/verbs/";
  it.each([
    ["item", "updated", false],
    ["item", "released", false],
    ["overall", "updated", true],
    ["final", "predicted", false],
  ])("is_final for a %s grade %s", (kind, verb, isFinal) => {
    const type = kind === "overall" ? ACTIVITY : `${ACTIVITY}/${kind}`;
    const event = edited(brightspace, (e) => {
      (e.object.definition as Json).type = type;
      (e.verb as Json).id = VERB + verb;
    });
    expect(record(event)).toMatchObject({ is_final: isFinal, action: verb });
  });

  it("puts the editor in actor, never in user, and leaves score empty", () => {
    expect(record(brightspace)).toMatchObject({
      user: null,
      user_ref: null,
      score: null,
      actor: "1234",
      actor_ref: "urn:uuid:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    });
  });

  it("falls back to the account name when the actor extension is missing", () => {
    const event = edited(
      brightspace,
      (e) => delete (e.context.extensions as Json)["https://api.brightspace.com/xapi/extension_keys/context/actor"],
    );
    expect(record(event).actor).toBe("urn:uuid:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
  });

  it("keeps a numeric orgUnitId as written", () => {
    const text = JSON.stringify(brightspace).replace('"orgUnitId":"6606"', '"orgUnitId":123456789012345678');
    expect(record(JSON.parse(text), text).course).toBe("123456789012345678");
  });

  it("is not detected without a Brightspace grade activity type", () => {
    const event = edited(
      brightspace,
      (e) => ((e.object.definition as Json).type = "http://adlnet.gov/expapi/activities/assessment"),
    );
    expect(check(event)).toMatchObject({
      kind: "unrecognised",
      label: "xAPI statement, verb https://api.brightspace.com/xapi/verbs/updated",
    });
  });

  it("holds the statement to xAPI's base rules: a statement id must be a UUID", () => {
    expect(codes(check({ ...brightspace, id: "42" }))).toEqual(["error XAPI_UUID"]);
  });
});

describe("every profile", () => {
  it.each(profiles.map((p) => [p.id, p] as const))("%s uses only known rule codes in its schema", (_id, profile) => {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === "object")
        for (const [key, value] of Object.entries(node)) {
          if (key === "x-code") found.push(String(value));
          walk(value);
        }
    };
    walk(profile.schema);
    for (const code of found) expect(Object.keys(ruleInfo)).toContain(code);
  });

  it("ids are unique", () => {
    expect(new Set(profiles.map((p) => p.id)).size).toBe(profiles.length);
  });
});

describe("a bug in a profile", () => {
  it("costs one event, reported as INTERNAL_ERROR, and the run exits 3", async () => {
    const { grade, readInputs, exitCodeOf } = await import("../src/index.js");
    const broken = {
      ...profiles.find((p) => p.id === "brightspace-grade")!,
      flatten: () => {
        throw new TypeError("boom");
      },
    };
    const run = grade(
      readInputs([
        join(ROOT, "samples/valid/bb-calculated-grade/nightly-envelopes.ndjson"),
        join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json"),
      ]),
      {
        profiles: [broken, ...profiles.filter((p) => p.id !== "brightspace-grade")],
      },
    );
    const codes: string[] = [];
    let records = 0;
    for await (const item of run.items) {
      if (item.kind === "record") records++;
      if (item.kind === "diagnostic") codes.push(item.diagnostic.code);
    }
    expect(records).toBe(4);
    expect(codes).toContain("INTERNAL_ERROR");
    expect(run.summary.internalErrors).toBe(1);
    expect(exitCodeOf(run.summary)).toBe(3);
  });
});

describe("judging without flattening (validate)", () => {
  it("gives every sample event the verdict and diagnostics check gives, without its record", async () => {
    const { readInputs } = await import("../src/index.js");
    let events = 0;
    for await (const item of readInputs([join(ROOT, "samples")])) {
      if (item.kind !== "event") continue;
      events++;
      const { record, ...judged } = { record: undefined, ...checker.judge(item.event) };
      const { record: built, ...checked } = { record: undefined, ...checker.check(item.event) };
      expect(judged).toEqual(checked);
      expect(record).toBeUndefined();
      if (checked.kind === "valid") expect(built).toBeDefined();
    }
    expect(events).toBeGreaterThan(100);
  });

  it("validate builds no record: a flatten that throws is convert's INTERNAL_ERROR only", async () => {
    const { validate, convert } = await import("../src/index.js");
    const broken = {
      ...profiles.find((p) => p.id === "brightspace-grade")!,
      flatten: () => {
        throw new TypeError("boom");
      },
    };
    const options = { profiles: [broken, ...profiles.filter((p) => p.id !== "brightspace-grade")] };
    const file = join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json");
    const validated = await validate([file], options);
    expect(validated.summary.valid).toBe(1);
    expect(validated.diagnostics).toEqual([]);
    const converted = await convert([file], options);
    expect(converted.summary.internalErrors).toBe(1);
  });
});

describe("a bug in a standard's base rules or in detection", () => {
  const event = JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"), "utf8"),
  ) as unknown;
  const throwing = (part: "check" | "detect") =>
    standards.map((s) =>
      s.id === "caliper"
        ? {
            ...s,
            [part]: () => {
              throw new RangeError("Maximum call stack size exceeded");
            },
          }
        : s,
    );
  it.each(["check", "detect"] as const)("a %s that throws costs one event (INTERNAL_ERROR), not the run", (part) => {
    const text = JSON.stringify(event);
    const outcome = createChecker(throwing(part), profiles).check({
      value: event,
      at: { file: "t", line: 1, index: 0, pointer: "" },
      source: { text, firstLine: 1 },
      anchor: startOf(text, 1),
      entities: new Map(),
    });
    expect(outcome.kind).toBe("invalid");
    expect(codes(outcome)).toEqual(["error INTERNAL_ERROR"]);
  });
});

describe("xAPI version", () => {
  it("a statement that says 1.0.x is judged as 1.0.3 even with --xapi-version 2.0 (found in review)", async () => {
    const { createChecker: make } = await import("../src/index.js");
    const v2 = JSON.parse(
      readFileSync(join(ROOT, "samples/valid/xapi-score/xapi-2.0-context-agents.json"), "utf8"),
    ) as Record<string, unknown>;
    const said103 = { ...v2, version: "1.0.3" };
    const text = JSON.stringify(said103);
    const event: SourcedEvent = {
      value: said103,
      at: { file: "t", line: 1, index: 0, pointer: "" },
      source: { text, firstLine: 1 },
      anchor: startOf(text, 1),
      entities: new Map(),
    };
    const outcome = make(standards, profiles, { xapiVersion: "2.0" }).check(event);
    expect(codes(outcome)).toContain("error XAPI_UNKNOWN_PROPERTY");
  });
});

describe("Caliper base rules on every entity (found in review)", () => {
  const graded = JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"), "utf8"),
  ) as Record<string, unknown>;
  it.each([
    ["a malformed entity time", (e: Json & { object: Json }) => (e.object.dateCreated = "yesterday"), "error BAD_TIME"],
    ["a reference that is not an IRI", (e: Json) => (e.actor = "not an iri"), "error CALIPER_NOT_IRI"],
    [
      "an entity id that is not an IRI",
      (e: Json & { object: Json }) => ((e.object.assignee as Json).id = "554433"),
      "error CALIPER_NOT_IRI",
    ],
  ])(
    "%s is an error, with or without --strict (MUST-level rules of every entity: issue 13)",
    (_name, edit, expected) => {
      const event = edited(graded, edit);
      expect(codes(check(event))).toContain(expected);
      const text = JSON.stringify(event);
      const strict = createChecker(standards, profiles, { strict: true }).check({
        value: event,
        at: { file: "t", line: 1, index: 0, pointer: "" },
        source: { text, firstLine: 1 },
        anchor: startOf(text, 1),
        entities: new Map(),
      });
      expect(codes(strict)).toContain(expected.replace("warning", "error"));
    },
  );
});
