/**
 * The wording of every diagnostic: per rule code, its message templates by name, with `{name}` or
 * `{name:format}` placeholders (src/templates.ts says what each format takes and writes). A call
 * site names a template (`diagnostic("NO_COURSE.none", …)` in diagnostics.ts) and gives its
 * arguments; TypeScript derives them from the template, so no English is written anywhere else.
 * docs/rules.md lists every template (`npm run readme`). `{message}` is the message of an earlier
 * diagnostic that a later step says more of (the rest of a document skipped after a fault).
 */
import type { RuleCode } from "./diagnostics.js";

/** `{message}; the rest of the document cannot be read`: a line that stops a document part-way. */
const REST_UNREAD = "{message}; the rest of the document cannot be read";
const INTERNAL = "please report it";
const INTERACTION_TYPES =
  "true-false, choice, fill-in, long-fill-in, matching, performance, sequencing, likert, numeric or other";
const CONFLICT = <T extends string>(others: T) =>
  `the id {id} is also that of ${others}, and not all of them say the same: an LRS refuses a statement whose id it holds with other content (409 Conflict), and which one is right cannot be told` as const;

export const messages = {
  JSON_SYNTAX: {
    parser: "{detail}",
    empty: "there is no JSON value here",
    truncated: "the JSON ends too early: the text looks truncated",
    truncatedStream: "the JSON ends too early: the text looks truncated; every complete element before it was read",
    artefact: "unexpected {artefact:phrase}: a classic copy-paste artefact; replace it with its plain ASCII equivalent",
    nextToArtefact:
      "{message}, next to {artefact:phrase}: a classic copy-paste artefact; replace it with its plain ASCII equivalent",
    nul: "{message}; a NUL character suggests UTF-16 or binary data, not UTF-8 JSON",
    lateBom:
      "a byte-order mark (U+FEFF) that does not start the file (files joined with cat?): JSON allows one at the very start only; the document after it was read",
    skippedNotKept:
      "{message}; the {lines} lines ({chars} characters) from here to the next line that starts a document were skipped, too many to copy to --rejects",
    notWritable: "the value cannot be written as JSON: {reason}",
    trailingCommaArray: "a comma before ] (JSON allows no trailing comma)",
    trailingCommaObject: "a comma before } (JSON allows no trailing comma)",
    arraySeparator: "expected , or ] between the elements of the array",
    dataSeparator: "expected , or ] between the elements of {key}",
    objectSeparator: "expected , or } after a property",
    colon: "expected : after a property name",
    keyNotClosed: "a property name is not closed on its line: the text looks truncated",
    keyNotQuoted: "expected a property name in double quotes",
    badKey: "a property name that is not a valid JSON string (a bad escape or a control character)",
  },
  ENCODING: {
    wide: "the file is {encoding} text; gradeev reads UTF-8, which JSON requires (RFC 8259): convert it first, e.g. with iconv -f {iconv} -t UTF-8",
    invalidUtf8:
      "invalid UTF-8 at byte offset {offset} (bytes {bytes}); gradeev reads UTF-8 only and will not guess, so that no identifier is silently changed",
    restUnread: REST_UNREAD,
    skipped: "{message}; the {lines} lines from here to the next line that starts a document were skipped",
    skippedNotKept:
      "{message}; the {lines} lines from here to the next line that starts a document were skipped, too many to copy to --rejects",
  },
  DUPLICATE_KEY: {
    repeated: "the key {key:json} appears more than once in its object; gradeev, like JSON.parse, keeps the last value",
  },
  EVENT_TOO_LARGE: {
    line: "the line is {bytes} bytes long, over the limit of {limit} bytes (--max-event-bytes); it was skipped unread",
    element:
      "this element is {bytes} bytes long, over the limit of {limit} bytes (--max-event-bytes); it was skipped unread",
    document:
      "this document is at least {bytes} bytes long, over the limit of {limit} bytes (--max-event-bytes), and neither an array nor an object with a {keys:or} array to read element by element; it was skipped unread",
    documentOfEvents:
      "this document is at least {bytes} bytes long, over the limit of {limit} bytes (--max-event-bytes), and neither an array nor an object with an array of events to read element by element; it was skipped unread",
    restUnread: REST_UNREAD,
  },
  READ_ERROR: {
    stopped: "reading stopped here: {reason}; the lines before this one were read",
    gzipTruncated:
      "reading stopped here: the gzip data ends early, so the file looks truncated; the lines before this one were read",
    gzipCorrupt: "reading stopped here: the gzip data is corrupt ({detail}); the lines before this one were read",
  },
  REQUIRED: {
    brightspaceId: "Brightspace statements carry an id; this one has none",
    caliperEvent: "a Caliper event must have {key}",
    caliperEntity: "a Caliper entity must have an id (an IRI)",
    caliperEmbedded: "an entity embedded in a Caliper {what} must have {key} (a Caliper Entity requires id and type)",
    envelopeSensor: "a Caliper envelope must name its sensor (an IRI)",
    envelopeSendTime: "a Caliper envelope must have sendTime",
    envelopeDataVersion: "a Caliper 1.1 or 1.2 envelope must have dataVersion",
  },
  TYPE: {
    caliperType: "the event's type must be a string",
    caliperAction: "action must be a string",
  },
  UNKNOWN_PROPERTY: {
    envelope: "a Caliper envelope allows no custom properties, and has {key:json}",
    envelopeMore: "and {more} more custom properties beside those named ({count} in all)",
  },
  BAD_TIME: {
    caliper: "{name} must be an RFC 3339 date-time, not {value:value}",
    entity: "{pointer:dotted} must be an RFC 3339 date-time string, not {value:value}",
  },
  TIME_NOT_CALIPER_FORMAT: {
    caliper: "Caliper times must be UTC with milliseconds (YYYY-MM-DDTHH:mm:ss.SSSZ), not {time}",
  },
  EVENT_ID_NOT_URN_UUID: { caliper: "Caliper event ids must be UUID URNs (urn:uuid:…), not {id:json}" },
  CALIPER_UNKNOWN_TYPE: {
    eventType: "{type} is not a Caliper event type",
    dataVersion: "dataVersion {dataVersion:json} is not a Caliper context IRI",
  },
  CALIPER_NO_ID: { missing: "Caliper 1.1 and later events must have an id (urn:uuid:…)" },
  CALIPER_NO_CONTEXT: { missing: "Caliper 1.1 and later events must carry a JSON-LD @context" },
  CALIPER_NOT_IRI: {
    sensor: "the envelope's sensor should be an IRI, not {sensor:json}",
    notEntity: "{pointer:dotted} must be an entity (an object with id and type) or its IRI, not {value:value}",
    notIri: "{pointer:dotted} must be an IRI (a scheme such as https: or urn:, no spaces), not {value:value}",
  },
  CALIPER_NULL: {
    one: "1 property is null; Caliper says to leave out properties without a value",
    many: "{count} properties are null; Caliper says to leave out properties without a value",
  },
  SCORE_NOT_NUMBER: {
    bbTooLarge: "object.score is too large to be a finite number",
    bbSchema: "object.score must be a finite number or null",
    gradeSchema: "generated.{key} must be a finite number",
    describedScore:
      "the Score {score} (described beside the event) has {key} {value:number}: it must be a finite number",
    caliperEntity: "{term}.{key} must be a finite number, not {value:number}",
  },
  SCORE_ABOVE_MAX: {
    bb: "object.score {score} is above object.scorePossible {max}",
    caliper: "scoreGiven {score} is above the maximum {max}",
  },
  NO_LEARNER: {
    xapiActor: "the learner (the actor) has no identifier gradeev can key on (an anonymous group?)",
    xapiAgent: "the learner (the agent the grade is for) has no identifier gradeev can key on (an anonymous group?)",
    bbNone: "object.user has no identifier",
    bbIri: "object.user has neither bb:user.externalId nor bb:user.id; the user column holds its IRI",
    bbSchema: "a calculated grade must name its learner in object.user",
    noAssignee: "the Attempt names no assignee (the learner)",
    anonymous: "the learner is anonymous",
    noActor: "the Attempt names no actor (the learner in Caliper 1.0)",
  },
  NO_COURSE: {
    cmi5: "cmi5 statements name no course (grouping holds the AU's publisher id), and no context activity is typed as a course",
    jisc: "neither a course activity nor a courseArea module id",
    moodle: "no Moodle course activity (cmi5 course in parent, or lms/course in grouping)",
    openedx: "no course activity (object or parent)",
    untyped: "no context activity is typed as a course; the course column is empty",
    brightspaceSchema: "context.extensions has no {extension}, which names the course (orgUnitId)",
    brightspaceExtension: "the context extension must name the course in orgUnitId",
    none: "the event names no course ({slot})",
    notACourse:
      "{slot} is a {type}, not a CourseSection or CourseOffering, and no course is above it (subOrganizationOf)",
    bbIri: "object.course has neither courseNumber nor bb:course.id; the course column holds its IRI",
    bbSchema: "a calculated grade must name its course in object.course",
    gradeIri:
      "the course has no courseNumber, SIS id or LMS id up its subOrganizationOf chain; the course column holds its IRI",
    outcomeIri:
      "the course has no courseNumber or LMS id up its subOrganizationOf chain; the course column holds its IRI",
  },
  NO_ITEM: {
    xapiObject: "the statement's object is {kind:article}, not an Activity: the grade names no item",
    brightspaceSchema: "context.extensions has no {extension}, which names the grade (id)",
    brightspaceExtension: "the object extension must name the grade in id",
    bbSchema: "a calculated grade must name its grade column in object.itemId",
    noAssignable: "the Attempt names no assignable with an id: the graded item is unknown",
    outcome: "neither the Attempt's assignable nor the event's target names the graded item",
  },
  LEARNER_IS_ACTOR: {
    grader:
      "the Attempt names no assignee; the event's actor is the grader, not the learner, so the grade has no learner",
  },
  NO_SCORE: {
    xapi: "result.score has neither raw nor scaled",
    noScore: "the event generates no Score the file describes, so the score is empty",
    noScoreGiven: "the Score has no scoreGiven",
    noResult: "the event generates no Result the file describes, so the score is empty",
    noResultScore: "the Result has neither totalScore nor normalScore",
  },
  MAX_SCORE_FALLBACK: {
    fromItem:
      "generated.maxScore is {generated:json}; the maximum {max:number} comes from the graded item (object.assignable.maxScore)",
  },
  MAX_SCORE_UNKNOWN: {
    generated:
      "generated.maxScore is {generated}: a maximum must be above 0 (Blackboard sends 0 for one it does not know), so score_max is empty",
    item: "object.assignable.maxScore is {item}: a maximum must be above 0 (Blackboard sends 0 for one it does not know), so score_max is empty",
    both: "generated.maxScore is {generated} and object.assignable.maxScore is {item}: a maximum must be above 0 (Blackboard sends 0 for one it does not know), so score_max is empty",
  },
  OUTCOME_TOTAL_INCONSISTENT: {
    total:
      "totalScore {total} is not normalScore + extraCreditScore − penaltyScore; the score is normalScore {normal:number}",
  },
  ENUM: {
    gradeAction: "a GradeEvent's action must be Graded",
    outcomeAction: "an OutcomeEvent's action must be Graded",
  },
  ENTITY_TYPE: {
    gradeObject: "a GradeEvent's object must be an Attempt",
    gradeGenerated: "a GradeEvent generates a Score",
    outcomeObject: "an OutcomeEvent's object must be an Attempt",
    outcomeGenerated: "an OutcomeEvent generates a Result",
  },
  XAPI_TYPE: {
    notObject: "a statement must be a JSON object, not {value:value}",
    wrong: "{path} must be {expected:phrase}, not {value:value}",
  },
  XAPI_NULL: {
    null: "{path} must not be null (xAPI allows null only inside extensions)",
  },
  XAPI_REQUIRED: {
    missing: '{here} has no "{key}" property, which {owner:phrase} requires',
  },
  XAPI_UNKNOWN_PROPERTY: {
    caseOf: '{path} is not a property of {owner:phrase}; keys are case-sensitive: did you mean "{meant}"?',
    unknown: "{path} is not a property of {owner:phrase}; its keys are {known:jsons}",
    member: "{path}: only a Group has members, and this is an Agent",
    notIn103: "{path} is an xAPI 2.0 property; a statement judged by xAPI 1.0.3 cannot have it",
  },
  XAPI_IRI: {
    notIri: "{path} must be {kind:phrase} with a scheme (such as https:) and no spaces, not {value:value}",
    extensionKey: "{here} has the key {key:json}, which is not an IRI; extension keys must be IRIs",
  },
  XAPI_UUID: {
    notStandard: "{path} must be a UUID in standard form (8-4-4-4-12 hex digits), not {value:value}",
    notRfc4122:
      "{path} is not an RFC 4122 UUID (version 1 to 8, variant 8, 9, a or b), which xAPI recommends: {value:value}",
  },
  XAPI_LANGUAGE_TAG: {
    mapKey: "{here} has the key {key:json}, which is not an RFC 5646 language tag (such as en, en-US, zh-Hant)",
    language: "{path} must be an RFC 5646 language tag (such as en, en-US, zh-Hant), not {value:value}",
  },
  XAPI_OBJECT_TYPE: {
    wrong: "{path} must be {expected:phrase} (case-sensitive), not {value:value}",
    notGroup: "{here} must be an Agent, not a Group",
    notAgent: '{here} must be a Group ("objectType": "Group")',
    agentNotGroup: '{here} must be a Group ("objectType": "Group"), not an Agent',
    unsaidGroup: '{path} has a member list, so it is a Group, and a Group must say "objectType": "Group"',
    agentObject: '{path} identifies an Agent or a Group, which as the object of a statement MUST say "objectType"',
  },
  XAPI_MBOX: {
    notMailto: "{path} must be a mailto: IRI holding an e-mail address (mailto:name@example.com), not {value:value}",
  },
  XAPI_SHA1: {
    notSha1: "{path} must be a SHA-1 hash in hex (40 hex digits), not {value:value}",
  },
  XAPI_IFI: {
    none: "{path} must have exactly one identifier (mbox, mbox_sha1sum, openid or account) as {what:phrase}, and has none",
    many: "{path} must have exactly one identifier (mbox, mbox_sha1sum, openid or account) as {what:phrase}, and has {count}",
  },
  XAPI_GROUP: {
    groupMember: "{path} is a Group, but the members of a Group must be Agents",
    anonymousNoMembers:
      '{path} is an anonymous Group (no mbox, mbox_sha1sum, openid or account), so it must list its "member" Agents',
    emptyMembers: "{path} is empty, and an anonymous Group must list its members",
  },
  XAPI_AUTHORITY: {
    identified: "{path} is an identified Group; an authority Group must be anonymous (an OAuth application and a user)",
    memberOne:
      "{here} is a Group of 1 member; an authority Group must have exactly two Agents (an OAuth application and a user)",
    members:
      "{here} is a Group of {count} members; an authority Group must have exactly two Agents (an OAuth application and a user)",
  },
  XAPI_TIMESTAMP: {
    notIso: "{path} is not an ISO 8601 date and time (such as 2024-05-02T14:03:00.000Z): {value:value}",
    notRealDate: "{path} is not a real date ({date}): {value:value}",
    notRealTime: "{path} is not a real time of day ({time}): {value:value}",
    impossibleOffset: "{path} has an impossible UTC offset ({offset}): {value:value}",
    unknownOffset:
      '{path} has the offset {offset}, an "unknown" zone ISO 8601 does not allow: write Z or +00:00: {value:value}',
    required: "{path} {rule:phrase} (xAPI 2.0 requires RFC 3339, such as 2024-05-02T14:03:00.000Z): {value:value}",
    recommended:
      "{path} {rule:phrase} (xAPI: SHOULD* be RFC 3339 with a time zone, such as 2024-05-02T14:03:00.000Z): {value:value}",
    space: "{path} separates date and time with a space; ISO 8601 and xAPI use T: {value:value}",
  },
  XAPI_DURATION: {
    notDuration: "{path} must be an ISO 8601 duration such as PT1H30M or PT45.5S, not {value:value}",
  },
  XAPI_SCORE: {
    scaled: "{path} must be between -1 and 1, not {scaled}",
    minAboveMax: "{path} must be less than max, and {min} is more than {max}",
    minIsMax: '{path} should be greater than min (xAPI: "a decimal number greater than min"), and both are {max}',
    belowMin: "{path} must not be below min: {raw} is less than {min}",
    aboveMax: "{path} must not be above max: {raw} is more than {max}",
  },
  XAPI_VERSION: {
    notVersion2: "{path} must be 1.0, 1.0.x, 2.0 or 2.0.x, not {value:value}",
    notVersion1: "{path} must be 1.0 or 1.0.x (xAPI 1.0.3), not {value:value}",
  },
  XAPI_VOIDING: {
    notStatementRef:
      "{path} must be a StatementRef to the voided statement when the verb is {verb}, not {kind:article}",
  },
  XAPI_SUBSTATEMENT: {
    property: '{path}: a SubStatement MUST NOT have "id", "stored", "version" or "authority"',
    nested: "{path}: a SubStatement MUST NOT contain a SubStatement",
  },
  XAPI_CONTEXT: {
    onlyWithActivity: "{path} may only be used when the statement's object is an Activity, and it is {kind:article}",
    emptyRelevantTypes: "{path} must not be empty: leave it out, or list at least one IRI",
  },
  XAPI_INTERACTION: {
    noType: `{here} has interaction properties, so it is an Interaction Activity and MUST have an interactionType (${INTERACTION_TYPES})`,
    unknownType: `{path} must be one of ${INTERACTION_TYPES} (case-sensitive), not {value:value}`,
    listNotUsed: "{path} is not a component list of a {type} interaction, which an LRS MAY reject",
    whitespace: "{path} SHOULD NOT contain whitespace: {value:value}",
    repeatedId: "{path} repeats the id {id:short}; ids within a component list MUST be distinct",
  },
  XAPI_ATTACHMENT: {
    mediaType: "{path} must be an Internet media type such as application/pdf, not {value:value}",
    signatureType: "{path} must be application/octet-stream for a signature attachment, not {value:value}",
    sha2: "{path} must be a SHA-2 hash in hex (56, 64, 96 or 128 hex digits), not {value:value}",
  },
  VERDICT_CONFLICT: {
    disagree: "the verb {verb} and result.success {success} disagree, so success is empty",
  },
  CMI5_SCORE: {
    verb: "cmi5 allows a score only on passed and failed statements",
    integer: "cmi5 wants result.score.{key} to be an integer, not {value}",
    rawWithoutRange: "cmi5 wants min and max whenever raw is given",
    scaled: "cmi5 wants scaled in 0..1, not {scaled}",
    passedBelow: "passed with scaled {scaled}, below the mastery score {mastery}",
    failedAbove: "failed with scaled {scaled}, at or above the mastery score {mastery}",
  },
  PATTERN: {
    brightspaceId: "Brightspace grade records are identified as urn:uuid:<UUID>",
  },
  NO_EVENTS: { none: "the file holds no events" },
  FOLDER_ENTRIES_SKIPPED: {
    hidden: "the folder walk skipped {hidden} hidden entries (names starting with a dot, or links to one)",
    hiddenOne: "the folder walk skipped 1 hidden entry (names starting with a dot, or links to one)",
    links: "the folder walk skipped {links} symbolic links leading out of the folder (--follow-links follows them)",
    linksOne: "the folder walk skipped 1 symbolic link leading out of the folder (--follow-links follows them)",
    both: "the folder walk skipped {hidden} hidden entries (names starting with a dot, or links to one) and {links} symbolic links leading out of the folder (--follow-links follows them)",
    bothHiddenOne:
      "the folder walk skipped 1 hidden entry (names starting with a dot, or links to one) and {links} symbolic links leading out of the folder (--follow-links follows them)",
    bothLinksOne:
      "the folder walk skipped {hidden} hidden entries (names starting with a dot, or links to one) and 1 symbolic link leading out of the folder (--follow-links follows them)",
    bothOne:
      "the folder walk skipped 1 hidden entry (names starting with a dot, or links to one) and 1 symbolic link leading out of the folder (--follow-links follows them)",
  },
  DESCRIBE_AFTER_EVENTS: {
    late: "an entity described after events, in an envelope read element by element (over 8 MiB, or cut short): the events before it were checked without it, so any reference of theirs to it was not resolved; send describes first",
  },
  MORE_FINDINGS: {
    counted: "and {count} more findings in this event, not listed: {counts:list}",
  },
  TASK_FAILED: {
    stopped:
      "the file was not read to its end: {reason}; {unread} bytes not read, their events not counted (exit code 2)",
    partStopped:
      "part {part} of {parts} (bytes {from} to {to}) was not read to its end: {reason}; {unread} bytes not read, their events not counted (exit code 2)",
    heldLimit:
      "the text was not read to its end: its events passed {limit} MiB, what its reading thread may hold (a sixteenth of its heap); the rest was not read, its events not counted",
  },
  INTERNAL_ERROR: {
    event: `gradeev failed on this event, a bug in gradeev ({reason}); ${INTERNAL}`,
    entity: `gradeev failed on this entity, a bug in gradeev ({reason}); ${INTERNAL}`,
    reading: `reading stopped here, a bug in gradeev ({reason}); ${INTERNAL}`,
  },
  UNRECOGNISED: { unknown: "no profile recognises this event ({label})" },
  ID_CONFLICT: {
    converted: `${CONFLICT("another event ({place})")}, so none of them is converted`,
    convertedMany: `${CONFLICT("{count} other events ({places:list})")}, so none of them is converted`,
    convertedMore: `${CONFLICT("{count} other events ({places:list} and {more} more)")}, so none of them is converted`,
    unknown: `${CONFLICT("another event ({place})")}, so none of them voids a statement`,
    unknownMany: `${CONFLICT("{count} other events ({places:list})")}, so none of them voids a statement`,
    unknownMore: `${CONFLICT("{count} other events ({places:list} and {more} more)")}, so none of them voids a statement`,
  },
} as const satisfies Partial<Record<RuleCode, Record<string, string>>>;

/**
 * What a failed JSON Schema keyword says, under the code its subschema names (`x-code`) or the
 * keyword's own (core/schema.ts), unless the subschema names one of the templates above
 * (`x-message`, written by `annotated`).
 */
export const schemaMessages = {
  required: "{where:place} has no '{property}' property, which is required",
  additionalProperties: "{where:place} has a property '{property}' that the specification does not define",
  type: "{where:place} must be {types:or}, not {value:value}",
  enum: "{where:place} must be one of {allowed:jsons}, not {value:value}",
  const: "{where:place} must be {allowed:json}, not {value:value}",
  format: "{where:place} must be a valid {format}, not {value:value}",
  minLength: "{where:place} must not be empty",
  pattern: "{where:place} does not match the pattern {pattern}: {value:value}",
  otherSaid: "{where:place} {detail}",
  other: "{where:place} breaks the schema",
} as const;

/**
 * The phrases a template takes as an argument (`{expected:phrase}`): what a value must be, what owns a
 * property, which rule a time breaks. A call site names one by key.
 */
export const phrases = {
  // What a value must be (XAPI_TYPE)
  string: "a string",
  boolean: "true or false (a JSON boolean, not a string)",
  number: "a number (a JSON number, not a string)",
  finiteNumber: "a finite number",
  object: "an object",
  stringArray: "an array of strings",
  iriArray: "an array of IRIs",
  languageMap: 'a language map (an object such as {"en-US": "text"})',
  extensionsMap: "an object whose keys are IRIs",
  activityObject: "an Activity (an object with an id)",
  definitionObject: "an object (an Activity Definition)",
  componentArray: "an array of interaction components",
  componentObject: "an interaction component (an object with an id)",
  attachmentArray: "an array of Attachment objects",
  attachmentObject: "an Attachment (an object)",
  octets: "a whole number of octets (a JSON number)",
  verbObject: "an object with an id",
  scoreObject: "an object with scaled, raw, min or max",
  statementObject: "an object (Activity, Agent, Group, StatementRef or SubStatement)",
  statementRefObject: 'a Statement Reference ({"objectType": "StatementRef", "id": <UUID>})',
  contextActivitiesObject: "an object with parent, grouping, category or other",
  contextAgentArray: "an array of contextAgent objects",
  contextGroupArray: "an array of contextGroup objects",
  contextAgentObject: "a contextAgent object",
  contextGroupObject: "a contextGroup object",
  agentOrGroupObject: "an Agent or a Group (an object)",
  agentObject: "an Agent (an object)",
  groupObject: "a Group (an object)",
  agentArray: "an array of Agents",
  accountObject: "an object with homePage and name",
  // What owns a property (XAPI_REQUIRED, XAPI_UNKNOWN_PROPERTY, XAPI_IFI)
  statement: "a Statement",
  subStatement: "a SubStatement",
  everyStatement: "every Statement",
  everySubStatement: "every SubStatement",
  verb: "a Verb",
  activity: "an Activity",
  definition: "an Activity Definition",
  component: "an interaction component",
  agent: "an Agent",
  agentOrGroup: "an Agent or a Group",
  identifiedGroup: "an identified Group",
  account: "an account",
  context: "a Context",
  contextActivities: "contextActivities",
  contextAgent: "a contextAgent",
  contextGroup: "a contextGroup",
  contextAgentTyped: 'a contextAgent ("contextAgent")',
  contextGroupTyped: 'a contextGroup ("contextGroup")',
  result: "a Result",
  score: "a Score",
  attachment: "an Attachment",
  statementRef: "a Statement Reference",
  statementRefTyped: 'a Statement Reference ("StatementRef")',
  // What an IRI must be (XAPI_IRI)
  iri: "an IRI",
  irl: "an IRL",
  uri: "a URI",
  // What objectType must be (XAPI_OBJECT_TYPE)
  agentOrGroupType: '"Agent" or "Group"',
  agentType: '"Agent"',
  groupType: '"Group"',
  activityType: '"Activity"',
  statementRefType: '"StatementRef"',
  contextAgentType: '"contextAgent"',
  contextGroupType: '"contextGroup"',
  objectTypes: '"Activity", "Agent", "Group", "StatementRef" or "SubStatement"',
  // A character pasted into JSON from a word processor, a web page or a chat (JSON_SYNTAX)
  noBreakSpace: "no-break space (U+00A0)",
  openingSingleQuote: "curly opening single quote (U+2018)",
  closingSingleQuote: "curly closing single quote (U+2019)",
  openingDoubleQuote: "curly opening double quote (U+201C)",
  closingDoubleQuote: "curly closing double quote (U+201D)",
  innerBom: "byte-order mark (U+FEFF) in the middle of the text",
  zeroWidthSpace: "zero-width space (U+200B)",
  // Why a time is not RFC 3339 (XAPI_TIMESTAMP)
  noZone: "has no time zone",
  basicFormat: "is in the ISO 8601 basic format, not the extended YYYY-MM-DDThh:mm:ss form",
  noSeconds: "has no seconds",
  commaFraction: "uses a comma before the fraction of a second",
  midnight24: "writes midnight as 24:00:00",
  offsetForm: "has a UTC offset not written ±hh:mm",
} as const;

export type Phrase = keyof typeof phrases;
