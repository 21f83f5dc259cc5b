/**
 * Rule codes are stable: tests, `--format json` consumers and CI filters rely on them.
 * Add codes, never rename them.
 */
export const ruleInfo = {
  JSON_SYNTAX: { title: "Not valid JSON" },
  ENCODING: { title: "Not UTF-8 text (invalid bytes, or UTF-16)" },
  DUPLICATE_KEY: { title: "A key that appears twice in one object (the last value is kept, as JSON.parse does)" },
  EVENT_TOO_LARGE: { title: "A line longer than --max-event-bytes, skipped unread" },
  READ_ERROR: { title: "The input stopped being readable part-way (for example a corrupt gzip stream)" },
  NO_EVENTS: { title: "The file holds no events" },
  DESCRIBE_AFTER_EVENTS: { title: "An entity described after events in an envelope read element by element (over 8 MiB, or cut short): the events before it could not use it" },
  MORE_FINDINGS: { title: "More findings in one event than are listed: the first 100 are, the rest are counted by code in this one" },
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
  SCORE_NOT_NUMBER: { title: "A score is not a finite number" },
  SCORE_ABOVE_MAX: { title: "A score exceeds its maximum", quality: true },
  NO_COURSE: { title: "The event names no course", quality: true },
  NO_LEARNER: { title: "The event names no learner", quality: true },
  NO_ITEM: { title: "The event names no grade item", quality: true },
  NO_ACTOR_ID: { title: "The event's actor has no usable identifier" },
  XAPI_REQUIRED: { title: "An xAPI object lacks a property the spec requires (a statement's actor, verb or object; an Activity's id)" },
  XAPI_UNKNOWN_PROPERTY: { title: "An xAPI object has a property the spec does not define there, or in another case (keys are case-sensitive)" },
  XAPI_NULL: { title: "An xAPI value is null, which the spec allows only inside extensions" },
  XAPI_TYPE: { title: "An xAPI value has the wrong JSON type (a string where a number or an object is required)" },
  XAPI_OBJECT_TYPE: { title: "An xAPI objectType is missing, misspelt or not allowed where it is" },
  XAPI_IFI: { title: "An xAPI Agent or identified Group has no identifier, or more than one (mbox, mbox_sha1sum, openid, account)" },
  XAPI_GROUP: { title: "An xAPI Group breaks the Group rules (an anonymous Group without members, a Group as a member)" },
  XAPI_AUTHORITY: { title: "An xAPI authority is neither an Agent nor an anonymous Group of exactly two Agents" },
  XAPI_IRI: { title: "An xAPI IRI or IRL has no scheme or holds characters an IRI cannot (a space)" },
  XAPI_MBOX: { title: "An xAPI mbox is not a mailto: IRI of an e-mail address" },
  XAPI_SHA1: { title: "An xAPI mbox_sha1sum is not a hex SHA-1 hash" },
  XAPI_UUID: { title: "An xAPI UUID is not in standard form, or not an RFC 4122 UUID" },
  XAPI_TIMESTAMP: { title: "An xAPI timestamp or stored time is not an ISO 8601 / RFC 3339 date and time" },
  XAPI_DURATION: { title: "An xAPI duration is not an ISO 8601 duration" },
  XAPI_LANGUAGE_TAG: { title: "An xAPI language tag (a language map key, context.language) is not RFC 5646" },
  XAPI_SCORE: { title: "An xAPI score breaks the score rules (scaled in [-1, 1], min <= raw <= max, min < max)" },
  XAPI_VERSION: { title: "An xAPI statement version is not one the spec accepts" },
  XAPI_VOIDING: { title: "An xAPI voiding statement's object is not a StatementRef" },
  XAPI_SUBSTATEMENT: { title: "An xAPI SubStatement has id, stored, version or authority, or nests another SubStatement" },
  XAPI_CONTEXT: { title: "An xAPI context breaks a context rule (revision or platform without an Activity object, empty relevantTypes)" },
  XAPI_INTERACTION: { title: "An xAPI interaction activity breaks the interaction rules (interactionType, component lists, component ids)" },
  XAPI_ATTACHMENT: { title: "An xAPI attachment's metadata is malformed (contentType, sha2, a signature's content type)" },
  INTERNAL_ERROR: { title: "gradeev failed on an event: a bug in gradeev (exit code 3)" },
  UNRECOGNISED: { title: "No profile recognises the event (an error only with --fail-on-unknown)" },
  CALIPER_UNKNOWN_TYPE: { title: "A Caliper type term or IMS type IRI that Caliper does not define" },
  CALIPER_NO_ID: { title: "A Caliper 1.1+ event without an id" },
  CALIPER_NO_CONTEXT: { title: "A Caliper 1.1+ event without a JSON-LD @context" },
  CALIPER_NOT_IRI: { title: "A Caliper id or entity reference that is not an IRI" },
  CALIPER_NULL: { title: "Caliper properties set to null instead of left out" },
  MAX_SCORE_FALLBACK: { title: "The maximum score came from the graded item, not the score", quality: true },
  MAX_SCORE_UNKNOWN: { title: "A maxScore of 0 or below, and no maximum above 0 on the Score or the graded item: score_max is empty", quality: true },
  OUTCOME_TOTAL_INCONSISTENT: { title: "A Caliper 1.0 totalScore that disagrees with normalScore + extraCreditScore - penaltyScore", quality: true },
  ENTITY_TYPE: { title: "An entity of the wrong type in a slot (a Person where an Attempt belongs)" },
  NO_SCORE: { title: "A grade event without a score (the record's score is empty)", quality: true },
  CMI5_SCORE: { title: "A score that breaks cmi5's stricter rules (integers, min/max with raw, scaled 0..1, mastery score)" },
  VERDICT_CONFLICT: { title: "The verb states a verdict (passed, failed) that result.success contradicts: success is empty" },
  LEARNER_IS_ACTOR: { title: "The learner is named only as the event's actor, which grade events reserve for the grader" },
  ID_CONFLICT: { title: "With --dedupe or --latest: events that share an id but not their content (an LRS answers 409 Conflict); none of them is converted" },
} as const satisfies Record<string, RuleInfo>;

export interface RuleInfo {
  title: string;
  /**
   * A warning about data quality that the spec allows (a score above its maximum, a record without a
   * course where the standard makes the course optional): it stays a warning under --strict, which
   * turns every other warning (a deviation from the spec) into an error. Errors stay errors.
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
