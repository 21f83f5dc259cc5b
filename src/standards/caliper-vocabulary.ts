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

/** A type term or IRI reduced to its term: `http://purl.imsglobal.org/caliper/v1/lis/Person` → `Person`. */
export function typeTerm(type: string): string {
  const match = IMS_TYPE_IRI.exec(type);
  if (match) return match[1]!;
  const cut = Math.max(type.lastIndexOf("/"), type.lastIndexOf("#"));
  return cut >= 0 ? type.slice(cut + 1) : type;
}

export type CaliperVersion = "1.0" | "1.1" | "1.2";

// A Map, not an object literal: a context named "__proto__" in the data must find nothing.
const CONTEXT_VERSION = new Map<unknown, CaliperVersion>([
  ["http://purl.imsglobal.org/ctx/caliper/v1/Context", "1.0"],
  ["http://purl.imsglobal.org/ctx/caliper/v1p1", "1.1"],
  ["http://purl.imsglobal.org/ctx/caliper/v1p2", "1.2"],
]);

/**
 * The Caliper version of an event: its envelope's dataVersion, else its own @context (a string, or
 * the last Caliper IRI of an array), else 1.0 when it uses 1.0's `@type` key.
 */
export function caliperVersion(event: Record<string, unknown>, dataVersion?: string): CaliperVersion | undefined {
  const fromEnvelope = CONTEXT_VERSION.get(dataVersion);
  if (fromEnvelope) return fromEnvelope;
  const context = event["@context"];
  const contexts = Array.isArray(context) ? context : [context];
  for (let i = contexts.length - 1; i >= 0; i--) {
    const version = CONTEXT_VERSION.get(contexts[i]);
    if (version) return version;
  }
  if ("@type" in event && !("type" in event)) return "1.0";
  return undefined;
}
