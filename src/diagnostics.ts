/**
 * Rule codes are stable: tests, `--format json` consumers and CI filters rely on them.
 * Add codes, never rename them.
 */
export const ruleInfo = {
  JSON_SYNTAX: { title: "Not valid JSON" },
  ENCODING: { title: "Not UTF-8 text (invalid bytes, or UTF-16)" },
  READ_ERROR: { title: "The input stopped being readable part-way (for example a corrupt gzip stream)" },
  NO_EVENTS: { title: "The file holds no events" },
  REQUIRED: { title: "A required property is missing" },
  TYPE: { title: "A value has the wrong JSON type" },
  ENUM: { title: "A value is not one of those allowed" },
  CONST: { title: "A value differs from the one required" },
  FORMAT: { title: "A value is not in the required format" },
  PATTERN: { title: "A value does not match the required pattern" },
  RANGE: { title: "A number is out of the allowed range" },
  UNKNOWN_PROPERTY: { title: "A property the specification does not define" },
  SCHEMA: { title: "A value breaks the event's schema" },
  BAD_TIME: { title: "A time is not an RFC 3339 date-time" },
  TIME_NOT_CALIPER_FORMAT: { title: "A Caliper time is not in the form YYYY-MM-DDTHH:mm:ss.SSSZ" },
  EVENT_ID_NOT_URN_UUID: { title: "A Caliper event id is not a urn:uuid: URN" },
  STATEMENT_ID_NOT_UUID: { title: "An xAPI statement id is not a UUID" },
  SCORE_NOT_NUMBER: { title: "A score is not a finite number" },
  SCORE_ABOVE_MAX: { title: "A score exceeds its maximum", quality: true },
  NO_COURSE: { title: "The event names no course" },
  NO_LEARNER: { title: "The event names no learner" },
  NO_ITEM: { title: "The event names no grade item" },
  NO_ACTOR_ID: { title: "The event's actor has no usable identifier" },
  UNRECOGNISED: { title: "No profile recognises the event (an error only with --fail-on-unknown)" },
  CALIPER_UNKNOWN_TYPE: { title: "A Caliper type term or IMS type IRI that Caliper does not define" },
  CALIPER_NO_ID: { title: "A Caliper 1.1+ event without an id" },
  CALIPER_NO_CONTEXT: { title: "A Caliper 1.1+ event without a JSON-LD @context" },
  CALIPER_NULL: { title: "Caliper properties set to null instead of left out" },
  MAX_SCORE_FALLBACK: { title: "The maximum score came from the graded item, not the score", quality: true },
  OUTCOME_TOTAL_INCONSISTENT: { title: "A Caliper 1.0 totalScore that disagrees with normalScore + extraCreditScore - penaltyScore", quality: true },
  ENTITY_TYPE: { title: "An entity of the wrong type in a slot (a Person where an Attempt belongs)" },
  NO_SCORE: { title: "A grade event without a score (the record's score is empty)" },
  LEARNER_IS_ACTOR: { title: "The learner is named only as the event's actor, which grade events reserve for the grader" },
} as const satisfies Record<string, RuleInfo>;

export interface RuleInfo {
  title: string;
  /**
   * A warning about data quality that the spec allows (a score above its maximum): it stays a
   * warning under --strict, which turns every other warning (a deviation from the spec) into an error.
   */
  quality?: true;
}

export type RuleCode = keyof typeof ruleInfo;

export function isQualityRule(code: RuleCode): boolean {
  return (ruleInfo[code] as RuleInfo).quality === true;
}
export type Severity = "error" | "warning";

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(ruleInfo, code);
}

export interface Diagnostic {
  code: RuleCode;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  /** Set for JSON syntax errors and for values located inside their line. */
  column?: number;
  /** 0-based index of the event in its file; absent for problems with the file itself. */
  index?: number;
  eventId?: string;
  /** JSON Pointer (RFC 6901) to the offending value inside its document (the file, or the NDJSON line). */
  pointer?: string;
  profile?: string;
}

/** What a profile or the schema layer reports; the core adds file, line, index and id. */
export interface DiagnosticDraft {
  code: RuleCode;
  severity: Severity;
  message: string;
  /** JSON Pointer relative to the event. */
  pointer: string;
}

export function error(code: RuleCode, pointer: string, message: string): DiagnosticDraft {
  return { code, severity: "error", pointer, message };
}

export function warning(code: RuleCode, pointer: string, message: string): DiagnosticDraft {
  return { code, severity: "warning", pointer, message };
}
