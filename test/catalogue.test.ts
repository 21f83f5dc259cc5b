/**
 * The catalogue of rule codes (src/diagnostics.ts) decides every diagnostic's severity, by default and
 * under --strict: a call site names a level its code has, the checker gives it the level's severity.
 */
import { describe, expect, it } from "vitest";
import { startOf } from "../src/core/json-scan.js";
import { schemaCode } from "../src/core/schema.js";
import {
  diagnostic,
  fixedSeverity,
  levels,
  LEVELS,
  ruleInfo,
  severityAt,
  type DiagnosticDraft,
  type Level,
  type RuleCode,
} from "../src/diagnostics.js";
import { createChecker, profiles, type SourcedEvent } from "../src/index.js";
import { defineProfile } from "../src/profiles/profile.js";
import * as walk from "../src/standards/xapi/walk.js";

const codes = Object.keys(ruleInfo) as RuleCode[];
const pairs = codes.flatMap((code) =>
  (Object.keys(ruleInfo[code].levels) as Level[]).map((level) => [code, level] as const),
);

/** A profile that reports exactly `drafts` on any object. */
function reporting(drafts: DiagnosticDraft[]) {
  return defineProfile<unknown>({
    id: "test",
    title: "test",
    standard: "caliper",
    recognises: "anything",
    detect: () => true,
    schema: {},
    check: () => drafts,
    flatten: () => ({ score: null, score_min: null, score_max: null }) as never,
  });
}

function eventOf(value: unknown): SourcedEvent {
  const text = JSON.stringify(value);
  return {
    value,
    at: { file: "t.ndjson", line: 1, index: 0, pointer: "" },
    source: { text, firstLine: 1 },
    anchor: startOf(text, 1),
    entities: new Map(),
  };
}

describe("the catalogue", () => {
  it("gives every code at least one level, each a level the levels table defines", () => {
    for (const code of codes) {
      const own = Object.keys(ruleInfo[code].levels);
      expect(own.length, code).toBeGreaterThan(0);
      for (const level of own) expect(LEVELS, `${code} ${level}`).toContain(level);
    }
  });

  it("says when each level applies, for every code that has more than one", () => {
    for (const code of codes) {
      const when = Object.values(ruleInfo[code].levels as Record<string, string>);
      if (when.length > 1) for (const text of when) expect(text, code).not.toBe("");
    }
  });

  it("lists the levels from the strongest to the weakest", () => {
    expect(LEVELS).toEqual(Object.keys(levels));
    expect(LEVELS.map((l) => [severityAt(l, false), severityAt(l, true)])).toEqual([
      ["error", "error"],
      ["warning", "error"],
      ["warning", "warning"],
    ]);
  });
});

describe("the checker", () => {
  const event = eventOf({ a: 1 });
  it.each(pairs)("gives %s at level %s the severity its level has, by default and under --strict", (code, level) => {
    const draft = { code, level, pointer: "/a", variant: "schema.other", args: { where: "/a" } } as DiagnosticDraft;
    for (const strict of [false, true]) {
      const outcome = createChecker([], [reporting([draft])], { strict }).check(event);
      expect(outcome.diagnostics.map((d) => [d.code, d.severity])).toEqual([
        [code, levels[level][strict ? "strict" : "default"]],
      ]);
    }
  });

  it("makes an event invalid by its errors only: a quality warning leaves it valid under --strict", () => {
    expect(
      createChecker([], [reporting([diagnostic("NO_COURSE.untyped", "quality", "")])], { strict: true }).check(event)
        .kind,
    ).toBe("valid");
    expect(
      createChecker([], [reporting([diagnostic("NO_COURSE.none", "invalid", "", { slot: "group" })])]).check(event)
        .kind,
    ).toBe("invalid");
  });
});

describe("MORE_FINDINGS", () => {
  const event = eventOf({ a: 1 });
  const many = (level: "deviation" | "quality", last: DiagnosticDraft[] = []) =>
    Array.from({ length: 100 }, () => diagnostic("NO_SCORE.xapi", "quality", "/a")).concat(
      Array.from({ length: 5 }, () =>
        level === "deviation"
          ? diagnostic("DUPLICATE_KEY.repeated", "deviation", "/a", { key: "a" })
          : diagnostic("NO_SCORE.xapi", "quality", "/a"),
      ),
      last,
    );
  it.each([
    ["quality diagnostics only", many("quality"), "warning", "warning"],
    ["a deviation among them", many("deviation"), "warning", "error"],
    ["an error among them", many("quality", [diagnostic("NO_ITEM.outcome", "invalid", "/a")]), "error", "error"],
  ] as const)("counting %s is at the strongest of their levels", (_what, drafts, byDefault, strict) => {
    const more = (s: boolean) =>
      createChecker([], [reporting(drafts)], { strict: s })
        .check(event)
        .diagnostics.find((d) => d.code === "MORE_FINDINGS");
    expect([more(false)?.severity, more(true)?.severity]).toEqual([byDefault, strict]);
  });
});

describe("every profile's schema", () => {
  it.each(profiles.map((p) => [p.id, p] as const))(
    "%s names, in each x-level, a level its rule code has",
    (_id, profile) => {
      const checked: string[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (node === null || typeof node !== "object") return;
        const schema = node as Record<string, unknown>;
        const level = schema["x-level"];
        if (level !== undefined) {
          const named = typeof schema["x-code"] === "string" ? schema["x-code"] : undefined;
          // The keywords whose failure this subschema reports: every one but the annotations and the subschemas' own.
          for (const keyword of Object.keys(schema).filter(
            (k) =>
              !k.startsWith("x-") &&
              !["properties", "items", "allOf", "anyOf", "oneOf", "if", "then", "else"].includes(k),
          )) {
            const code = schemaCode(named, keyword);
            expect(Object.keys(ruleInfo[code].levels), `${code} at ${String(level)}`).toContain(level);
            checked.push(code);
          }
        }
        Object.values(schema).forEach(visit);
      };
      visit(profile.schema);
      if (profile.id === "brightspace-grade") expect(checked).toEqual(["REQUIRED", "TYPE", "PATTERN"]);
    },
  );
});

describe("the compiler", () => {
  it("rejects a level a code does not have, wherever a diagnostic is made", () => {
    // Each line below must fail to type-check (npm run typecheck): the ts-expect-error fails otherwise.
    const made = () => [
      // @ts-expect-error JSON_SYNTAX is never a data-quality warning
      diagnostic("JSON_SYNTAX.empty", "quality", ""),
      // @ts-expect-error SCORE_ABOVE_MAX is only data quality
      walk.diagnosticAt("SCORE_ABOVE_MAX.bb", "invalid", undefined, { score: 2, max: 1 }),
      // @ts-expect-error a level that does not exist
      diagnostic("NO_COURSE.untyped", "warning", ""),
      // @ts-expect-error the reader, which does not know the mode, cannot make a deviation
      fixedSeverity("DUPLICATE_KEY", "deviation"),
      // @ts-expect-error a draft written out whole is held to its code's levels too
      ((): DiagnosticDraft => ({ code: "CMI5_SCORE", level: "quality", pointer: "", variant: "verb" }))(),
      // @ts-expect-error a template the code does not have
      diagnostic("NO_COURSE.repeated", "quality", ""),
      // @ts-expect-error a template's argument missing
      diagnostic("DUPLICATE_KEY.repeated", "deviation", "", {}),
      // @ts-expect-error an argument the template does not have
      diagnostic("NO_SCORE.xapi", "quality", "", { score: 1 }),
      // @ts-expect-error an argument of the wrong type: a phrase is named by its key
      walk.diagnosticAt("XAPI_TYPE.wrong", "invalid", "x", { expected: "a string", value: 1 }),
      // @ts-expect-error free text in place of a template
      diagnostic("NO_SCORE", "quality", "", "result.score has neither raw nor scaled"),
    ];
    expect(typeof made).toBe("function");
  });
});
