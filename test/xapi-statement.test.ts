/**
 * gradeev's xAPI statement validator, held to the ADL LRS conformance suite (every statement case
 * of the 1.0.3 and 2.0 suites) and to TinCanValidator's invalid samples, plus the format checks
 * and score rules one by one.
 *
 * The suite is judged as --strict judges it, warnings counted as errors: a case the suite rejects
 * (400) must get at least one diagnostic, a case it accepts (200) none at all.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { severityAt, wordedAs, type DiagnosticDraft } from "../src/diagnostics.js";
import { isIri, isMailto, isSha1, isVersion, uuidForm } from "../src/standards/xapi/formats.js";
import { isLanguageTag } from "../src/standards/xapi/language-tags.js";
import { checkStatement, statementVersion, type XapiVersion } from "../src/standards/xapi/statement.js";
import { isDuration, timestampProblem } from "../src/standards/xapi/times.js";

/** What a draft's message says, once worded from the catalogue. */
function said(draft: DiagnosticDraft | undefined): string | undefined {
  return draft && wordedAs(draft.code, draft.variant, draft.args).message;
}

const CORPUS = fileURLToPath(new URL("./fixtures/corpus/xapi/", import.meta.url));

interface SuiteCase {
  name: string;
  expected: 200 | 400;
  statement: unknown;
}

/** One NDJSON line of the expanded suite: the -all files say `config_file`/`expect`, the extra files `config`/`expect_http`. */
interface SuiteLine {
  config_file?: string;
  config?: string;
  case: string;
  expect?: number[];
  expect_http?: number;
  statement: unknown;
}

function suite(file: string): SuiteCase[] {
  const lines = readFileSync(CORPUS + file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines.map((line, index) => {
    const parsed = JSON.parse(line) as SuiteLine;
    const status = parsed.expect?.[0] ?? parsed.expect_http;
    if (status !== 200 && status !== 400)
      throw new Error(`${file}:${index + 1}: expected 200 or 400, not ${String(status)}`);
    const config = basename(parsed.config_file ?? parsed.config ?? "?");
    return {
      name: `${config} #${index + 1} [${status}] ${parsed.case}`,
      expected: status,
      statement: parsed.statement,
    };
  });
}

function judge({ expected, statement }: SuiteCase, version: XapiVersion): void {
  const diagnostics = checkStatement(statement, version);
  if (expected === 200) expect(diagnostics).toEqual([]);
  else expect(diagnostics.length, `no diagnostic for ${JSON.stringify(statement)}`).toBeGreaterThan(0);
}

describe("ADL LRS conformance suite, xAPI 1.0.3, judged as 1.0.3", () => {
  const cases = suite("adlnet-cts-v1_0_3-all.ndjson");
  it("has every case of the suite (950)", () => expect(cases).toHaveLength(950));
  it.each(cases)("$name", (c) => judge(c, "1.0.3"));
});

describe("ADL LRS conformance suite, xAPI 2.0, judged as 2.0", () => {
  const cases = suite("adlnet-cts-v2_0-all.ndjson");
  it("has every case of the suite (972)", () => expect(cases).toHaveLength(972));
  it.each(cases)("$name", (c) => judge(c, "2.0"));
});

describe("ADL LRS conformance suite, xAPI 2.0 context agents and groups", () => {
  const invalid = suite("adlnet-cts-v2_0-extra-invalid.ndjson");
  const valid = suite("adlnet-cts-v2_0-extra-valid.ndjson");
  it.each([...invalid, ...valid])("$name", (c) => judge(c, "2.0"));

  it.each(valid.filter((c) => JSON.stringify(c.statement).includes('"context')))(
    "rejects $name when judged as 1.0.3 (contextAgents and contextGroups are xAPI 2.0 properties)",
    ({ statement }) => {
      expect(checkStatement(statement, "1.0.3").map((d) => d.code)).toContain("XAPI_UNKNOWN_PROPERTY");
    },
  );
});

describe("single-file invalid statements (TinCanValidator, conformance-derived scores)", () => {
  const files = readdirSync(CORPUS).filter((file) => /^(tincanvalidator|adlnet-cts)-INVALID-.*\.json$/.test(file));
  it("finds all ten", () => expect(files).toHaveLength(10));
  it.each(files)("rejects %s", (file) => {
    const statement: unknown = JSON.parse(readFileSync(CORPUS + file, "utf8"));
    expect(
      checkStatement(statement, "1.0.3").filter((d) => severityAt(d.level, false) === "error").length,
    ).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------- formats

describe("IRIs", () => {
  it.each([
    "http://example.com",
    "https://example.com/path/to?query=1&b=2#fragment",
    "http://adlnet.gov/expapi/verbs/attended",
    "urn:uuid:0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21",
    "mailto:someone@example.com",
    "tag:example.com,2024:grades",
    "http://example.com/%E2%82%AC",
    "http://[::1]:8080/",
    "http://例え.jp/パス",
    "http://example.com/😀",
    "X-custom+scheme.1:x",
  ])("accepts %s", (iri) => expect(isIri(iri)).toBe(true));

  it.each([
    ["the empty string", ""],
    ["no scheme", "example.com/path"],
    ["a relative path", "/relative/path"],
    ["a fragment", "#fragment"],
    ["a space", "http://www.example.com/BAD SPACES"],
    ["a scheme with =", "ab=c://should.fail.com"],
    ["a scheme starting with a digit", "1http://example.com"],
    ["nothing after the scheme", "http:"],
    ["plain words", "should fail"],
    ["a short percent-escape", "http://example.com/%4"],
    ["a percent-escape that is not hex", "http://example.com/%zz"],
    ["a lone high surrogate", "http://example.com/\uD83D"],
    ["a lone low surrogate", "http://example.com/\uDE00x"],
    ["angle brackets", "http://example.com/<tag>"],
    ["a control character", "http://example.com/\u0001"],
    ["a tab", "http://example.com/\tx"],
  ])("rejects %s", (_what, iri) => expect(isIri(iri)).toBe(false));
});

describe("UUIDs", () => {
  it.each([
    ["a version 4 UUID", "0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21", "valid"],
    ["upper case", "AA97B177-9383-4934-8543-0F91A7A02836", "valid"],
    ["a version 1 UUID", "ec531277-b57b-1c15-8d91-d292c5b2b8f7", "valid"],
    ["a version 7 UUID", "01890a5d-ac96-774b-bcce-b302099a8057", "valid"],
    ["the nil UUID", "00000000-0000-0000-0000-000000000000", "not-rfc4122"],
    ["a Microsoft-variant UUID", "0b8a3f52-6c1e-4d2a-cf3b-2d6e1c7a9e21", "not-rfc4122"],
    ["version 0", "0b8a3f52-6c1e-0d2a-9f3b-2d6e1c7a9e21", "not-rfc4122"],
    ["too many digits", "AA97B177-9383-4934-8543-0F91A7A028368", "invalid"],
    ["a letter beyond F", "MA97B177-9383-4934-8543-0F91A7A02836", "invalid"],
    ["braces", "{0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21}", "invalid"],
    ["a urn:uuid: prefix", "urn:uuid:0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21", "invalid"],
    ["no hyphens", "0b8a3f526c1e4d2a9f3b2d6e1c7a9e21", "invalid"],
    ["hyphens in the wrong places", "0b8a3f5-26c1e-4d2a-9f3b-2d6e1c7a9e21", "invalid"],
    ["a non-ASCII digit", "0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e2١", "invalid"],
    ["the empty string", "", "invalid"],
  ])("%s: %s is %s", (_what, value, form) => expect(uuidForm(value)).toBe(form));
});

describe("timestamps", () => {
  type Verdict = "ok" | "warning" | "error";
  const verdict = (value: string, version: XapiVersion): Verdict => {
    const problem = timestampProblem(value, version);
    return problem === null ? "ok" : severityAt(problem.level, false);
  };

  it.each<[string, string, Verdict, Verdict]>([
    // [what, value, as 1.0.3, as 2.0]
    ["UTC with milliseconds", "2013-05-18T05:32:34.804Z", "ok", "ok"],
    ["an offset", "2008-09-15T15:53:00.601+00:00", "ok", "ok"],
    ["a negative offset", "2024-05-02T14:03:00-05:30", "ok", "ok"],
    ["no fraction", "2024-05-02T14:03:00Z", "ok", "ok"],
    ["nanoseconds", "2024-05-02T14:03:00.123456789Z", "ok", "ok"],
    ["a leap second", "2016-12-31T23:59:60Z", "ok", "ok"],
    ["29 February of a leap year", "2024-02-29T00:00:00Z", "ok", "ok"],
    ["the future", "2999-01-01T00:00:00Z", "ok", "ok"],
    ["lower-case t and z (RFC 3339 allows them)", "2024-05-02t14:03:00z", "ok", "ok"],
    ["no time zone", "2015-01-01T00:00:00.0000000", "warning", "error"],
    ["ISO 8601 basic format", "20080915T155300Z", "warning", "error"],
    ["no seconds", "2024-05-02T14:03Z", "warning", "error"],
    ["a comma before the fraction", "2024-05-02T14:03:00,5Z", "warning", "error"],
    ["an offset without a colon", "2024-05-02T14:03:00+0100", "warning", "error"],
    ["an hour-only offset", "2024-05-02T14:03:00+01", "warning", "error"],
    ["midnight written 24:00:00", "2024-05-02T24:00:00Z", "warning", "error"],
    ["a space for the T", "2013-10-28 23:53:38.197+00:00", "warning", "warning"],
    ["the -00 offset", "2008-09-15T15:53:00.601-00", "error", "error"],
    ["the -0000 offset", "2008-09-15T15:53:00.601-0000", "error", "error"],
    ["the -00:00 offset", "2008-09-15T15:53:00.601-00:00", "error", "error"],
    ["30 February", "2023-02-30T00:00:00Z", "error", "error"],
    ["29 February of a common year", "2023-02-29T00:00:00Z", "error", "error"],
    ["29 February 1900", "1900-02-29T00:00:00Z", "error", "error"],
    ["month 13", "2023-13-01T00:00:00Z", "error", "error"],
    ["hour 25", "2023-01-01T25:00:00Z", "error", "error"],
    ["minute 60", "2023-01-01T10:60:00Z", "error", "error"],
    ["an offset of 24 hours", "2023-01-01T10:00:00+24:00", "error", "error"],
    ["a date only", "2023-01-01", "error", "error"],
    ["a US date", "01/011/2015", "error", "error"],
    ["words", "18 May 2013 05:32:34.804 UTC", "error", "error"],
    ["a fraction without digits", "2024-05-02T14:03:00.Z", "error", "error"],
    ["the empty string", "", "error", "error"],
  ])("%s (%s): %s as 1.0.3, %s as 2.0", (_what, value, as103, as20) => {
    expect(verdict(value, "1.0.3")).toBe(as103);
    expect(verdict(value, "2.0")).toBe(as20);
  });
});

describe("durations", () => {
  it.each([
    "PT1H0M0S",
    "PT1H0M0.1S",
    "PT4H35M59.14S",
    "PT16559.14S",
    "P3Y1M29DT4H35M59.14S",
    "P3Y",
    "P4W",
    "P1D",
    "PT0S",
    "P0.5Y",
    "PT1,5S",
    "P1DT12H",
  ])("accepts %s", (duration) => expect(isDuration(duration)).toBe(true));

  it.each([
    ["weeks with days", "P4W1D"],
    ["weeks with time", "P1WT1H"],
    ["a letter for a number", "PA1H0M0S"],
    ["seconds without T", "P16559.14S"],
    ["no component", "P"],
    ["a T without a time component", "PT"],
    ["a trailing T", "P1DT"],
    ["components out of order", "PT1S1M"],
    ["a repeated component", "P1D2D"],
    ["a fraction before the last component", "PT1.5H30M"],
    ["the alternative format", "P0003-02-10T04:35:59"],
    ["a sign", "-P1D"],
    ["no P", "T1H"],
    ["a number without a designator", "P12"],
    ["a fraction without digits", "PT1.S"],
    ["words", "should fail"],
  ])("rejects %s (%s)", (_what, duration) => expect(isDuration(duration)).toBe(false));
});

describe("language tags (RFC 5646)", () => {
  it.each([
    "en",
    "de",
    "tlh",
    "cmn",
    "ase",
    "und",
    "en-US",
    "fr-CA",
    "es-419",
    "zh-Hant",
    "sr-Latn-RS",
    "sr-Cyrl",
    "zh-Hans-CN",
    "de-CH-1901",
    "sl-rozaj-biske",
    "zh-yue-HK",
    "en-a-bbb-x-a-ccc",
    "x-whatever",
    "EN-us",
    "i-klingon",
    "en-GB-oed",
    "art-lojban",
  ])("accepts %s", (tag) => expect(isLanguageTag(tag)).toBe(true));

  it.each([
    ["a nine-letter subtag", "a12345678"],
    ["a nine-letter later subtag", "invalid-imaginary-language"],
    ["a word", "something"],
    ["a repeated extension singleton", "zh-z-aaa-z-bbb-c-ccc"],
    ["a repeated variant", "de-1901-1901"],
    ["an extension without a subtag", "en-a"],
    ["private use without a subtag", "en-x"],
    ["an empty subtag", "en--US"],
    ["a trailing hyphen", "en-"],
    ["a leading hyphen", "-en"],
    ["an underscore", "en_US"],
    ["a digit in the language", "e1"],
    ["a single letter", "e"],
    ["a one-letter subtag where a region belongs", "en-s-something"],
    ["the empty string", ""],
  ])("rejects %s (%s)", (_what, tag) => expect(isLanguageTag(tag)).toBe(false));
});

describe("mailto IRIs", () => {
  it.each([
    "mailto:xapi@adlnet.gov",
    "mailto:first.last+tag@sub.example.co.uk",
    "mailto:user@localhost",
    "mailto:ünïcödé@例え.jp",
  ])("accepts %s", (mbox) => expect(isMailto(mbox)).toBe(true));

  it.each([
    ["no domain", "mailto:sally@"],
    ["no @", "mailto:should.fail.com"],
    ["another scheme", "http://should.fail.com"],
    ["no local part", "mailto:@example.com"],
    ["two @", "mailto:a@b@example.com"],
    ["an empty domain label", "mailto:a@example..com"],
    ["a leading dot in the domain", "mailto:a@.example.com"],
    ["a trailing dot", "mailto:a@example.com."],
    ["a space", "mailto:a b@example.com"],
    ["an upper-case scheme", "MAILTO:a@example.com"],
    ["a bare address", "a@example.com"],
  ])("rejects %s (%s)", (_what, mbox) => expect(isMailto(mbox)).toBe(false));
});

describe("SHA-1 sums", () => {
  it.each(["cd9b00a5611f94eaa7b1661edab976068e364975", "CD9B00A5611F94EAA7B1661EDAB976068E364975"])(
    "accepts %s",
    (sum) => expect(isSha1(sum)).toBe(true),
  );
  it.each([
    ["39 digits", "cd9b00a5611f94eaa7b1661edab976068e36497"],
    ["41 digits", "cd9b00a5611f94eaa7b1661edab976068e3649751"],
    ["a non-hex letter", "zd9b00a5611f94eaa7b1661edab976068e364975"],
    ["a SHA-256", "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"],
    ["the empty string", ""],
  ])("rejects %s", (_what, sum) => expect(isSha1(sum)).toBe(false));
});

describe("statement versions", () => {
  it.each<[string, boolean, boolean]>([
    ["1.0", true, true],
    ["1.0.0", true, true],
    ["1.0.3", true, true],
    ["1.0.9", true, true],
    ["2.0.0", false, true],
    ["2.0", false, true],
    ["1.1.0", false, false],
    ["0.9.9", false, false],
    ["1.0.", false, false],
    ["1.0.3-beta", false, false],
    ["should fail", false, false],
  ])("%s: %s under 1.0.3, %s under 2.0", (version, as103, as20) => {
    expect(isVersion(version, "1.0.3")).toBe(as103);
    expect(isVersion(version, "2.0")).toBe(as20);
  });

  it.each<[unknown, XapiVersion, XapiVersion]>([
    [{ version: "2.0.0" }, "1.0.3", "2.0"],
    [{ version: "2.0.1" }, "1.0.3", "2.0"],
    [{ version: "1.0.3" }, "1.0.3", "1.0.3"],
    [{ version: "1.0.3" }, "2.0", "1.0.3"],
    [{ version: "1.0" }, "2.0", "1.0.3"],
    [{}, "1.0.3", "1.0.3"],
    [{ version: 2 }, "1.0.3", "1.0.3"],
    ["not a statement", "2.0", "2.0"],
  ])("statementVersion(%j, %s) is %s", (statement, fallback, judged) =>
    expect(statementVersion(statement, fallback)).toBe(judged),
  );
});

// ---------------------------------------------------------------------------------------- score rules

const base = {
  actor: { mbox: "mailto:learner@example.com" },
  verb: { id: "http://adlnet.gov/expapi/verbs/scored" },
  object: { id: "http://example.com/assignments/1" },
};

const withScore = (score: unknown) => ({ ...base, result: { score } });
/** Each finding with the severity it has by default (its level's, in diagnostics.ts). */
const summary = (diagnostics: DiagnosticDraft[]) =>
  diagnostics.map((d) => `${severityAt(d.level, false)} ${d.code} ${d.pointer}`);

describe("score rules (xAPI-Data §2.4.5.1)", () => {
  it.each<[string, unknown, string[]]>([
    ["a full score", { scaled: 0.95, raw: 95, min: 0, max: 100 }, []],
    ["scaled 1", { scaled: 1 }, []],
    ["scaled -1", { scaled: -1 }, []],
    ["scaled 0", { scaled: 0 }, []],
    ["raw without bounds", { raw: 1234.5 }, []],
    ["raw at min", { raw: 0, min: 0, max: 10 }, []],
    ["raw at max", { raw: 10, min: 0, max: 10 }, []],
    ["negative bounds", { raw: -5, min: -10, max: -1 }, []],
    ["an empty score", {}, []],
    ["scaled 1.01", { scaled: 1.01 }, ["error XAPI_SCORE /result/score/scaled"]],
    ["scaled -1.00001", { scaled: -1.00001 }, ["error XAPI_SCORE /result/score/scaled"]],
    ["raw above max", { raw: 101, min: 0, max: 100 }, ["error XAPI_SCORE /result/score/raw"]],
    ["raw below min", { raw: -1, min: 0, max: 100 }, ["error XAPI_SCORE /result/score/raw"]],
    ["raw above max without min", { raw: 11, max: 10 }, ["error XAPI_SCORE /result/score/raw"]],
    ["min above max", { min: 10, max: 5 }, ["error XAPI_SCORE /result/score/min"]],
    ["min equal to max (Open edX sends 0/0)", { raw: 0, min: 0, max: 0 }, ["warning XAPI_SCORE /result/score/max"]],
    ["a string raw", { raw: "95" }, ["error XAPI_TYPE /result/score/raw"]],
    ["a string max", { raw: 95, max: "one hundred" }, ["error XAPI_TYPE /result/score/max"]],
    ["a boolean scaled", { scaled: true }, ["error XAPI_TYPE /result/score/scaled"]],
    ["a null raw", { raw: null }, ["error XAPI_NULL /result/score/raw"]],
    ["an unknown property", { raw: 1, percent: 50 }, ["error XAPI_UNKNOWN_PROPERTY /result/score/percent"]],
    ["a mis-cased property", { Raw: 1 }, ["error XAPI_UNKNOWN_PROPERTY /result/score/Raw"]],
  ])("%s", (_what, score, expected) => {
    expect(summary(checkStatement(withScore(score), "1.0.3"))).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["a number", 12345],
    ["a string", "should fail"],
    ["an array", [95]],
  ])("a score that is %s is a type error", (_what, score) => {
    expect(summary(checkStatement(withScore(score), "1.0.3"))).toEqual(["error XAPI_TYPE /result/score"]);
  });

  it("says which rule and which value", () => {
    const [scaled] = checkStatement(withScore({ scaled: 1.01 }), "1.0.3");
    expect(said(scaled)).toBe("result.score.scaled must be between -1 and 1, not 1.01");
    const [raw] = checkStatement(withScore({ raw: 101, min: 0, max: 100 }), "1.0.3");
    expect(said(raw)).toBe("result.score.raw must not be above max: 101 is more than 100");
  });

  it("rejects a number too large for a double (1e400 parses to Infinity)", () => {
    const statement: unknown = JSON.parse(JSON.stringify(withScore({ raw: 0 })).replace('"raw":0', '"raw":1e400'));
    expect(summary(checkStatement(statement, "1.0.3"))).toEqual(["error XAPI_TYPE /result/score/raw"]);
  });
});

// ---------------------------------------------------------------------------------------- rules beyond the suite

describe("statement rules", () => {
  const codes = (statement: unknown, version: XapiVersion = "1.0.3") => summary(checkStatement(statement, version));

  it("accepts a minimal statement", () => expect(codes(base)).toEqual([]));

  it.each<[string, unknown]>([
    ["null", null],
    ["an array", [base]],
    ["a string", "statement"],
  ])("a statement that is %s is a type error", (_what, statement) =>
    expect(codes(statement)).toEqual(["error XAPI_TYPE "]),
  );

  it("reports each missing required property at its own pointer", () => {
    expect(codes({})).toEqual([
      "error XAPI_REQUIRED /actor",
      "error XAPI_REQUIRED /verb",
      "error XAPI_REQUIRED /object",
    ]);
  });

  it("names the key that was meant when only the case differs", () => {
    const [diagnostic] = checkStatement({ ...base, timeStamp: "2024-05-02T14:03:00Z" }, "1.0.3");
    expect(diagnostic).toMatchObject({ code: "XAPI_UNKNOWN_PROPERTY", level: "invalid", pointer: "/timeStamp" });
    expect(said(diagnostic)).toContain('did you mean "timestamp"');
  });

  it("allows null inside extensions only", () => {
    expect(codes({ ...base, result: { extensions: { "http://example.com/x": null } } })).toEqual([]);
    expect(codes({ ...base, result: { extensions: null } })).toEqual(["error XAPI_NULL /result/extensions"]);
    expect(codes({ ...base, context: { registration: null } })).toEqual(["error XAPI_NULL /context/registration"]);
  });

  it("escapes pointers per RFC 6901", () => {
    expect(codes({ ...base, context: { extensions: { "not/an~iri": 1 } } })).toEqual([
      "error XAPI_IRI /context/extensions/not~1an~0iri",
    ]);
  });

  it("treats a __proto__ key as plain data", () => {
    const statement: unknown = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`);
    expect(codes(statement)).toEqual(["error XAPI_UNKNOWN_PROPERTY /__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores enumerable properties on a polluted Object.prototype", () => {
    Object.defineProperty(Object.prototype, "injected", {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(codes(base)).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });

  it("requires exactly one identifier for an Agent", () => {
    expect(codes({ ...base, actor: { name: "nobody" } })).toEqual(["error XAPI_IFI /actor"]);
    expect(codes({ ...base, actor: { mbox: "mailto:a@example.com", openid: "http://example.com/a" } })).toEqual([
      "error XAPI_IFI /actor",
    ]);
  });

  it("requires an Agent or Group as the object to say objectType", () => {
    expect(codes({ ...base, object: { mbox: "mailto:a@example.com" } })).toEqual(["error XAPI_OBJECT_TYPE /object"]);
    expect(codes({ ...base, object: { objectType: "Agent", mbox: "mailto:a@example.com" } })).toEqual([]);
  });

  it("accepts a single Activity as a contextActivities value (0.95 compatibility)", () => {
    expect(codes({ ...base, context: { contextActivities: { parent: { id: "http://example.com/course" } } } })).toEqual(
      [],
    );
  });

  it("rejects a SubStatement inside a SubStatement, and a SubStatement's id", () => {
    const inner = { ...base, objectType: "SubStatement" };
    expect(codes({ ...base, object: { ...inner, object: inner } })).toEqual(["error XAPI_SUBSTATEMENT /object/object"]);
    expect(codes({ ...base, object: { ...inner, id: "0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21" } })).toEqual([
      "error XAPI_SUBSTATEMENT /object/id",
    ]);
  });

  it("warns on a UUID that is not RFC 4122, rejects one not in standard form", () => {
    expect(codes({ ...base, id: "00000000-0000-0000-0000-000000000000" })).toEqual(["warning XAPI_UUID /id"]);
    expect(codes({ ...base, id: "{0b8a3f52-6c1e-4d2a-9f3b-2d6e1c7a9e21}" })).toEqual(["error XAPI_UUID /id"]);
  });

  it("judges timestamps by the version", () => {
    const noZone = { ...base, timestamp: "2024-05-02T14:03:00" };
    expect(codes(noZone, "1.0.3")).toEqual(["warning XAPI_TIMESTAMP /timestamp"]);
    expect(codes(noZone, "2.0")).toEqual(["error XAPI_TIMESTAMP /timestamp"]);
    expect(codes({ ...base, stored: "2024-05-02T14:03:00-00:00" })).toEqual(["error XAPI_TIMESTAMP /stored"]);
  });

  it("accepts version 2.0.0 only under xAPI 2.0", () => {
    const statement = { ...base, version: "2.0.0" };
    expect(codes(statement, "2.0")).toEqual([]);
    expect(codes(statement, "1.0.3")).toEqual(["error XAPI_VERSION /version"]);
    expect(codes(statement, statementVersion(statement, "1.0.3"))).toEqual([]);
  });

  it("checks interaction component lists", () => {
    const interaction = (definition: object) => ({ ...base, object: { id: "http://example.com/q1", definition } });
    const choices = [{ id: "a" }, { id: "b" }];
    expect(codes(interaction({ interactionType: "choice", choices }))).toEqual([]);
    expect(codes(interaction({ interactionType: "choice", choices: [{ id: "a" }, { id: "a" }] }))).toEqual([
      "error XAPI_INTERACTION /object/definition/choices/1",
    ]);
    expect(codes(interaction({ interactionType: "true-false", choices }))).toEqual([
      "warning XAPI_INTERACTION /object/definition/choices",
    ]);
    expect(codes(interaction({ choices }))).toEqual(["error XAPI_INTERACTION /object/definition"]);
    expect(codes(interaction({ interactionType: "choice", choices: [{ id: "a b" }] }))).toEqual([
      "warning XAPI_INTERACTION /object/definition/choices/0/id",
    ]);
  });

  it("requires a signature attachment to be application/octet-stream", () => {
    const attachment = {
      usageType: "http://adlnet.gov/expapi/attachments/signature",
      display: { en: "signature" },
      contentType: "application/jose",
      length: 100,
      sha2: "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    };
    expect(codes({ ...base, attachments: [attachment] })).toEqual(["error XAPI_ATTACHMENT /attachments/0/contentType"]);
    expect(codes({ ...base, attachments: [{ ...attachment, contentType: "application/octet-stream" }] })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------- hostile input

describe("hostile strings finish quickly (no catastrophic backtracking)", () => {
  const K100 = 100_000;
  const a = "a".repeat(K100);
  const digits = "1".repeat(K100);
  it.each<[string, () => unknown]>([
    ["IRI without a colon", () => isIri(a + " ")],
    ["IRI with a trailing space", () => isIri(`a:${a} `)],
    ["IRI of scheme characters", () => isIri("a" + "+.-".repeat(K100 / 3))],
    ["IRI of percent signs", () => isIri(`a:${"%".repeat(K100)}`)],
    ["IRI of escapes with a bad end", () => isIri(`a:${"%41".repeat(K100 / 3)} `)],
    ["IRI of emoji with a bad end", () => isIri(`a:${"\uD83D\uDE00".repeat(K100 / 2)} `)],
    ["mailto local part", () => isMailto(`mailto:${a}`)],
    ["mailto of dotted labels", () => isMailto(`mailto:a@${"a.".repeat(K100 / 2)} `)],
    ["mailto of at signs", () => isMailto(`mailto:${"a@".repeat(K100 / 2)}`)],
    ["SHA-1", () => isSha1(a)],
    ["UUID", () => uuidForm("0".repeat(K100))],
    ["duration digits", () => isDuration(`P${digits}X`)],
    ["duration fraction", () => isDuration(`PT1.${digits}S1`)],
    ["timestamp fraction", () => timestampProblem(`2008-09-15T15:53:00.${digits}X`, "1.0.3")],
    ["timestamp digits", () => timestampProblem(digits, "2.0")],
    ["language tag of short subtags", () => isLanguageTag("a-".repeat(K100 / 2))],
    ["language tag of variants", () => isLanguageTag(`en-${"abcde-".repeat(K100 / 6)}`)],
    ["language tag of extensions", () => isLanguageTag(`en-a-${"bb-".repeat(K100 / 3)}`)],
    ["version", () => isVersion(`1.0.${digits}x`, "2.0")],
    [
      "a statement full of long strings",
      () =>
        checkStatement({ [a]: 1, actor: { mbox: `mailto:${a}` }, verb: { id: `a:${a} ` }, object: { id: a } }, "1.0.3"),
    ],
  ])("%s (100 KB)", (_what, run) => {
    const started = performance.now();
    run();
    expect(performance.now() - started).toBeLessThan(250);
  });

  it.each<[string, () => boolean]>([
    ["an IRI with a trailing space", () => isIri(`a:${"a".repeat(5_000_000)} `)],
    ["an IRI of escapes", () => isIri(`a:${"%41".repeat(1_700_000)}`)],
    ["a mailto of dotted labels", () => isMailto(`mailto:a@${"a.".repeat(2_500_000)} `)],
  ])("%s of 5 MB neither throws nor takes long", (_what, run) => {
    const started = performance.now();
    expect(run).not.toThrow();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
