/**
 * Properties that must hold for any input whatever: gradeev never throws, accounts for every event,
 * and writes the same records in CSV as in JSON; its reports show untrusted text as data; its output
 * is well-formed and keeps distinct ids distinct; events nested tens of thousands deep are compared
 * like any other. Bounded here; `npm run fuzz` runs them for long (FUZZ_RUNS cases each, FUZZ_SEED
 * to replay a failure).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { Chalk } from "chalk";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  convert,
  createRecordWriter,
  exitCodeOf,
  grade,
  pseudonymizer,
  readInputs,
  recordsWritten,
  ruleInfo,
  validate,
  RECORD_COLUMNS,
  type Diagnostic,
  type GradeRecord,
  type OutputFormat,
  type Summary,
} from "../src/index.js";
import { formatGithub } from "../src/report/github.js";
import { formatJsonReport } from "../src/report/json.js";
import { formatSarif } from "../src/report/sarif.js";
import { formatDiagnostic, formatSummary } from "../src/report/text.js";
import { recordsAs, ROOT, runCli, sampleFiles, scratchFolder } from "./helpers.js";

const runs = Number(process.env.FUZZ_RUNS ?? 60);
const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const settings = { numRuns: runs, ...seed };
const realSamples = sampleFiles().map((path) => readFileSync(join(ROOT, path)));

/** Everything gradeev does with one input, read from standard input (no file system involved). */
async function run(bytes: Uint8Array) {
  const stdin = Readable.from([Buffer.from(bytes)]);
  const result = grade(readInputs(["-"], { stdin }));
  const records: GradeRecord[] = [];
  let rejects = 0;
  for await (const item of result.items) {
    if (item.kind === "record") records.push(item.record);
    else if (item.kind === "reject") rejects++;
  }
  return { records, rejects, summary: result.summary };
}

async function holds(bytes: Uint8Array): Promise<void> {
  const { records, rejects, summary } = await run(bytes);
  // Nothing lost: every event read is a record, a reject or unrecognised (rejects include unrecognised).
  expect(summary.events).toBe(summary.valid + summary.invalid + summary.unrecognised);
  expect(records.length + rejects).toBe(summary.events);
  expect(records.length).toBe(recordsWritten(summary));
  // CSV read back with a real CSV parser gives exactly the records the JSON output gives.
  if (records.length > 0) {
    const fromJson = JSON.parse(await recordsAs("json", records)) as Record<string, unknown>[];
    const fromCsv = parse(await recordsAs("csv", records), { columns: true }) as Record<string, string>[];
    expect(fromCsv).toHaveLength(fromJson.length);
    fromCsv.forEach((row, i) => {
      for (const column of RECORD_COLUMNS) {
        const value = fromJson[i]![column];
        const cell = row[column];
        if (value === null) expect(cell).toBe("");
        else if (typeof value === "number")
          expect(Number(cell)).toBe(value); // same number, whatever its spelling (1E21)
        else if (typeof value === "string") expect(cell).toBe(/^['=+\-@\t\r]/.test(value) ? `'${value}` : value);
        else expect(cell).toBe(String(value));
      }
    });
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

describe("for any input", () => {
  it("any JSON value, as a document or as NDJSON lines", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), async (value, pretty) => {
        await holds(
          encode(pretty ? JSON.stringify(value, null, 2) : `${JSON.stringify(value)}\n${JSON.stringify(value)}`),
        );
      }),
      settings,
    );
  });

  it("any bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => holds(bytes)),
      settings,
    );
  });

  it("any mutation of a real sample: bytes flipped, cut, inserted", async () => {
    const mutation = fc.record({
      sample: fc.integer({ min: 0, max: realSamples.length - 1 }),
      at: fc.nat(),
      kind: fc.constantFrom("flip", "cut", "insert", "truncate"),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ sample, at, kind, byte }) => {
        const original = realSamples[sample]!;
        const i = original.length === 0 ? 0 : at % original.length;
        const bytes = Buffer.from(original);
        const mutated =
          kind === "flip"
            ? (bytes.writeUInt8(byte, i), bytes)
            : kind === "cut"
              ? Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)])
              : kind === "insert"
                ? Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)])
                : bytes.subarray(0, i);
        await holds(mutated);
      }),
      settings,
    );
  });

  it("any mutation of a real event's values: grade events with hostile strings and numbers", async () => {
    const valid = sampleFiles().filter((p) => p.startsWith("samples/valid/") && p.endsWith(".json"));
    const values = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.constant(null),
      fc.constant("__proto__"),
      fc.constant("=1+1"),
      fc.constant("-0"),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: valid.length - 1 }), values, fc.nat(), async (which, value, pick) => {
        const text = readFileSync(join(ROOT, valid[which]!), "utf8");
        const keys = [...text.matchAll(/"([A-Za-z_]+)":\s*(-?[0-9.]+|"[^"]*"|true|false|null)/g)];
        if (keys.length === 0) return;
        const match = keys[pick % keys.length]!;
        await holds(encode(text.replace(match[0], `"${match[1]}": ${JSON.stringify(value)}`)));
      }),
      settings,
    );
  });
});

describe("keys that could pollute prototypes", () => {
  it("__proto__, constructor and prototype anywhere change nothing", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).length;
    const hostile =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"actor":{"__proto__":{"x":1}},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://x.example/a","__proto__":null},"result":{"score":{"raw":1,"__proto__":{"raw":99}}}}';
    await holds(encode(`${hostile}\n`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
  });

  // Found by the property test: lookup tables indexed by a type or a context from the data.
  it.each([
    [
      '{"sensor":"s","dataVersion":"__proto__","data":[{"id":"urn:x","type":"__proto__"}]}',
      "an entity typed __proto__ in an envelope of dataVersion __proto__",
    ],
    [
      '{"@context":"constructor","type":"GradeEvent","actor":"a","action":"Graded","object":"o","eventTime":"2024-01-01T00:00:00.000Z"}',
      "an event whose @context is constructor",
    ],
  ])("%s (%s) is read like any other value", async (json) => {
    await holds(encode(json));
  });
});

// Keep the fixture list honest: the mutation test needs real samples to mutate.
it("has real samples to mutate", () => {
  expect(readdirSync(join(ROOT, "samples", "valid")).length).toBeGreaterThan(3);
  expect(realSamples.length).toBeGreaterThan(20);
});

// --- untrusted text --------------------------------------------------------------------------------

/**
 * Pieces of text that break a naive report or writer, given more often than chance would give them:
 * terminal controls (CSI, OSC, C1), line breaks of every kind, bidi marks, embeddings, overrides and
 * isolates, halves of characters and their escapes as text, GitHub workflow commands, and what the
 * report formats escape (Markdown, `%`, `,`, `:`).
 */
const TRAPS = [
  "\u001b[2J",
  "\u001b]8;;https://x\u0007",
  "\u009b31m",
  "\u0000",
  "\u0007",
  "\t",
  "\v",
  "\f",
  "\r",
  "\n",
  "\r\n",
  "\u0085",
  "\u2028",
  "\u2029",
  "\u061c",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\ufeff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ud83d\ude00",
  "\ufffd",
  "\\uD800",
  "\\uDC00",
  "\\\\uD800",
  "\\",
  "u",
  "D800",
  "::",
  "::error::x",
  "::add-mask::",
  " ::",
  "\u00a0::",
  "##[",
  "##[error]",
  " ",
  "\u00a0",
  "%",
  "%0A",
  ",",
  ":",
  "|",
  "<br>",
  "/",
  "~",
  "'",
  "=",
];

/** Any text, every code unit possible (lone surrogates included), with traps among it. */
const untrusted = fc
  .array(fc.oneof(fc.constantFrom(...TRAPS), fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 6 })
  .map((parts) => parts.join(""));

const XAPI_GRADE = JSON.parse(
  readFileSync(join(ROOT, "test/fixtures/options/xapi-with-voided.ndjson"), "utf8").split("\n")[0]!,
) as Record<string, unknown>;
const CALIPER_NAVIGATION = JSON.parse(
  readFileSync(join(ROOT, "samples/unrecognised/caliperspec-v1p2-navigationevent-webpage.json"), "utf8"),
) as Record<string, unknown>;

/** Everything a reader of a human report could be fooled by: a control but the line feed, a bidi control, a line separator, half a character. */
const HIDDEN =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whatever a terminal, an editor or a log viewer may take for the end of a line. */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/;

/** Each line is data: nothing hidden, no workflow command (the runner trims white space first, and finds `##[` anywhere). */
function showsAsData(lines: readonly string[], ownCommands = /^$/): void {
  for (const line of lines) {
    expect(line).not.toMatch(HIDDEN);
    expect(line).not.toContain("##[");
    if (!ownCommands.test(line)) expect(line).not.toMatch(/^\s*::/);
  }
}

/** Two events with `text` wherever input reaches a report: an event id, a key (so a JSON Pointer), values quoted in messages, a Caliper action (an unrecognised kind). */
function eventsHolding(text: string): string {
  const statement = { ...XAPI_GRADE, id: text, object: { id: text }, timestamp: text, [text]: 1 };
  const navigation = { ...CALIPER_NAVIGATION, action: text, [text]: 1 };
  return `${JSON.stringify(statement)}\n${JSON.stringify(navigation)}\n`;
}

async function validateText(text: string): Promise<{ diagnostics: Diagnostic[]; summary: Summary }> {
  return validate(readInputs(["-"], { stdin: Readable.from([Buffer.from(text, "utf8")]) }));
}

/** The lines formatSummary writes for a summary, counted from the summary itself. */
function summaryLines(summary: Summary): number {
  const kinds = Object.keys(summary.unrecognisedKinds).length;
  return 1 + (summary.describes > 0 ? 1 : 0) + (kinds > 0 ? 1 + kinds : 0);
}

/**
 * The lines of the step summary, the empty one after its last line feed included: its head (a table
 * of counts, then describes and kinds), then "No problems found." or the table head and a row a diagnostic.
 */
function stepSummaryLines(summary: Summary, diagnostics: number): number {
  const kinds = Object.keys(summary.unrecognisedKinds).length;
  const head = 6 + (summary.describes > 0 ? 2 : 0) + (kinds > 0 ? 3 + Math.min(kinds, 50) + (kinds > 50 ? 1 : 0) : 0);
  return head + (diagnostics === 0 ? 2 : 3 + diagnostics);
}

/** GitHub annotates the first 10 errors and 10 warnings; a notice says how many more there were. */
function annotationLines(diagnostics: readonly Diagnostic[]): number {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return Math.min(errors, 10) + Math.min(warnings, 10) + (errors > 10 || warnings > 10 ? 1 : 0);
}

const OUR_ANNOTATION = /^::(error|warning|notice) [^:]*::/;
const plain = new Chalk({ level: 0 });

describe("untrusted text in the human reports is shown as data", () => {
  it("text report, GitHub annotations and step summary: one line each, nothing hidden, no workflow command", async () => {
    await fc.assert(
      fc.asyncProperty(untrusted, untrusted, async (text, file) => {
        const run = await validateText(eventsHolding(text));
        expect(run.summary.events).toBe(2);
        // The file as named on the command line: every diagnostic carries it as it was given.
        const diagnostics = run.diagnostics.map((d) => ({ ...d, file }));
        expect(diagnostics.length).toBeGreaterThan(0);

        const report = [
          ...diagnostics.map((d) => formatDiagnostic(d, plain)),
          ...formatSummary(run.summary, plain),
        ].join("\n");
        expect(report.split(LINE_BREAK)).toHaveLength(diagnostics.length + summaryLines(run.summary));
        showsAsData(report.split("\n"));

        const github = formatGithub(diagnostics, run.summary);
        const annotations = github.annotations.split("\n");
        expect(annotations.pop()).toBe("");
        expect(github.annotations.split(LINE_BREAK)).toHaveLength(annotationLines(diagnostics) + 1);
        for (const line of annotations) expect(line).toMatch(OUR_ANNOTATION);
        showsAsData(annotations, OUR_ANNOTATION);

        expect(github.stepSummary.split(LINE_BREAK)).toHaveLength(stepSummaryLines(run.summary, diagnostics.length));
        showsAsData(github.stepSummary.split("\n"));
      }),
      settings,
    );
  });

  // Two runs of the command line a case, about a second each: a few cases, one in a thousand, up to 40.
  const cliCases = Math.min(40, Math.max(3, Math.ceil(runs / 1000)));
  it(
    "the command line, with a file so named: the text report and the github format",
    async () => {
      const folder = scratchFolder("shown");
      // A file name is bytes without `/` or NUL: a lone surrogate cannot be one.
      const fileName = untrusted.map((name) => `${name.slice(0, 60).replace(/[/\u0000]|[\ud800-\udfff]/g, "_")}.json`);
      await fc.assert(
        fc.asyncProperty(untrusted, fileName, async (text, name) => {
          writeFileSync(join(folder, name), eventsHolding(text));
          const expected = await validateText(eventsHolding(text));
          const lines = expected.diagnostics.length + summaryLines(expected.summary);

          const textRun = await runCli(["validate", "--", name], { cwd: folder });
          expect(textRun.code).toBe(1);
          expect(textRun.stdout.split(LINE_BREAK)).toHaveLength(lines + 1);
          showsAsData(textRun.stdout.split("\n"));
          showsAsData(textRun.stderr.split("\n"));

          const stepSummary = join(folder, "step-summary.md");
          writeFileSync(stepSummary, "");
          const githubRun = await runCli(["validate", "--format", "github", "--", name], {
            cwd: folder,
            env: { GITHUB_STEP_SUMMARY: stepSummary },
          });
          expect(githubRun.code).toBe(1);
          const annotations = githubRun.stdout.split("\n").slice(0, -1);
          expect(annotations).toHaveLength(annotationLines(expected.diagnostics));
          for (const line of annotations) expect(line).toMatch(OUR_ANNOTATION);
          showsAsData(annotations, OUR_ANNOTATION);
          showsAsData(githubRun.stderr.split("\n"));
          const summary = readFileSync(stepSummary, "utf8");
          expect(summary.split(LINE_BREAK)).toHaveLength(
            stepSummaryLines(expected.summary, expected.diagnostics.length),
          );
          showsAsData(summary.split("\n"));
        }),
        { ...settings, numRuns: cliCases },
      );
    },
    30_000 + cliCases * 5_000,
  );
});

/** A strict reader's test: UTF-8 that decodes, and the text it was made from (no half character became U+FFFD on the way). */
function strictUtf8(text: string): string {
  const decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(text, "utf8"));
  expect(decoded).toBe(text);
  return decoded;
}
const ESCAPED_LONE_SURROGATE =
  /(?<!\\)(?:\\\\)*\\u(?:[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|[dD][c-fC-F][0-9a-fA-F]{2})/;

/** What a writer sends, as it sends it: text not yet encoded, where a lone surrogate would still show. */
async function textWritten(format: OutputFormat, records: readonly GradeRecord[]): Promise<string> {
  let text = "";
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      text += typeof chunk === "string" ? chunk : new TextDecoder("utf-8", { fatal: true }).decode(chunk);
      done();
    },
  });
  const writer = createRecordWriter(format, sink);
  for (const record of records) await writer.write(record);
  await writer.end();
  return text;
}

/** What an encoder could turn an id into: the apostrophe of the formula guard before it, its lone surrogates as text or as U+FFFD. */
const LOOKALIKES: ((id: string) => string)[] = [
  (id) => `'${id}`,
  (id) =>
    id.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`,
    ),
  (id) => id.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"),
];

/** Distinct learner ids (an empty or blank one names no learner), some of them beside what an encoder could turn another into. */
const learnerIds = fc
  .uniqueArray(untrusted, { minLength: 1, maxLength: 5 })
  .chain((ids) =>
    fc.subarray(ids.flatMap((id) => LOOKALIKES.map((lookalike) => lookalike(id)))).map((more) => [...ids, ...more]),
  )
  .map((ids) => [...new Set(ids)].filter((id) => id.trim() !== ""))
  .filter((ids) => ids.length > 0);
const PSEUDONYM_KEY = "a-test-key-of-32-bytes-0123456789";

describe("distinct ids stay distinct, in well-formed output", () => {
  it("records in CSV, JSON and NDJSON, their pseudonyms, and the JSON and SARIF reports", async () => {
    await fc.assert(
      fc.asyncProperty(learnerIds, async (ids) => {
        // One grade per learner, and one statement per id that is no UUID (so the reports name it).
        const grades = ids.map((id) =>
          JSON.stringify({
            ...XAPI_GRADE,
            id: undefined,
            actor: { account: { homePage: "https://lms.example.edu", name: id } },
          }),
        );
        const badIds = ids.map((id) => JSON.stringify({ ...XAPI_GRADE, id }));
        const input = `${[...grades, ...badIds].join("\n")}\n`;
        const { records, diagnostics, summary } = await convert(
          readInputs(["-"], { stdin: Readable.from([Buffer.from(input, "utf8")]) }),
        );
        expect(records.map((r) => r.user)).toEqual(ids);

        for (const format of ["csv", "json", "ndjson"] as const) {
          const text = strictUtf8(await textWritten(format, records));
          const users =
            format === "csv"
              ? (parse(text, { columns: true }) as Record<string, string>[]).map((row) => row.user)
              : format === "json"
                ? (JSON.parse(text) as GradeRecord[]).map((r) => r.user)
                : text
                    .trimEnd()
                    .split("\n")
                    .map((line) => (JSON.parse(line) as GradeRecord).user);
          if (format !== "csv") expect(text).not.toMatch(ESCAPED_LONE_SURROGATE);
          expect(new Set(users).size).toBe(ids.length);
        }

        const pseudonym = pseudonymizer(PSEUDONYM_KEY);
        expect(new Set(records.map((r) => pseudonym(r).user)).size).toBe(ids.length);
        expect(new Set(records.map((r) => pseudonym(r).user_ref)).size).toBe(ids.length);

        const named = diagnostics.filter((d) => d.code === "XAPI_UUID");
        expect(named).toHaveLength(ids.length);
        const json = strictUtf8(formatJsonReport(summary, named));
        expect(json).not.toMatch(ESCAPED_LONE_SURROGATE);
        expect(
          new Set((JSON.parse(json) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.eventId)).size,
        ).toBe(ids.length);
        const sarif = strictUtf8(formatSarif(named, summary, { toolVersion: "0.0.0", rules: ruleInfo }));
        expect(sarif).not.toMatch(ESCAPED_LONE_SURROGATE);
        const results = (JSON.parse(sarif) as { runs: [{ results: { properties: { eventId: string } }[] }] }).runs[0]
          .results;
        expect(new Set(results.map((r) => r.properties.eventId)).size).toBe(ids.length);
      }),
      settings,
    );
  });
});

// --- events nested deep ----------------------------------------------------------------------------

const CALIPER_1_0 = JSON.stringify(
  JSON.parse(
    readFileSync(join(ROOT, "samples/valid/caliper-outcome-event/caliperspec-v1p0-outcomeevent-graded.json"), "utf8"),
  ),
);
/** Leaves no two of which are the same content (1 and 1.0 would be). */
const LEAVES = ["1", "2", '"x"', "null", "true", "[]", "{}"];

/** A value `depth` levels deep, each level an array or an object as `shapes` gives them in turn: built as text, without recursion. */
function nested(depth: number, shapes: readonly ("array" | "object")[], leaf: string): string {
  const opens: string[] = [];
  const closes: string[] = [];
  for (let level = 0; level < depth; level++) {
    const array = shapes[level % shapes.length] === "array";
    opens.push(array ? "[" : '{"k":');
    closes.push(array ? "]" : "}");
  }
  return `${opens.join("")}${leaf}${closes.reverse().join("")}`;
}

/** An id-less xAPI statement and a Caliper 1.0 event (which has no id), each holding `deep`: their content is their identity. */
function idlessEvents(deep: string): string[] {
  const { id: _id, ...statement } = XAPI_GRADE;
  const xapi = JSON.stringify({
    ...statement,
    result: { score: { raw: 4, min: 0, max: 10 }, extensions: { "https://x.example/deep": "DEEP" } },
  }).replace('"DEEP"', deep);
  const caliper = CALIPER_1_0.replace('"extensions":{}', `"extensions":{"x":${deep}}`);
  return [xapi, caliper];
}

const depth = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 300 }) },
  { weight: 2, arbitrary: fc.integer({ min: 300, max: 5_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 30_000 }) },
);

describe("events nested deep, with --dedupe and --latest", () => {
  it("no bug, every event counted; the same content is a duplicate, content that differs only at the bottom is not", async () => {
    const deepPair = fc.record({
      depth,
      shapes: fc.array(fc.constantFrom("array" as const, "object" as const), { minLength: 1, maxLength: 6 }),
      leaf: fc.nat({ max: LEAVES.length - 1 }),
      same: fc.boolean(),
      latest: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(deepPair, async ({ depth, shapes, leaf, same, latest }) => {
        const first = idlessEvents(nested(depth, shapes, LEAVES[leaf]!));
        const second = idlessEvents(nested(depth, shapes, LEAVES[same ? leaf : (leaf + 1) % LEAVES.length]!));
        const input = `${[...first, ...second].join("\n")}\n`;
        const run = grade(readInputs(["-"], { stdin: Readable.from([Buffer.from(input)]) }), { dedupe: true, latest });
        let records = 0;
        let rejects = 0;
        const codes: string[] = [];
        for await (const item of run.items) {
          if (item.kind === "record") records++;
          else if (item.kind === "reject") rejects++;
          else if (item.kind === "diagnostic") codes.push(item.diagnostic.code);
        }
        const { summary } = run;
        expect(codes).not.toContain("INTERNAL_ERROR");
        expect(summary.internalErrors).toBe(0);
        expect(exitCodeOf(summary)).toBe(0);
        expect(summary.events).toBe(4);
        expect(summary.valid).toBe(4);
        expect(records + rejects).toBe(4);
        expect(summary.dropped).toEqual({
          duplicate: same ? 2 : 0,
          conflict: 0,
          voided: 0,
          superseded: !same && latest ? 2 : 0,
        });
        expect(records).toBe(same || latest ? 2 : 4);
      }),
      // A case reads four events up to 30 000 levels deep (about 75 ms): a twentieth of the runs.
      { ...settings, numRuns: Math.max(10, Math.ceil(runs / 20)) },
    );
  });
});
