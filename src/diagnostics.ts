import { messages, schemaMessages } from "./messages.js";
import { written, type ArgsParam } from "./templates.js";

export type Severity = "error" | "warning";

/**
 * How much breaking a rule matters, by what the spec says of it; the level alone decides a diagnostic's
 * severity, by default and under --strict. A call site names a level its rule code has (see
 * `ruleInfo`), never a severity.
 */
export const levels = {
  invalid: {
    default: "error",
    strict: "error",
    meaning:
      "what breaks a standard's MUST-level structure, or makes the record wrong or unusable: the event is invalid",
  },
  deviation: {
    default: "warning",
    strict: "error",
    meaning:
      "a deviation from the spec that leaves the record sound (a bare UUID where Caliper wants `urn:uuid:`, a time without milliseconds, nulls in Caliper payloads, `min == max`)",
  },
  quality: {
    default: "warning",
    strict: "warning",
    meaning:
      "what the spec allows but leaves the data poorer (a score above its maximum, a max-score fallback, a grade without a course)",
  },
} as const satisfies Record<string, { default: Severity; strict: Severity; meaning: string }>;

export type Level = keyof typeof levels;

/** From the strongest level to the weakest. */
export const LEVELS: readonly Level[] = ["invalid", "deviation", "quality"];

// Most codes have one level: nothing to say about when.
const INVALID = { invalid: "" } as const;
const DEVIATION = { deviation: "" } as const;
const QUALITY = { quality: "" } as const;

/**
 * The catalogue: every rule code, what it means, and the levels it is reported at (with, for a code
 * that has several, when each applies). The README's table of rule codes is written from it
 * (`npm run readme`). Rule codes are stable: tests, `--format json` consumers and CI filters rely on
 * them. Add codes, never rename them.
 */
export const ruleInfo = {
  JSON_SYNTAX: { title: "Not valid JSON", levels: INVALID },
  ENCODING: { title: "Not UTF-8 text (invalid bytes, or UTF-16)", levels: INVALID },
  DUPLICATE_KEY: {
    title: "A key that appears twice in one object (the last value is kept, as JSON.parse does)",
    levels: DEVIATION,
  },
  EVENT_TOO_LARGE: { title: "A line longer than --max-event-bytes, skipped unread", levels: INVALID },
  READ_ERROR: {
    title: "The input stopped being readable part-way (for example a corrupt gzip stream)",
    levels: INVALID,
  },
  NO_EVENTS: { title: "The file holds no events", levels: QUALITY },
  FOLDER_ENTRIES_SKIPPED: {
    title:
      "A folder walk skipped hidden entries (names starting with a dot) or symbolic links leading out of the folder named (--follow-links follows those)",
    levels: QUALITY,
  },
  DESCRIBE_AFTER_EVENTS: {
    title:
      "An entity described after events in an envelope read element by element (over 8 MiB, or cut short): the events before it could not use it",
    levels: QUALITY,
  },
  MORE_FINDINGS: {
    title:
      "More diagnostics in one event than are listed: the first 100 in file order are, the rest are counted by code in this one",
    levels: {
      invalid: "any diagnostic it counts is an error",
      deviation: "the strongest diagnostic it counts is a deviation",
      quality: "every diagnostic it counts is data quality",
    },
  },
  REQUIRED: {
    title: "A required property is missing",
    levels: {
      invalid: "a property an event, an entity or a profile needs",
      deviation:
        "a Caliper envelope's sensor, sendTime or dataVersion, or where a profile's schema marks the rule a deviation",
    },
  },
  TYPE: {
    title: "A value has the wrong JSON type",
    levels: {
      invalid: "a Caliper event's type or action, or where a profile's schema requires the type",
      deviation: "where a profile's schema marks the rule a deviation",
    },
  },
  ENUM: { title: "A value is not one of those allowed", levels: INVALID },
  CONST: { title: "A value differs from the one required", levels: INVALID },
  FORMAT: { title: "A value is not in the required format", levels: INVALID },
  PATTERN: {
    title: "A value does not match the required pattern",
    levels: {
      invalid: "where a profile's schema requires the pattern",
      deviation: "where a profile's schema marks the rule a deviation",
    },
  },
  RANGE: { title: "A number is out of the allowed range", levels: INVALID },
  UNKNOWN_PROPERTY: {
    title: "A property the specification does not define",
    levels: {
      invalid: "in an event, where a profile's schema allows no other property",
      deviation: "a custom property of a Caliper envelope",
    },
  },
  SCHEMA: { title: "A value breaks the event's schema", levels: INVALID },
  BAD_TIME: {
    title: "A time is not an RFC 3339 date-time string",
    levels: {
      invalid:
        "a Caliper event's eventTime, or the time of an entity in an event or of a described entity (Caliper 1.1 §4.3, 1.2: ISO 8601 date-times)",
      deviation: "a Caliper envelope's sendTime",
    },
  },
  TIME_NOT_CALIPER_FORMAT: { title: "A Caliper time is not in the form YYYY-MM-DDTHH:mm:ss.SSSZ", levels: DEVIATION },
  EVENT_ID_NOT_URN_UUID: { title: "A Caliper event id is not a urn:uuid: URN", levels: DEVIATION },
  SCORE_NOT_NUMBER: { title: "A score is not a finite number", levels: INVALID },
  SCORE_ABOVE_MAX: { title: "A score exceeds its maximum", levels: QUALITY },
  NO_COURSE: {
    title: "The event names no course",
    levels: {
      invalid: "no course is named, or the course named has no identifier",
      quality: "an IRI stands in for the course's own identifier, or an xAPI statement names none, which xAPI allows",
    },
  },
  NO_LEARNER: {
    title: "The event names no learner",
    levels: {
      invalid: "no learner is named, or the learner has no identifier",
      quality: "an IRI stands in for the learner's own identifier, or a Caliper 1.2 learner is anonymous",
    },
  },
  NO_ITEM: { title: "The event names no grade item", levels: INVALID },
  NO_ACTOR_ID: { title: "The event's actor has no usable identifier", levels: INVALID },
  XAPI_REQUIRED: {
    title: "An xAPI object lacks a property the spec requires (a statement's actor, verb or object; an Activity's id)",
    levels: INVALID,
  },
  XAPI_UNKNOWN_PROPERTY: {
    title: "An xAPI object has a property the spec does not define there, or in another case (keys are case-sensitive)",
    levels: INVALID,
  },
  XAPI_NULL: { title: "An xAPI value is null, which the spec allows only inside extensions", levels: INVALID },
  XAPI_TYPE: {
    title: "An xAPI value has the wrong JSON type (a string where a number or an object is required)",
    levels: INVALID,
  },
  XAPI_OBJECT_TYPE: { title: "An xAPI objectType is missing, misspelt or not allowed where it is", levels: INVALID },
  XAPI_IFI: {
    title:
      "An xAPI Agent or identified Group has no identifier, or more than one (mbox, mbox_sha1sum, openid, account)",
    levels: INVALID,
  },
  XAPI_GROUP: {
    title: "An xAPI Group breaks the Group rules (an anonymous Group without members, a Group as a member)",
    levels: INVALID,
  },
  XAPI_AUTHORITY: {
    title: "An xAPI authority is neither an Agent nor an anonymous Group of exactly two Agents",
    levels: INVALID,
  },
  XAPI_IRI: { title: "An xAPI IRI or IRL has no scheme or holds characters an IRI cannot (a space)", levels: INVALID },
  XAPI_MBOX: { title: "An xAPI mbox is not a mailto: IRI of an e-mail address", levels: INVALID },
  XAPI_SHA1: { title: "An xAPI mbox_sha1sum is not a hex SHA-1 hash", levels: INVALID },
  XAPI_UUID: {
    title: "An xAPI UUID is not in standard form, or not an RFC 4122 UUID",
    levels: { invalid: "not in standard form, a MUST", deviation: "not an RFC 4122 UUID, a SHOULD" },
  },
  XAPI_TIMESTAMP: {
    title: "An xAPI timestamp or stored time is not an ISO 8601 / RFC 3339 date and time",
    levels: {
      invalid: "not an ISO 8601 date and time, not a real one, or not RFC 3339 under xAPI 2.0",
      deviation: "ISO 8601 but not RFC 3339 under xAPI 1.0.3, a SHOULD*; or a space between date and time",
    },
  },
  XAPI_DURATION: { title: "An xAPI duration is not an ISO 8601 duration", levels: INVALID },
  XAPI_LANGUAGE_TAG: {
    title: "An xAPI language tag (a language map key, context.language) is not RFC 5646",
    levels: INVALID,
  },
  XAPI_SCORE: {
    title: "An xAPI score breaks the score rules (scaled in [-1, 1], min <= raw <= max, min < max)",
    levels: {
      invalid: "scaled outside [-1, 1], min above max, raw outside [min, max]",
      deviation: "min equal to max, a SHOULD",
    },
  },
  XAPI_VERSION: { title: "An xAPI statement version is not one the spec accepts", levels: INVALID },
  XAPI_VOIDING: { title: "An xAPI voiding statement's object is not a StatementRef", levels: INVALID },
  XAPI_SUBSTATEMENT: {
    title: "An xAPI SubStatement has id, stored, version or authority, or nests another SubStatement",
    levels: INVALID,
  },
  XAPI_CONTEXT: {
    title:
      "An xAPI context breaks a context rule (revision or platform without an Activity object, empty relevantTypes)",
    levels: INVALID,
  },
  XAPI_INTERACTION: {
    title:
      "An xAPI interaction activity breaks the interaction rules (interactionType, component lists, component ids)",
    levels: {
      invalid: "no or an unknown interactionType, a component id repeated: MUSTs",
      deviation:
        "a component list the interaction type does not use, which an LRS MAY reject; a component id with whitespace, a SHOULD NOT",
    },
  },
  XAPI_ATTACHMENT: {
    title: "An xAPI attachment's metadata is malformed (contentType, sha2, a signature's content type)",
    levels: INVALID,
  },
  TASK_FAILED: {
    title:
      "A worker thread stopped (out of memory, or a crash) while reading a file or part of one: the rest of it was not read (--jobs; exit code 2)",
    levels: INVALID,
  },
  INTERNAL_ERROR: {
    title: "gradeev failed on an event or while reading a file: a bug in gradeev (exit code 3)",
    levels: INVALID,
  },
  UNRECOGNISED: { title: "No profile recognises the event (an error only with --fail-on-unknown)", levels: INVALID },
  CALIPER_UNKNOWN_TYPE: {
    title: "A Caliper type term or IMS type IRI that Caliper does not define",
    levels: { invalid: "an event's type", deviation: "a Caliper envelope's dataVersion" },
  },
  CALIPER_NO_ID: { title: "A Caliper 1.1+ event without an id", levels: DEVIATION },
  CALIPER_NO_CONTEXT: { title: "A Caliper 1.1+ event without a JSON-LD @context", levels: DEVIATION },
  CALIPER_NOT_IRI: {
    title: "A Caliper id or entity reference that is not an IRI",
    levels: {
      invalid:
        "an entity's id, or a reference inside an event or a described entity, including a number or a boolean where an entity belongs (Caliper 1.1 §4.2, 1.2 Identifiers: MUST be an IRI)",
      deviation: "a Caliper envelope's sensor",
    },
  },
  CALIPER_NULL: { title: "Caliper properties set to null instead of left out", levels: DEVIATION },
  MAX_SCORE_FALLBACK: { title: "The maximum score came from the graded item, not the score", levels: QUALITY },
  MAX_SCORE_UNKNOWN: {
    title: "A maxScore of 0 or below, and no maximum above 0 on the Score or the graded item: score_max is empty",
    levels: QUALITY,
  },
  OUTCOME_TOTAL_INCONSISTENT: {
    title: "A Caliper 1.0 totalScore that disagrees with normalScore + extraCreditScore - penaltyScore",
    levels: QUALITY,
  },
  ENTITY_TYPE: { title: "An entity of the wrong type in a slot (a Person where an Attempt belongs)", levels: INVALID },
  NO_SCORE: { title: "A grade event without a score (the record's score is empty)", levels: QUALITY },
  CMI5_SCORE: {
    title: "A score that breaks cmi5's stricter rules (integers, min/max with raw, scaled 0..1, mastery score)",
    levels: DEVIATION,
  },
  VERDICT_CONFLICT: {
    title: "The verb states a verdict (passed, failed) that result.success contradicts: success is empty",
    levels: DEVIATION,
  },
  ID_CONFLICT: {
    title:
      "With --dedupe or --latest: events that share an id but not their content (an LRS answers 409 Conflict); none of them is converted",
    levels: {
      invalid: "between events gradeev would convert: none is",
      quality: "one of them is a statement no profile knows: it voids nothing",
    },
  },
  LEARNER_IS_ACTOR: {
    title: "The learner is named only as the event's actor, which grade events reserve for the grader",
    levels: INVALID,
  },
} as const satisfies Record<string, RuleInfo>;

export interface RuleInfo {
  title: string;
  /** The levels the code is reported at, each with when it applies ("" for a code with one level). */
  levels: Partial<Record<Level, string>>;
}

export type RuleCode = keyof typeof ruleInfo;

/** The levels `code` is reported at; for a union of codes, those they all have. */
export type LevelOf<C extends RuleCode> = keyof (typeof ruleInfo)[C]["levels"] & Level;

/** Levels whose severity is the same by default and under --strict. */
export type FixedLevel = {
  [L in Level]: (typeof levels)[L]["default"] extends (typeof levels)[L]["strict"] ? L : never;
}[Level];

/** The severity of a diagnostic at `level`, by default or under --strict. */
export function severityAt(level: Level, strict: boolean): Severity {
  return levels[level][strict ? "strict" : "default"];
}

/**
 * The severity of a diagnostic made where the mode is not known (the reader's): only a level whose
 * severity is the same in both modes will do.
 */
export function fixedSeverity<C extends RuleCode>(code: C, level: LevelOf<C> & FixedLevel): Severity {
  return severityAt(checkedLevel(code, level), false);
}

/** `level`, once it is known to be one of `code`'s: for levels that come as text (schema annotations). */
export function checkedLevel(code: RuleCode, level: string): Level {
  if (!Object.hasOwn(ruleInfo[code].levels, level))
    throw new Error(`the rule ${code} has no level ${JSON.stringify(level)}`);
  return level as Level;
}

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(ruleInfo, code);
}

export interface Diagnostic {
  code: RuleCode;
  severity: Severity;
  /** Written from the catalogue's template (src/messages.ts) named by `variant`, with `args`. */
  message: string;
  file: string;
  line: number;
  /** Set for JSON syntax errors and for values located inside their line. */
  column?: number;
  /** 0-based index of the event in its file; absent for diagnostics of the file itself. */
  index?: number;
  eventId?: string;
  /** JSON Pointer (RFC 6901) to the offending value inside its document (the file, or the NDJSON line). */
  pointer?: string;
  profile?: string;
  /**
   * The name of the code's message template the message was written from (`messages` in
   * src/messages.ts); absent from a diagnostic read back from a report. Not written to any report.
   */
  variant?: string;
  /** The text each placeholder of that template stands for, by name: the arguments as data. */
  args?: Readonly<Record<string, string>>;
}

/**
 * What a profile or the schema layer reports; the core adds the severity (from the level and the
 * mode), file, line, index and id, and writes the message, once, for the diagnostics it lists.
 * One member per code, so that a draft written out whole is held to its code's levels too.
 */
export type DiagnosticDraft = { [C in RuleCode]: Draft<C> }[RuleCode];

interface Draft<C extends RuleCode> {
  code: C;
  level: LevelOf<C>;
  /** JSON Pointer relative to the event. */
  pointer: string;
  /** One of the code's message templates, by name, and its arguments. */
  variant: string;
  args?: Readonly<Record<string, unknown>>;
}

/** A message template of the catalogue, named `CODE.variant`. */
export type MessageId = { [C in Catalogued]: `${C}.${keyof (typeof messages)[C] & string}` }[Catalogued];

type Catalogued = keyof typeof messages;

/** The rule code of a message template. */
export type CodeOf<K extends MessageId> = K extends `${infer C extends RuleCode}.${string}` ? C : never;

/** The template text of a message template. */
export type TemplateOf<K extends MessageId> = K extends `${infer C extends Catalogued}.${infer V}`
  ? V extends keyof (typeof messages)[C]
    ? (typeof messages)[C][V] & string
    : never
  : never;

function split(id: string): [RuleCode, string] {
  const dot = id.indexOf(".");
  return [id.slice(0, dot) as RuleCode, id.slice(dot + 1)];
}

/**
 * A diagnostic of the rule code of `id` at one of its levels, at `pointer` (relative to the event),
 * worded by the template `id` with `args`: written out only if the diagnostic is listed.
 */
export function diagnostic<K extends MessageId>(
  id: K,
  level: LevelOf<CodeOf<K>>,
  pointer: string,
  ...args: ArgsParam<TemplateOf<K>>
): DiagnosticDraft {
  return draftOf(id, level, pointer, args[0]);
}

/** diagnostic, with arguments its caller has checked against the template (the xAPI walk's). */
export function draftOf(
  id: MessageId,
  level: Level,
  pointer: string,
  args: Readonly<Record<string, unknown>> | undefined,
): DiagnosticDraft {
  const [code, variant] = split(id);
  return { code, level, pointer, variant, args } as DiagnosticDraft;
}

/** The fields of a diagnostic that its template writes: the message, and the template's name and arguments. */
export interface Worded {
  message: string;
  variant: string;
  args: Readonly<Record<string, string>>;
}

/** The message of template `id` with `args`, with the data it was written from. */
export function worded<K extends MessageId>(id: K, ...args: ArgsParam<TemplateOf<K>>): Worded {
  const [code, variant] = split(id);
  return wordedAs(code, variant, args[0]);
}

/** worded, for a code and a variant known only as data (a draft's). */
export function wordedAs(code: RuleCode, variant: string, args?: Readonly<Record<string, unknown>>): Worded {
  const template = templateOf(code, variant);
  if (template === undefined) throw new Error(`the rule ${code} has no message ${JSON.stringify(variant)}`);
  const { message, texts } = written(template, args);
  return { message, variant, args: texts };
}

/** A failed schema keyword's template (`schemaMessages`), which any code a schema reports may use. */
export type SchemaVariant = `schema.${keyof typeof schemaMessages}`;

/**
 * The template of `code` named `variant`; or, for a variant named in full, of a schema keyword
 * (`schema.required`) or of another code (`PATTERN.brightspaceId`: one subschema's `x-message`
 * serves each of its keywords, and so each of their codes).
 */
export function templateOf(code: RuleCode, variant: string): string | undefined {
  const dot = variant.indexOf(".");
  if (dot < 0) return (messages as Partial<Record<RuleCode, Record<string, string>>>)[code]?.[variant];
  const owner = variant.slice(0, dot);
  const name = variant.slice(dot + 1);
  if (owner === "schema") return (schemaMessages as Record<string, string>)[name];
  return isRuleCode(owner) ? templateOf(owner, name) : undefined;
}

/** The templates a schema's `x-message` was written from, by text. */
const annotations = new Map<string, { id: MessageId; args: Readonly<Record<string, unknown>> | undefined }>();

/**
 * The message of template `id` with `args`, as a profile's schema carries it (`x-message`): a
 * schema is published as JSON (`gradeev schema`), so it holds the sentence, and the checker finds
 * the template it came from by its text (annotatedMessage).
 */
export function annotated<K extends MessageId>(id: K, ...args: ArgsParam<TemplateOf<K>>): string {
  const [code, variant] = split(id);
  const { message } = wordedAs(code, variant, args[0]);
  const said = annotations.get(message);
  if (said !== undefined && said.id !== id)
    throw new Error(`${id} and ${said.id} both write ${JSON.stringify(message)}`);
  annotations.set(message, { id, args: args[0] });
  return message;
}

/**
 * The template and arguments a schema's `x-message` was written from by `annotated`, as the variant
 * of a diagnostic of `code`: named in full when the template is another code's.
 */
export function annotatedMessage(
  code: RuleCode,
  text: string,
): { variant: string; args: Readonly<Record<string, unknown>> | undefined } {
  const found = annotations.get(text);
  if (found === undefined)
    throw new Error(`the schema message ${JSON.stringify(text)} is not written from the catalogue`);
  const [owner, variant] = split(found.id);
  return { variant: owner === code ? variant : found.id, args: found.args };
}
