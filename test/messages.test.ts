/**
 * The catalogue of messages (src/messages.ts): every template renders from arguments of its
 * placeholders, every one is named where diagnostics are made, and a diagnostic's message is its
 * template filled with the arguments it carries.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { templateOf, wordedAs, type RuleCode } from "../src/diagnostics.js";
import { validate } from "../src/index.js";
import { messages, phrases, schemaMessages } from "../src/messages.js";
import { formatJsonReport } from "../src/report/json.js";
import { filled, formats, placeholdersOf, type Format } from "../src/templates.js";
import { emptySummary } from "../src/core/tally.js";
import { ROOT } from "./helpers.js";

const catalogue = messages as Partial<Record<RuleCode, Record<string, string>>>;
const templates = (Object.keys(catalogue) as RuleCode[]).flatMap((code) =>
  Object.entries(catalogue[code]!).map(([variant, text]) => [code, variant, text] as const),
);

/** An argument of each format, as a call site would give it. */
const SAMPLE: Record<Format, unknown> = {
  text: "t",
  json: "j",
  value: "v",
  number: 1.5,
  place: "/result/score",
  dotted: "/object/score",
  phrase: "string",
  article: "Agent",
  short: "s".repeat(70),
  jsons: ["a", 1],
  list: ["a", "b"],
  or: ["a", "b"],
};

function argsFor(text: string): Record<string, unknown> {
  return Object.fromEntries(
    placeholdersOf(text).map((p) => {
      const [name, format = "text"] = p.slice(1, -1).split(":");
      return [name, SAMPLE[format as Format]];
    }),
  );
}

describe("every message template", () => {
  it.each(templates)("%s.%s renders from arguments of its placeholders", (code, variant, text) => {
    const { message, args } = wordedAs(code, variant, argsFor(text));
    expect(message, text).not.toMatch(/\{\w+(:\w+)?\}|undefined/);
    expect(Object.keys(args).sort()).toEqual(
      [...new Set(placeholdersOf(text).map((p) => p.slice(1).split(/[:}]/)[0]))].sort(),
    );
    expect(filled(text, args)).toBe(message);
  });

  it.each(Object.entries(schemaMessages))(
    "the schema keyword %s's template renders under any code",
    (keyword, text) => {
      const { message } = wordedAs("NO_COURSE", `schema.${keyword}`, argsFor(text));
      expect(message).not.toMatch(/\{\w+(:\w+)?\}|undefined/);
    },
  );

  it("uses only the formats and phrases there are", () => {
    const all = [...templates.map(([, , text]) => text), ...Object.values(schemaMessages)];
    for (const text of all)
      for (const p of placeholdersOf(text)) {
        const format = p.slice(1, -1).split(":")[1] ?? "text";
        expect(Object.keys(formats), `${p} in ${text}`).toContain(format);
      }
    expect(Object.keys(phrases).length).toBeGreaterThan(0);
  });
});

/** The source files that make diagnostics: all of src/ but the catalogue itself. */
function sources(dir = join(ROOT, "src")): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    if (!entry.name.endsWith(".ts") || path.endsWith(join("src", "messages.ts"))) return [];
    return [{ path, text: readFileSync(path, "utf8") }];
  });
}

describe("the call sites", () => {
  const files = sources();
  const named = (code: string, variant: string) =>
    files.some(
      ({ text }) =>
        text.includes(`${code}.${variant}`) ||
        // An id built from its parts (`${code}.restUnread`, `XAPI_TIMESTAMP.${problem.variant}`).
        (text.includes(code) && new RegExp(`["\`.]${variant}["\`]`).test(text)),
    );

  it.each(templates)("name %s.%s somewhere", (code, variant) => {
    expect(named(code, variant), `${code}.${variant} is worded by no call site: drop it or use it`).toBe(true);
  });

  it.each(Object.keys(schemaMessages))("name the schema keyword template %s", (keyword) => {
    expect(named("schema", keyword)).toBe(true);
  });

  it.each(Object.keys(phrases))("name the phrase %s", (phrase) => {
    expect(files.some(({ text }) => text.includes(`"${phrase}"`))).toBe(true);
  });
});

describe("a diagnostic", () => {
  it("says what its template says, filled with the arguments it carries, on every sample", async () => {
    const { diagnostics } = await validate(["samples"]);
    expect(diagnostics.length).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const d of diagnostics) {
      const text = templateOf(d.code, d.variant!);
      expect(text, `${d.code} ${d.variant}`).toBeDefined();
      // JSON_SYNTAX's message is shown (control characters as \uXXXX); samples hold none.
      expect(filled(text!, d.args!)).toBe(d.message);
      seen.add(`${d.code}.${d.variant}`);
    }
    expect(seen.size).toBeGreaterThan(50);
  });

  it("carries its template and arguments, which the JSON report leaves out", async () => {
    const { diagnostics } = await validate(["samples/valid/caliper-grade-event/jackson-pretty-duplicate-key.json"]);
    const duplicate = diagnostics.find((d) => d.code === "DUPLICATE_KEY");
    expect(duplicate).toMatchObject({ variant: "repeated", args: { key: expect.stringMatching(/^".*"$/) } });
    const report = formatJsonReport(emptySummary(), diagnostics);
    expect(report).toContain('"code": "DUPLICATE_KEY"');
    expect(report).not.toMatch(/"variant"|"args"/);
  });
});
