/** --dedupe and --latest: which events are the same, which conflict, which record is the newest. */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalText, parseTree } from "../src/repeats/canonical.js";
import { canonicalDecimal, compareDecimals } from "../src/core/decimal.js";
import { compareInstants, instantOf } from "../src/core/instant.js";
import { holdEvents } from "../src/repeats/repeats.js";
import { tapeInMemory } from "../src/repeats/tape.js";
import { convert, grade, readInputs, type Diagnostic, type GradeRecord, type Summary } from "../src/index.js";
import { ROOT, runCli, scratchFolder } from "./helpers.js";

const scratch = () => scratchFolder("repeats");

/** A Caliper 1.0 OutcomeEvent: no event id, so its content is its identity. */
const CALIPER_1_0 = JSON.stringify(
  JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-outcome-event/caliperspec-v1p0-outcomeevent-graded.json"), "utf8"),
  ),
);

const canonical = (json: string) => canonicalText(parseTree(json, 0));

describe("canonical content", () => {
  it.each([
    ['{"a":1,"b":[true,null]}', '{ "b" : [ true , null ] ,\n "a" : 1 }'],
    ['{"s":"A\\u00e9\\\\"}', '{"s":"\\u0041é\\\\"}'],
    ['{"n":1}', '{"n":1.0}'],
    ['{"n":1}', '{"n":10e-1}'],
    ['{"n":0}', '{"n":-0.0}'],
    ['{"k":2}', '{"k":1,"k":2}'], // the last of duplicate keys, as JSON.parse
    ['{"__proto__":1}', '{"__proto__":1.00}'],
  ])("%s and %s are the same content", (a, b) => {
    expect(canonical(a)).toBe(canonical(b));
  });

  it.each([
    ['{"n":1}', '{"n":1.0000000000000000001}'], // one double, two numbers
    ['{"n":12345678901234567890}', '{"n":12345678901234567891}'],
    ['{"s":"a"}', '{"s":"A"}'],
    ['{"a":[1,2]}', '{"a":[2,1]}'],
    ['{"a":"1"}', '{"a":1}'],
  ])("%s and %s are not", (a, b) => {
    expect(canonical(a)).not.toBe(canonical(b));
  });

  it("compares decimals exactly, whatever their length", () => {
    expect(compareDecimals("12345678901234567891", "12345678901234567890")).toBeGreaterThan(0);
    expect(compareDecimals("1.5", "15e-1")).toBe(0);
    expect(compareDecimals("-2", "1")).toBeLessThan(0);
    expect(compareDecimals("-2", "-10")).toBeGreaterThan(0);
    expect(compareDecimals("0.001", "0.01")).toBeLessThan(0);
    expect(compareDecimals("0", "-0.0")).toBe(0);
    expect(compareDecimals("1e400", "9e399")).toBeGreaterThan(0);
    expect(compareDecimals("x", "1")).toBeNull();
    expect(canonicalDecimal("-12.50")).toBe(canonicalDecimal("-1.25e1"));
  });

  it("reads and writes 100 000 levels without recursion", () => {
    const deep = `{"x":${"[".repeat(100_000)}{"b":1,"a":2}${"]".repeat(100_000)}}`;
    expect(canonical(deep)).toBe(`{"x":${"[".repeat(100_000)}{"a":0.2e1,"b":0.1e1}${"]".repeat(100_000)}}`);
  });
});

describe("events without an id", () => {
  it("an event 100 000 levels deep is compared without running out of stack", async () => {
    const depth = 100_000;
    const deep = CALIPER_1_0.replace('"extensions":{}', `"extensions":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    expect(deep).not.toBe(CALIPER_1_0);
    const file = join(scratch(), "deep.ndjson");
    writeFileSync(file, `${deep}\n${deep}\n`);
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\(rejected: 0 invalid, 1 duplicate,/);
  }, 60_000);
});

describe("voiding", () => {
  const [grade1, grade2, voiding] = readFileSync(join(ROOT, "test/fixtures/options/xapi-with-voided.ndjson"), "utf8")
    .trimEnd()
    .split("\n") as [string, string, string];

  it("only a statement gradeev accepts voids: an invalid voiding statement voids nothing", async () => {
    // xAPI-Data.md §2.3.2: voided when the LRS "also contains a voiding Statement"; it contains none it refused.
    const file = join(scratch(), "invalid-voiding.ndjson");
    writeFileSync(file, [grade1, grade2, voiding.replace("mailto:admin@", "admin@")].join("\n"));
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    expect(result.stderr).toMatch(/error XAPI_MBOX/);
    expect(result.stdout).toBe("user\nu1\nu2\n");
    expect(result.stderr).toMatch(/^3 read = 2 written \+ 1 rejected \+ 0 unrecognised$/m);
  });

  it("a voiding statement no profile knows still voids under --fail-on-unknown: an LRS would accept it", async () => {
    const result = await runCli([
      "convert",
      "test/fixtures/options/xapi-with-voided.ndjson",
      "--dedupe",
      "--fail-on-unknown",
      "--columns",
      "user",
    ]);
    expect(result.stderr).toMatch(/error UNRECOGNISED/);
    expect(result.stdout).toBe("user\nu2\n");
  });
});

/** An event as plain JSON, edited in place: `any` keeps each edit one line. */
type Json = any;
const [XAPI_GRADE] = readFileSync(join(ROOT, "test/fixtures/options/xapi-with-voided.ndjson"), "utf8").split("\n") as [
  string,
];
const CALIPER_GRADE = JSON.stringify(
  JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"), "utf8"),
  ),
);
const edited = (json: string, edit: (event: Json) => void): string => {
  const event = JSON.parse(json) as unknown;
  edit(event);
  return JSON.stringify(event);
};

/** Each list of lines is one file, a.ndjson, b.ndjson, … */
function files(...contents: string[][]): string[] {
  const dir = scratch();
  return contents.map((lines, k) => {
    const file = join(dir, `${"abcdefgh"[k]}.ndjson`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  });
}

interface Outcome {
  records: GradeRecord[];
  /** "file:line" → reason, or "record" for what was converted. */
  verdicts: Record<string, string>;
  diagnostics: Diagnostic[];
  summary: Summary;
}

async function dedupe(paths: string[], options: { latest?: boolean } = {}): Promise<Outcome> {
  const run = grade(readInputs(paths), { dedupe: true, ...options });
  const outcome: Outcome = { records: [], verdicts: {}, diagnostics: [], summary: run.summary };
  for await (const item of run.items) {
    if (item.kind === "record") {
      outcome.records.push(item.record);
      outcome.verdicts[`${item.event.at.file.split("/").at(-1)}:${item.event.at.line}`] = "record";
    } else if (item.kind === "reject") outcome.verdicts[`${item.file.split("/").at(-1)}:${item.line}`] = item.reason;
    else if (item.kind === "diagnostic") outcome.diagnostics.push(item.diagnostic);
  }
  return outcome;
}

/** The same files in both orders give the same records and verdicts. */
async function bothOrders(paths: string[], options: { latest?: boolean } = {}): Promise<Outcome> {
  const forward = await dedupe(paths, options);
  const backward = await dedupe([...paths].reverse(), options);
  const rows = (o: Outcome) => o.records.map((r) => JSON.stringify(r)).sort();
  expect(rows(backward)).toEqual(rows(forward));
  expect(backward.verdicts).toEqual(forward.verdicts);
  expect(backward.summary.dropped).toEqual(forward.summary.dropped);
  return forward;
}

const codes = (o: Outcome) => o.diagnostics.map((d) => d.code).filter((c) => c === "ID_CONFLICT");

describe("same id: a duplicate or a conflict (xAPI-Data.md §2.3.1, Statement Comparison Requirements)", () => {
  const other = edited(XAPI_GRADE, (s) => (s.result.score.raw = 9));

  it("same id, other content, in two files: neither is converted, whichever comes first, and each is reported", async () => {
    const outcome = await bothOrders(files([XAPI_GRADE], [other]));
    expect(outcome.records).toEqual([]);
    expect(outcome.verdicts).toEqual({ "a.ndjson:1": "conflict", "b.ndjson:1": "conflict" });
    expect(outcome.summary.dropped).toMatchObject({ duplicate: 0, conflict: 2 });
    expect(outcome.diagnostics).toMatchObject([
      {
        code: "ID_CONFLICT",
        severity: "error",
        line: 1,
        column: 7,
        pointer: "/id",
        eventId: "9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c401",
      },
      { code: "ID_CONFLICT", severity: "error", line: 1, column: 7, pointer: "/id" },
    ]);
    expect(outcome.diagnostics[0]!.message).toMatch(/b\.ndjson:1/);
    expect(outcome.summary.errors).toBe(2);
  });

  it("the same id three times with two contents: none of the three is converted", async () => {
    const outcome = await bothOrders(files([XAPI_GRADE, other], [XAPI_GRADE]));
    expect(outcome.verdicts).toEqual({ "a.ndjson:1": "conflict", "a.ndjson:2": "conflict", "b.ndjson:1": "conflict" });
    expect(codes(outcome)).toHaveLength(3);
  });

  it("ids are UUIDs, whatever their case (RFC 4122 §3): a different event with the id in capitals conflicts", async () => {
    const upper = edited(other, (s) => (s.id = s.id.toUpperCase()));
    const outcome = await bothOrders(files([XAPI_GRADE], [upper]));
    expect(outcome.verdicts).toEqual({ "a.ndjson:1": "conflict", "b.ndjson:1": "conflict" });
  });

  it("numbers compare as exact decimals: 1.0000000000000000001 is not 1, though one double holds both", async () => {
    const one = edited(XAPI_GRADE, (s) => (s.result.score.raw = 1));
    const almost = one.replace('"raw":1,', '"raw":1.0000000000000000001,');
    expect(almost).not.toBe(one);
    const outcome = await bothOrders(files([one], [almost]));
    expect(outcome.verdicts).toEqual({ "a.ndjson:1": "conflict", "b.ndjson:1": "conflict" });
    const same = await bothOrders(files([one], [one.replace('"raw":1,', '"raw":1.000,')]));
    expect(Object.values(same.verdicts).sort()).toEqual(["duplicate", "record"]);
  });

  it.each<[string, (s: Json) => void]>([
    [
      "its members in another order",
      (s) => {
        const reversed = Object.entries(s).reverse();
        for (const [key] of reversed) delete s[key];
        Object.assign(s, Object.fromEntries(reversed));
      },
    ],
    [
      "another stored, authority and version (set by the LRS)",
      (s) =>
        Object.assign(s, {
          stored: "2030-01-01T00:00:00Z",
          authority: { mbox: "mailto:lrs@example.org" },
          version: "1.0.3",
        }),
    ],
    [
      "its timestamp written in another zone, or cut to milliseconds",
      (s) => (s.timestamp = "2024-01-01T02:00:01.0009+02:00"),
    ],
    ["no timestamp (the LRS fills it in)", (s) => delete s.timestamp],
    [
      "its verb's display, and its activities' definitions (not part of the statement)",
      (s) => {
        s.verb.display = { "en-US": "scored" };
        s.object.definition = { name: { en: "Quiz 1" } };
        s.context.contextActivities.grouping[0].definition.name = { en: "y" };
      },
    ],
    [
      "the objectType an LRS adds where the spec gives it (Activity, Agent)",
      (s) => {
        s.object.objectType = "Activity";
        s.actor.objectType = "Agent";
      },
    ],
    [
      "a contextActivities value as one object, not an array of one",
      (s) => (s.context.contextActivities.grouping = s.context.contextActivities.grouping[0]),
    ],
    ["the id in capitals", (s) => (s.id = s.id.toUpperCase())],
    [
      "attachments (not part of the statement)",
      (s) =>
        (s.attachments = [
          {
            usageType: "http://example.com/a",
            display: { en: "a" },
            contentType: "text/plain",
            length: 1,
            sha2: "a".repeat(64),
          },
        ]),
    ],
  ])("an xAPI statement with %s is a duplicate", async (_, edit) => {
    const outcome = await bothOrders(files([XAPI_GRADE], [edited(XAPI_GRADE, edit)]));
    expect(Object.values(outcome.verdicts).sort()).toEqual(["duplicate", "record"]);
    expect(codes(outcome)).toEqual([]);
  });

  it("of duplicates, the record kept is chosen by time, not by which file came first: a dated one over an undated one", async () => {
    const undated = edited(XAPI_GRADE, (s) => delete s.timestamp);
    for (const order of [
      [[XAPI_GRADE], [undated]],
      [[undated], [XAPI_GRADE]],
    ]) {
      const outcome = await dedupe(files(...order));
      expect(outcome.records.map((r) => r.event_time)).toEqual(["2024-01-01T00:00:01.000Z"]);
    }
  });

  const withGroup = (members: object[]) => (s: Json) =>
    (s.context.instructor = { objectType: "Group", member: members });
  const a = { mbox: "mailto:a@example.edu" };
  const b = { mbox: "mailto:b@example.edu" };

  it.each<[string, (s: Json) => void, (s: Json) => void]>([
    ["a Group's members in another order", withGroup([a, b]), withGroup([b, a])],
    [
      "an mbox's domain in capitals",
      (s) => (s.context.instructor = a),
      (s) => (s.context.instructor = { mbox: "mailto:a@EXAMPLE.edu" }),
    ],
    [
      "the registration UUID in capitals",
      (s) => (s.context.registration = "ec531277-b57b-4c15-8d91-d292c5b2b8f7"),
      (s) => (s.context.registration = "EC531277-B57B-4C15-8D91-D292C5B2B8F7"),
    ],
  ])("an xAPI statement with %s is a duplicate", async (_, first, second) => {
    const outcome = await bothOrders(files([edited(XAPI_GRADE, first)], [edited(XAPI_GRADE, second)]));
    expect(Object.values(outcome.verdicts).sort()).toEqual(["duplicate", "record"]);
  });

  it.each<[string, (s: Json) => void]>([
    ["another timestamp", (s) => (s.timestamp = "2024-01-01T00:00:02.000Z")],
    ["an mbox's name in capitals", (s) => (s.context.instructor = { mbox: "mailto:A@example.edu" })],
    ["another result duration, though the same time (compared as text)", (s) => (s.result.duration = "PT60M")],
    ["a member left out of a Group", withGroup([a])],
  ])("an xAPI statement with %s conflicts", async (_, edit) => {
    const first = edited(XAPI_GRADE, (s) => {
      s.result.duration = "PT1H";
      withGroup([a, b])(s);
    });
    const outcome = await bothOrders(files([first], [edited(first, edit)]));
    expect(outcome.verdicts).toEqual({ "a.ndjson:1": "conflict", "b.ndjson:1": "conflict" });
  });

  it("a Caliper event is compared the same way: its eventTime as an instant, nothing else ignored", async () => {
    const sameTime = edited(CALIPER_GRADE, (e) => (e.eventTime = "2016-11-15T11:57:06+01:00"));
    const duplicate = await bothOrders(files([CALIPER_GRADE], [sameTime]));
    expect(Object.values(duplicate.verdicts).sort()).toEqual(["duplicate", "record"]);
    const other = edited(CALIPER_GRADE, (e) => (e.generated.scoreGiven = 9));
    const conflict = await bothOrders(files([CALIPER_GRADE], [other]));
    expect(conflict.verdicts).toEqual({ "a.ndjson:1": "conflict", "b.ndjson:1": "conflict" });
    const bare = edited(other, (e) => (e.id = e.id.replace("urn:uuid:", "").toUpperCase()));
    const uuid = await bothOrders(files([CALIPER_GRADE], [bare]));
    expect(Object.values(uuid.verdicts)).toEqual(["conflict", "conflict"]); // one UUID, with or without urn:uuid:
  });

  it("an id that is no UUID is compared as written (RFC 3987 §5.3.1); an xAPI and a Caliper id never meet", async () => {
    const upper = edited(CALIPER_GRADE, (e) => ((e.id = "https://example.edu/events/A"), (e.generated.scoreGiven = 9)));
    const lower = edited(CALIPER_GRADE, (e) => (e.id = "https://example.edu/events/a"));
    expect(Object.values((await bothOrders(files([upper], [lower]))).verdicts)).toEqual(["record", "record"]);
    const sameUuid = edited(CALIPER_GRADE, (e) => (e.id = `urn:uuid:${JSON.parse(XAPI_GRADE).id}`));
    expect(Object.values((await bothOrders(files([XAPI_GRADE], [sameUuid]))).verdicts)).toEqual(["record", "record"]);
  });

  it("a statement sharing its id with a voiding statement voids nothing, and is not converted", async () => {
    const voiding = JSON.stringify({
      id: "9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c401",
      actor: { mbox: "mailto:admin@example.edu" },
      verb: { id: "http://adlnet.gov/expapi/verbs/voided" },
      object: { objectType: "StatementRef", id: "9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c402" },
    });
    const target = edited(XAPI_GRADE, (s) => (s.id = "9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c402"));
    const outcome = await bothOrders(files([XAPI_GRADE, target], [voiding]));
    expect(outcome.verdicts).toEqual({
      "a.ndjson:1": "conflict",
      "a.ndjson:2": "record",
      "b.ndjson:1": "unrecognised",
    });
    expect(outcome.diagnostics.filter((d) => d.code === "ID_CONFLICT").map((d) => d.severity)).toEqual([
      "error",
      "warning",
    ]);
  });

  it("20 000 events sharing one id are judged in one pass, not one per pair (found in review: 3 minutes)", async () => {
    const lines = Array.from({ length: 20_000 }, (_, k) => edited(XAPI_GRADE, (s) => (s.result.score.raw = k % 10)));
    const started = Date.now();
    const outcome = await dedupe(files(lines));
    expect(outcome.summary.dropped.conflict).toBe(20_000);
    expect(outcome.diagnostics.at(-1)!.message).toMatch(
      /also that of 19999 other events \(.*a\.ndjson:1, .*a\.ndjson:2, .*a\.ndjson:3 and 19996 more\)/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it("the command line: exit 1, the code in the diagnostics and in the rejects file, the count in the summary", async () => {
    const paths = files([XAPI_GRADE], [other]);
    const rejects = join(scratch(), "rejects.ndjson");
    const result = await runCli(["convert", ...paths, "--dedupe", "--rejects", rejects]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a\.ndjson:1:7: error ID_CONFLICT: /);
    expect(result.stderr).toMatch(
      /^2 read = 0 written \+ 2 rejected \+ 0 unrecognised \(rejected: 0 invalid, 0 duplicate, 2 conflicting, 0 voided, 0 superseded\)$/m,
    );
    const lines = readFileSync(rejects, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { reason: string; diagnostics: { code: string }[] });
    expect(lines.map((l) => [l.reason, l.diagnostics.map((d) => d.code)])).toEqual([
      ["conflict", ["ID_CONFLICT"]],
      ["conflict", ["ID_CONFLICT"]],
    ]);
    const json = await runCli(["convert", ...paths, "--latest", "--format", "json", "-o", join(scratch(), "out.csv")]);
    expect((JSON.parse(json.stderr) as { summary: Summary }).summary.dropped).toEqual({
      duplicate: 0,
      conflict: 2,
      voided: 0,
      superseded: 0,
    });
  });

  it("the library's convert gives what the command line does, and so does --jobs 2", async () => {
    const paths = files(
      [XAPI_GRADE, edited(XAPI_GRADE, (s) => (s.stored = "2030-01-01T00:00:00Z"))],
      [other, edited(other, (s) => (s.id = "00000000-0000-4000-8000-000000000001"))],
    );
    const library = await convert(paths, { dedupe: true });
    expect(library.records.map((r) => r.score)).toEqual(["9"]);
    expect(library.summary.dropped).toEqual({ duplicate: 0, conflict: 3, voided: 0, superseded: 0 });
    for (const jobs of ["1", "2"]) {
      const cli = await runCli([
        "convert",
        ...paths,
        "--dedupe",
        "--columns",
        "event_id,score",
        "--no-header",
        "--jobs",
        jobs,
      ]);
      expect(cli.stdout).toBe(library.records.map((r) => `${r.event_id},${r.score}\n`).join(""));
      expect(cli.code).toBe(1);
    }
  });
});

describe("instants", () => {
  const order = (a: string, b: string) => Math.sign(compareInstants(instantOf(a)!, instantOf(b)!));
  it.each([
    ["2026-01-01T10:00:00+02:00", "2026-01-01T09:00:00Z", -1],
    ["2026-01-01T09:00:00.5Z", "2026-01-01T09:00:00.500000Z", 0],
    ["2026-01-01T09:00:00.1234567891Z", "2026-01-01T09:00:00.123456789Z", 1],
    ["2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z", 1], // a leap second
    ["2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z", -1],
    ["2024-01-01T24:00:00Z", "2024-01-02T00:00:00Z", 0], // ISO 8601 midnight at the end of a day
    ["20240101T100000+0100", "2024-01-01T09:00:00Z", 0], // basic format
    ["2024-01-01T09:00Z", "2024-01-01t09:00:00,0z", 0], // no seconds; a comma; lower case
    ["2024-01-01T09:00:00", "2024-01-01T09:00:00Z", 0], // no zone: UTC
    ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", -1],
    ["1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", -1],
  ])("%s against %s: %i", (a, b, expected) => {
    expect(order(a, b)).toBe(expected);
    expect(order(b, a)).toBe(-expected || 0);
  });

  it("is null for what is no time", () => {
    expect(instantOf("yesterday")).toBeNull();
    expect(instantOf("")).toBeNull();
  });
});

describe("--latest: one total order, whatever the order of the files", () => {
  /** One Blackboard grade for learner s1001, item _5001_1, as a one-event envelope line. */
  const [NIGHTLY] = readFileSync(join(ROOT, "test/fixtures/options/nightly-1.ndjson"), "utf8").split("\n") as [string];
  const bb = (id: string, edit: (event: Json) => void) =>
    edited(NIGHTLY, (envelope) => {
      const event = envelope.data[0];
      event.id = `urn:uuid:7f3c2a10-5b6d-4e8f-9a0b-1c2d3e4f${id}`;
      edit(event);
    });
  const kept = async (lines: string[][]) => {
    const outcome = await bothOrders(files(...lines), { latest: true });
    return outcome.records.map((r) => r.score);
  };

  it("compares times as instants: +02:00 at 10:00 is before 09:00Z", async () => {
    expect(
      await kept([
        [bb("9001", (e) => ((e.eventTime = "2026-01-01T10:00:00.000+02:00"), (e.object.score = 1)))],
        [bb("9002", (e) => ((e.eventTime = "2026-01-01T09:00:00.000Z"), (e.object.score = 2)))],
      ]),
    ).toEqual(["2"]);
  });

  it("compares fractions of a second of any length exactly", async () => {
    const at = (time: string, score: number) =>
      bb(`900${score}`, (e) => ((e.eventTime = time), (e.object.score = score)));
    expect(await kept([[at("2026-01-01T09:00:00.0002Z", 2)], [at("2026-01-01T09:00:00.0001Z", 1)]])).toEqual(["2"]);
    expect(await kept([[at("2026-01-01T09:00:00.5Z", 5)], [at("2026-01-01T09:00:00.49999999Z", 4)]])).toEqual(["5"]);
  });

  it("at the same time, the higher version, compared exactly: 20-digit counters one apart", async () => {
    const version = (v: string, score: number) =>
      bb(`900${score}`, (e) => (e.object.score = score)).replace(/"syncVersion":\d+/, `"syncVersion":${v}`);
    expect(await kept([[version("12345678901234567891", 2)], [version("12345678901234567890", 1)]])).toEqual(["2"]);
  });

  it("at the same time and version, the content decides, not the position", async () => {
    expect(
      await kept([[bb("9001", (e) => (e.object.score = 1))], [bb("9002", (e) => (e.object.score = 2))]]),
    ).toHaveLength(1);
  });

  it("an undated record is older than any dated one", async () => {
    const undated = edited(
      XAPI_GRADE,
      (s) => ((s.id = "00000000-0000-4000-8000-000000000001"), delete s.timestamp, (s.result.score.raw = 9)),
    );
    const dated = edited(XAPI_GRADE, (s) => (s.timestamp = "1970-01-01T00:00:00Z"));
    expect(await kept([[undated], [dated]])).toEqual(["4"]);
  });

  it("a time without a zone is UTC on every machine", async () => {
    const local = edited(XAPI_GRADE, (s) => (s.timestamp = "2024-01-01T10:00:00"));
    const utc = edited(
      XAPI_GRADE,
      (s) => (
        (s.id = "00000000-0000-4000-8000-000000000001"),
        (s.timestamp = "2024-01-01T09:30:00Z"),
        (s.result.score.raw = 9)
      ),
    );
    for (const TZ of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
      const result = await runCli(
        ["convert", ...files([local], [utc]), "--latest", "--columns", "score", "--no-header"],
        { env: { TZ } },
      );
      expect(result.stdout).toBe("4\n");
    }
  });
});

describe("--latest: a record without a user, course or item is compared with none", () => {
  const BRIGHTSPACE = join(ROOT, "samples/valid/brightspace-grade/every-verb-and-grade-type.ndjson");

  it("keeps every Brightspace record: none names its learner, so none supersedes another", async () => {
    const outcome = await bothOrders([BRIGHTSPACE], { latest: true });
    expect(outcome.records).toHaveLength(7);
    expect(outcome.records.every((r) => r.user === null)).toBe(true);
    expect(outcome.summary.dropped.superseded).toBe(0);
  });

  it("keeps two grades of one learner when neither names a course, and still folds those that do", async () => {
    const noCourse = (id: string, raw: number) =>
      edited(XAPI_GRADE, (s) => ((s.id = id), delete s.context.contextActivities.grouping, (s.result.score.raw = raw)));
    const a = noCourse("00000000-0000-4000-8000-00000000000a", 1);
    const b = noCourse("00000000-0000-4000-8000-00000000000b", 2);
    const later = edited(
      XAPI_GRADE,
      (s) => (
        (s.id = "00000000-0000-4000-8000-00000000000c"),
        (s.timestamp = "2030-01-01T00:00:00Z"),
        (s.result.score.raw = 3)
      ),
    );
    const outcome = await bothOrders(files([a, b], [XAPI_GRADE, later]), { latest: true });
    expect(outcome.records.map((r) => [r.course, r.score]).sort()).toEqual(
      [
        ["https://lms.example.edu/courses/C1", "3"],
        [null, "1"],
        [null, "2"],
      ].sort(),
    );
    expect(outcome.summary.dropped.superseded).toBe(1);
  });
});

describe("an event's findings with --dedupe: its own and the verdict's, in file order", () => {
  it("ID_CONFLICT at /id comes before a warning further down the same event, in the report and in the rejects file", async () => {
    const noCourse = (raw: number) =>
      JSON.stringify(
        JSON.parse(
          edited(XAPI_GRADE, (s) => {
            s.context.contextActivities.grouping[0].definition.type = "http://example.com/not-a-course";
            s.result.score.raw = raw;
          }),
        ),
        null,
        1,
      );
    const dir = scratch();
    const paths = ["a.json", "b.json"].map((name, k) => {
      const file = join(dir, name);
      writeFileSync(file, `${noCourse(k + 4)}\n`);
      return file;
    });
    const outcome = await dedupe(paths);
    for (const name of ["a.json", "b.json"]) {
      const own = outcome.diagnostics.filter((d) => d.file.endsWith(name));
      expect(own.map((d) => d.code)).toEqual(["ID_CONFLICT", "NO_COURSE"]);
      expect(own[0]!.line).toBeLessThan(own[1]!.line);
    }
    const rejects = join(dir, "rejects.ndjson");
    const result = await runCli(["convert", ...paths, "--dedupe", "--rejects", rejects, "-o", join(dir, "out.csv")]);
    expect(
      result.stderr
        .split("\n")
        .filter((l) => / (ID_CONFLICT|NO_COURSE): /.test(l))
        .map((l) => / (ID_CONFLICT|NO_COURSE): /.exec(l)![1]),
    ).toEqual(["ID_CONFLICT", "NO_COURSE", "ID_CONFLICT", "NO_COURSE"]);
    const lines = readFileSync(rejects, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { diagnostics: { code: string }[] });
    expect(lines.map((l) => l.diagnostics.map((d) => d.code))).toEqual([
      ["ID_CONFLICT", "NO_COURSE"],
      ["ID_CONFLICT", "NO_COURSE"],
    ]);
  });
});

describe("what --dedupe and --latest hold: what the verdict needs, never the event", () => {
  const padded = (json: string, id: string) =>
    edited(json, (s) => {
      s.id = id;
      s.actor.account.name = id.slice(-2);
      s.result.extensions = { "https://example.edu/x/pad": "p".repeat(20_000) };
    });
  const lines = [
    padded(XAPI_GRADE, "00000000-0000-4000-8000-0000000000a1"),
    edited(XAPI_GRADE, (s) => (s.actor = { mbox: "not-an-address" })), // invalid
    padded(XAPI_GRADE, "00000000-0000-4000-8000-0000000000a2"),
    '{"neither":"caliper nor xapi","pad":"' + "q".repeat(20_000) + '"}', // unrecognised
    "{not json",
    padded(XAPI_GRADE, "00000000-0000-4000-8000-0000000000a3"),
  ];

  /** Every value reachable from the held state, typed arrays as their lengths. */
  function heldValues(value: unknown, out: unknown[] = []): unknown[] {
    if (ArrayBuffer.isView(value)) out.push(value.byteLength);
    else if (value instanceof Map) for (const [k, v] of value) (heldValues(k, out), heldValues(v, out));
    else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) heldValues(v, out);
    else out.push(value);
    return out;
  }

  it.each([false, true])(
    "per event judged, numbers in typed arrays: no event, text, record or string; invalid and unrecognised events nothing (latest %s)",
    async (latest) => {
      const [file] = files(lines);
      const tape = tapeInMemory();
      const held = await holdEvents(grade(readInputs([file!])).items, tape, latest);
      expect(held.at.length).toBe(3);
      expect(held.kinds.length).toBe(3);
      for (const value of heldValues(held)) expect(typeof value).toBe("number");
      expect(held.voids.size).toBe(0);
      // Every item went to the tape, and each comes back whole.
      expect([...tape.replay()].length).toBeGreaterThan(lines.length);
      expect(tape.get(held.at.get(2))).toContain("0000000000a3");
      expect(Object.keys(held).sort()).toEqual(["at", "byGrade", "byId", "kinds", "records", "voids"]);
    },
  );

  it("with nothing repeated, --dedupe and --latest write what plain convert writes, byte for byte: records, rejects, report", async () => {
    const voiding = readFileSync(join(ROOT, "test/fixtures/options/xapi-with-voided.ndjson"), "utf8")
      .trimEnd()
      .split("\n")[2]!
      .replace("c401", "c4ff");
    const mixed = [...lines, voiding, edited(XAPI_GRADE, (s) => (s.result.score.raw = 11))];
    const [file] = files(mixed);
    const run = async (extra: string[]) => {
      const dir = scratch();
      const result = await runCli(
        ["convert", file!, "--rejects", "rejects.ndjson", "--rejects-unrecognised", ...extra],
        { cwd: dir },
      );
      const report = result.stderr
        .split("\n")
        .filter((line) => !/^\d+ read = /.test(line))
        .join("\n");
      return {
        code: result.code,
        stdout: result.stdout,
        report,
        rejects: readFileSync(join(dir, "rejects.ndjson"), "utf8"),
      };
    };
    const plain = await run([]);
    expect(plain.rejects.split("\n")).toHaveLength(6); // invalid, unrecognised, unparsable, voiding, out of range, end
    for (const option of ["--dedupe", "--latest"]) expect(await run([option])).toEqual(plain);
  });

  it("read back from the tape, an event in a pretty-printed document keeps its lines and columns: ID_CONFLICT points at each /id", async () => {
    const other = edited(XAPI_GRADE, (s) => (s.result.score.raw = 5));
    const text = JSON.stringify([JSON.parse(XAPI_GRADE), { comment: "not an event" }, JSON.parse(other)], null, 2);
    const file = join(scratch(), "pretty.json");
    writeFileSync(file, text);
    const id = (JSON.parse(XAPI_GRADE) as { id: string }).id;
    const lines = text.split("\n").flatMap((line, k) => (line === `    "id": "${id}",` ? [k + 1] : []));
    expect(lines).toHaveLength(2);
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    const found = [...result.stderr.matchAll(/pretty\.json:(\d+):(\d+): error ID_CONFLICT/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(found).toEqual(lines.map((line) => [line, 11]));
  });

  it("read back from the tape, an event of a streamed document that held long runs of blank lines keeps its file's lines", async () => {
    // A streamed element counts a run of blank lines past 64 instead of holding it (lineGaps).
    const blank = "\n".repeat(200);
    const withGap = (json: string) => json.replace('{"id"', `{${blank}"id"`);
    const other = edited(XAPI_GRADE, (s) => (s.result.score.raw = 5));
    const padding = JSON.stringify({ comment: "x".repeat(1024 * 1024) });
    const text = `[\n${Array<string>(9).fill(padding).join(",\n")},\n${withGap(XAPI_GRADE)},\n${withGap(other)}\n]\n`;
    const file = join(scratch(), "streamed.json");
    writeFileSync(file, text);
    const lines = text.split("\n").flatMap((line, k) => (line.startsWith('"id"') ? [k + 1] : []));
    expect(lines).toHaveLength(2);
    const result = await runCli(["convert", file, "--dedupe", "--columns", "user"]);
    const found = [...result.stderr.matchAll(/streamed\.json:(\d+):\d+: error ID_CONFLICT/g)].map((m) => Number(m[1]));
    expect(found).toEqual(lines);
  });

  it("the held events live in a temporary file that is gone at once: nothing is left behind, and an unusable temporary folder is exit 2", async () => {
    const [file] = files([XAPI_GRADE, XAPI_GRADE, "{not json"]);
    const tmp = scratch();
    const result = await runCli(["convert", file!, "--dedupe", "--columns", "user"], {
      env: { TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    });
    expect(result.stdout).toBe("user\nu1\n");
    expect(readdirSync(tmp)).toEqual([]);
    const missing = join(tmp, "missing");
    const refused = await runCli(["convert", file!, "--latest"], {
      env: { TMPDIR: missing, TMP: missing, TEMP: missing },
    });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(
      /^gradeev: cannot hold the events read in a temporary file \(--dedupe, --latest\): [^\n]*no such file or folder[^\n]*; set TMPDIR to a folder that can be written\n$/,
    );
  });
});
