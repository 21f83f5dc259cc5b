/**
 * Caliper's event and entity types, from the 1.0 context (contexts/v1p0/Context.json), the 1.1 spec
 * (caliper-spec.md on master) and the 1.2 spec fragments (develop). A short term outside these lists is
 * not Caliper; a full IRI outside the IMS namespace is a vendor's extension type and is allowed.
 */
export const EVENT_TYPES = new Set([
  "Event",
  "AnnotationEvent",
  "AssessmentEvent",
  "AssessmentItemEvent",
  "AssignableEvent",
  "FeedbackEvent",
  "ForumEvent",
  "GradeEvent",
  "MediaEvent",
  "MessageEvent",
  "NavigationEvent",
  "OutcomeEvent",
  "QuestionnaireEvent",
  "QuestionnaireItemEvent",
  "ReadingEvent",
  "ResourceManagementEvent",
  "SearchEvent",
  "SessionEvent",
  "SurveyEvent",
  "SurveyInvitationEvent",
  "ThreadEvent",
  "ToolLaunchEvent",
  "ToolUseEvent",
  "ViewEvent",
]);

/** The IMS namespaces whose type IRIs must name a known type (1.0 `…/caliper/v1/…`, 1.1+ `…/caliper/…`). */
export const IMS_TYPE_IRI = /^http:\/\/purl\.imsglobal\.org\/caliper\/(?:v1\/)?(?:lis\/)?([A-Za-z]+)$/;

/**
 * A type term or IRI reduced to its term: `http://purl.imsglobal.org/caliper/v1/lis/Person` → `Person`.
 * What follows the last `/` or `#`, which is also IMS_TYPE_IRI's term when that matches: no regex.
 */
export function typeTerm(type: string): string {
  const from = termStart(type);
  return from === 0 ? type : type.slice(from);
}

/**
 * Where a type's term starts: after its last `/` or `#`, else at 0. A loop from the end, not two
 * lastIndexOf calls: most types are short terms, and this runs on several per event.
 */
function termStart(type: string): number {
  for (let i = type.length - 1; i >= 0; i--) {
    const c = type.charCodeAt(i);
    if (c === 47 || c === 35) return i + 1; // / #
  }
  return 0;
}

/** Whether typeTerm(type) is `term` (a term, without `/` or `#`), without cutting the term out. */
export function hasTypeTerm(type: string, term: string): boolean {
  const from = type.length - term.length;
  if (from < 0 || !type.endsWith(term)) return false;
  if (from === 0) return true;
  const c = type.charCodeAt(from - 1);
  return c === 47 || c === 35;
}

export type CaliperVersion = "1.0" | "1.1" | "1.2";

/**
 * The version a Caliper context IRI names, if any. Compared, not looked up in a Map: a Map hashes
 * the whole of each new string it is asked about, and every event brings its own @context strings.
 */
function contextVersion(context: unknown): CaliperVersion | undefined {
  if (context === "http://purl.imsglobal.org/ctx/caliper/v1p2") return "1.2";
  if (context === "http://purl.imsglobal.org/ctx/caliper/v1p1") return "1.1";
  if (context === "http://purl.imsglobal.org/ctx/caliper/v1/Context") return "1.0";
  return undefined;
}

/**
 * The Caliper version of an event: its envelope's dataVersion, else its own @context (a string, or
 * the last Caliper IRI of an array), else 1.0 when it uses 1.0's `@type` key.
 */
export function caliperVersion(event: Record<string, unknown>, dataVersion?: string): CaliperVersion | undefined {
  const fromEnvelope = contextVersion(dataVersion);
  if (fromEnvelope) return fromEnvelope;
  const context = event["@context"];
  if (!Array.isArray(context)) {
    const version = contextVersion(context);
    if (version) return version;
  } else
    for (let i = context.length - 1; i >= 0; i--) {
      const version = contextVersion(context[i]);
      if (version) return version;
    }
  if ("@type" in event && !("type" in event)) return "1.0";
  return undefined;
}
