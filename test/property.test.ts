/**
 * Properties that must hold for any input whatever: gradeev never throws, accounts for every event,
 * and writes the same records in CSV as in JSON. Bounded here; `npm run fuzz` runs them for long
 * (FUZZ_RUNS cases each, FUZZ_SEED to replay a failure).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { grade, readInputs, recordsWritten, RECORD_COLUMNS, type GradeRecord } from "../src/index.js";
import { recordsAs, ROOT, sampleFiles } from "./helpers.js";

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
        else if (typeof value === "number") expect(Number(cell)).toBe(value); // same number, whatever its spelling (1E21)
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
        await holds(encode(pretty ? JSON.stringify(value, null, 2) : `${JSON.stringify(value)}\n${JSON.stringify(value)}`));
      }),
      settings,
    );
  });

  it("any bytes", async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => holds(bytes)), settings);
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
    const values = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant(null), fc.constant("__proto__"), fc.constant("=1+1"), fc.constant("-0"));
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
    const hostile = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"actor":{"__proto__":{"x":1}},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://x.example/a","__proto__":null},"result":{"score":{"raw":1,"__proto__":{"raw":99}}}}';
    await holds(encode(`${hostile}\n`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
  });

  // Found by the property test: lookup tables indexed by a type or a context from the data.
  it.each([
    ['{"sensor":"s","dataVersion":"__proto__","data":[{"id":"urn:x","type":"__proto__"}]}', "an entity typed __proto__ in an envelope of dataVersion __proto__"],
    ['{"@context":"constructor","type":"GradeEvent","actor":"a","action":"Graded","object":"o","eventTime":"2024-01-01T00:00:00.000Z"}', "an event whose @context is constructor"],
  ])("%s (%s) is read like any other value", async (json) => {
    await holds(encode(json));
  });
});

// Keep the fixture list honest: the mutation test needs real samples to mutate.
it("has real samples to mutate", () => {
  expect(readdirSync(join(ROOT, "samples", "valid")).length).toBeGreaterThan(3);
  expect(realSamples.length).toBeGreaterThan(20);
});
