/**
 * Real public payloads from producers outside the first samples, each held to the values that the
 * standards and the producers' documentation give it (test/real-payloads.expected.json, written
 * before gradeev was run on them; every value carries its citation in `why`).
 *
 * Each event is converted on its own: the file is read with readInputs, and every event (or every
 * unreadable part, a JSON syntax error) is passed alone to convert(), so that its verdict and record
 * are known by the event's 0-based index in its file. The envelope of a Caliper event and the entities
 * described beside it travel with the event, so nothing is lost by converting it alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, readInputs, type Diagnostic, type GradeRecord, type ReadItem } from "../src/index.js";
import { ROOT } from "./helpers.js";

interface Expectation {
  sample: string;
  index: number;
  verdict: "valid" | "invalid" | "unrecognised";
  /** For an invalid event: the rule code that must be among its errors. */
  rule?: string;
  record?: Partial<Record<keyof GradeRecord, string | boolean | null>>;
  why: Record<string, string>;
}

interface Outcome {
  verdict: "valid" | "invalid" | "unrecognised";
  record?: GradeRecord;
  errors: string[];
}

const expectations = JSON.parse(
  readFileSync(join(ROOT, "test", "real-payloads.expected.json"), "utf8"),
) as Expectation[];

/** Converts every event of the file on its own; outcomes by event index. */
async function outcomesOf(sample: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for await (const item of readInputs([join(ROOT, sample)])) {
    if (item.kind !== "event" && item.kind !== "unreadable") continue;
    if (item.kind === "unreadable" && item.diagnostic.severity !== "error") continue;
    const { records, diagnostics, summary } = await convert(single(item));
    const errors = diagnostics.filter((d: Diagnostic) => d.severity === "error").map((d) => d.code);
    const verdict = summary.valid === 1 ? "valid" : summary.unrecognised === 1 ? "unrecognised" : "invalid";
    outcomes.push({ verdict, errors, ...(records[0] && { record: records[0] }) });
  }
  return outcomes;
}

async function* single(item: ReadItem): AsyncGenerator<ReadItem> {
  yield item;
}

const samples = [...new Set(expectations.map((e) => e.sample))];

describe.each(samples)("%s", (sample) => {
  const cases = expectations.filter((e) => e.sample === sample);
  let outcomes: Promise<Outcome[]> | undefined;
  const outcome = async (index: number) => (await (outcomes ??= outcomesOf(sample)))[index];

  it.each(cases.map((c) => [`event ${c.index}: ${c.verdict}${c.rule ? ` (${c.rule})` : ""}`, c] as const))(
    "%s",
    async (_, expected) => {
      const got = await outcome(expected.index);
      expect(got, `no event ${expected.index} in ${sample}`).toBeDefined();
      expect(got!.verdict, `verdict; why: ${expected.why.verdict}; errors: ${got!.errors.join(", ")}`).toBe(
        expected.verdict,
      );
      if (expected.rule) expect(got!.errors, `rule; why: ${expected.why.verdict}`).toContain(expected.rule);
    },
  );

  const columns = cases.flatMap((c) =>
    Object.entries(c.record ?? {}).map(([column, value]) => [`event ${c.index}: ${column}`, c, column, value] as const),
  );
  if (columns.length > 0)
    it.each(columns)("%s", async (_, expected, column, value) => {
      const got = await outcome(expected.index);
      expect(
        got?.record,
        `event ${expected.index} gave no record (verdict ${got?.verdict}; errors: ${got?.errors.join(", ")})`,
      ).toBeDefined();
      expect(
        got!.record![column as keyof GradeRecord],
        `${column}; why: ${expected.why[column] ?? "(no citation)"}`,
      ).toEqual(value);
    });
});

describe("the real-payload expectations", () => {
  it("name existing samples, each expectation with a citation for its verdict and for every column", () => {
    for (const e of expectations) {
      expect(() => readFileSync(join(ROOT, e.sample)), e.sample).not.toThrow();
      expect(e.why.verdict, `${e.sample} #${e.index}`).toBeTruthy();
      for (const column of Object.keys(e.record ?? {})) {
        if (column === "profile") continue;
        expect(e.why[column], `${e.sample} #${e.index} ${column}`).toBeTruthy();
      }
    }
  });
});
