/**
 * What every Caliper grade profile needs: ids and types of nodes given as IRIs or entities, and the
 * keys of people and courses, taken from the standard places first and vendors' documented
 * extensions after (Blackboard `bb:*`, Canvas `com.instructure.canvas`).
 */
import { isObject, text, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { hasTypeTerm, typeTerm } from "../../standards/caliper-vocabulary.js";
import type { EventContext } from "../profile.js";

// These run several times per event: they read the fixed keys they need straight off an object
// (`isObject(x) ? x.id : undefined`), which for keys Object.prototype lacks is what prop() answers,
// without its look-up by a key that changes from call to call.

/** The id of a Caliper node given as an IRI string or an entity object (`id` in 1.1+, `@id` in 1.0). */
export function nodeId(node: unknown): string | null {
  if (typeof node === "string") return text(node);
  if (!isObject(node)) return null;
  return text(node.id) ?? text(node["@id"]);
}

/** The type of a Caliper node (`type` in 1.1+, `@type` in 1.0), full IRI or short term. */
export function nodeType(node: unknown): string | null {
  if (!isObject(node)) return null;
  return text(node.type) ?? text(node["@type"]);
}

/** An event's type (`type`, else `@type`) as text, whatever it holds: what detectors compare. */
export function typeName(event: JsonObject): string {
  const type = event.type ?? event["@type"];
  return typeof type === "string" ? type : String(type);
}

/** The type as a short term, whatever form the event used (`…/caliper/v1/lis/Person` → `Person`). */
export function nodeTerm(node: unknown): string | null {
  const type = nodeType(node);
  return type === null ? null : typeTerm(type);
}

/** An object's `extensions`, when that is an object. */
function extensionsOf(node: unknown): JsonObject | undefined {
  const extensions = isObject(node) ? node.extensions : undefined;
  return isObject(extensions) ? extensions : undefined;
}

/** Canvas's own extension object (`com.instructure.canvas`), when there is one. */
function canvasOf(extensions: JsonObject | undefined): JsonObject | undefined {
  const canvas = extensions?.["com.instructure.canvas"];
  return isObject(canvas) ? canvas : undefined;
}

/** An identifier as a key: a number written as text, or a non-empty string. */
function idText(value: unknown): string | null {
  return typeof value === "number" ? String(value) : text(value);
}

/** Canvas's `grade` extension of an entity: the gradebook's own grade, as text. */
export function canvasGrade(node: unknown): string | null {
  return text(canvasOf(extensionsOf(node))?.grade);
}

const SOURCED_ID_KINDS = ["SisSourcedId", "LisSourcedId", "OneRosterSourcedId"];

/** Caliper 1.2 `otherIdentifiers`: the first SIS-style id (SIS, LIS, OneRoster sourcedId). */
function sourcedId(node: JsonObject): string | null {
  const ids = node.otherIdentifiers;
  if (!Array.isArray(ids)) return null;
  for (const kind of SOURCED_ID_KINDS)
    for (const id of ids) {
      if (!isObject(id) || id.identifierType !== kind) continue;
      const identifier = text(id.identifier);
      if (identifier !== null) return identifier;
    }
  return null;
}

const ANONYMOUS_PREFIX = "http://purl.imsglobal.org/caliper/";

/** An anonymous entity (1.2): its id is its type's IRI, so it names nobody in particular. */
export function isAnonymous(id: string | null): boolean {
  if (id === null || id.length <= ANONYMOUS_PREFIX.length || !id.startsWith(ANONYMOUS_PREFIX)) return false;
  // A loop, not /^…\/caliper\/[A-Za-z]+$/: every learner without an SIS id comes here.
  for (let i = ANONYMOUS_PREFIX.length; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

export interface Key {
  /** The key a data engineer joins on: an SIS/LMS id, else (with `fallback`) the IRI. */
  key: string | null;
  ref: string | null;
  fallback: boolean;
  /** The type of what stood where a course belongs, when it is known to be no course (a Group). */
  notACourse?: string;
}

/** A person's key: SIS id (1.2 otherIdentifiers, Blackboard batch_uid, Canvas sis_id), else the LMS's own id, else the IRI. */
export function personKey(node: unknown, context: EventContext): Key {
  const ref = nodeId(node);
  const key = personId(context.resolve(node));
  if (key !== null) return { key, ref, fallback: false };
  return { key: isAnonymous(ref) ? null : ref, ref, fallback: true };
}

/** A person's own identifier, in that order of preference. */
function personId(person: JsonObject | undefined): string | null {
  if (person === undefined) return null;
  const extensions = extensionsOf(person);
  const canvas = canvasOf(extensions);
  return (
    sourcedId(person) ??
    idText(extensions?.["bb:user.externalId"]) ??
    idText(canvas?.sis_id) ??
    idText(extensions?.["bb:user.id"]) ??
    idText(canvas?.entity_id)
  );
}

/** A course's own identifier, in that order of preference. */
function courseId(course: JsonObject | undefined): string | null {
  if (course === undefined) return null;
  const extensions = extensionsOf(course);
  return (
    text(course.courseNumber) ??
    sourcedId(course) ??
    idText(extensions?.["bb:course.id"]) ??
    idText(canvasOf(extensions)?.entity_id)
  );
}

function isCourse(entity: JsonObject): boolean {
  const type = nodeType(entity);
  return type !== null && (hasTypeTerm(type, "CourseSection") || hasTypeTerm(type, "CourseOffering"));
}

/** NO_COURSE for a course that is missing, at `pointer`: nothing named, or something that is no course. */
export function noCourse(course: Key, slot: string, pointer: string): DiagnosticDraft {
  return course.notACourse === undefined
    ? diagnostic("NO_COURSE.none", "invalid", pointer, { slot })
    : diagnostic("NO_COURSE.notACourse", "invalid", pointer, { slot, type: course.notACourse });
}

/**
 * A course's key. `group` may be a Group inside a section: walk `subOrganizationOf` up to the first
 * CourseSection or CourseOffering. Key: courseNumber, else SIS/LIS ids, else vendor ids, else the IRI.
 * An entity of another type with no course above it is no course: key and ref null.
 */
export function courseKey(group: unknown, context: EventContext): Key {
  // Walk up from the group: the first course-level organisation is the course (its IRI the ref);
  // its key is the first one found on it or above it (a section without a number keys by its offering).
  let node: unknown = group;
  let course: JsonObject | undefined;
  let key: string | null = null;
  for (let hops = 0; node !== undefined && node !== null && hops < 8 && key === null; hops++) {
    const entity = context.resolve(node);
    if (!entity) break;
    if (isCourse(entity)) {
      course ??= entity;
      key = courseId(entity);
    }
    node = entity.subOrganizationOf;
  }
  const chosen = course ?? context.resolve(group);
  // Only a course fills course: an entity known to be something else (a Group, a Team) with no
  // course above it names none. A bare IRI that resolves to nothing may still name one.
  const other = course === undefined ? nodeTerm(chosen) : null;
  if (other !== null) return { key: null, ref: null, fallback: false, notACourse: other };
  const ref = nodeId(course ?? group);
  key ??= courseId(chosen);
  if (key !== null) return { key, ref, fallback: false };
  return { key: ref, ref, fallback: true };
}

/**
 * What a profile's check reads of an event (its learner, its course, the entities it resolves),
 * kept for its flatten: the core calls flatten right after check, with the same event and context,
 * and reading it all twice was as much as the rest of a profile's work. One event is kept, and
 * flatten lets go of it; a flatten without that check before it reads afresh.
 */
export class ReadOnce<E, R> {
  private event: E | undefined;
  private context: EventContext | undefined;
  private value: R | undefined;

  constructor(private readonly read: (event: E, context: EventContext) => R) {}

  /** For check: what the event holds, kept. */
  forCheck(event: E, context: EventContext): R {
    const value = this.read(event, context);
    this.event = event;
    this.context = context;
    this.value = value;
    return value;
  }

  /** For flatten: what check kept of this event, else a fresh read. */
  forFlatten(event: E, context: EventContext): R {
    const kept = event === this.event && context === this.context ? this.value : undefined;
    this.event = undefined;
    this.context = undefined;
    this.value = undefined;
    return kept ?? this.read(event, context);
  }
}

/** A slot that holds either an IRI string or an entity object with an id. */
export function entityOrIri(objectSchema: JsonSchema = {}): JsonSchema {
  return {
    type: ["object", "string"],
    if: { type: "object" },
    then: {
      ...objectSchema,
      properties: {
        id: { type: "string" },
        "@id": { type: "string" },
        extensions: { type: ["object", "null"] },
        ...(objectSchema.properties as JsonSchema | undefined),
      },
    },
  };
}

/**
 * A slot whose entity, when embedded, must be of one Caliper type (short term or IMS IRI); `message`
 * is written by `annotated`, from the catalogue.
 */
export function entityOfType(term: string, code: string, message: string, objectSchema: JsonSchema = {}): JsonSchema {
  const typeIs = {
    enum: [term, `http://purl.imsglobal.org/caliper/${term}`, `http://purl.imsglobal.org/caliper/v1/${term}`],
  };
  return entityOrIri({
    ...objectSchema,
    allOf: [
      {
        if: { required: ["type"] },
        then: { properties: { type: { ...typeIs, "x-code": code, "x-message": message } } },
        else: { properties: { "@type": { ...typeIs, "x-code": code, "x-message": message } } },
      },
    ],
  });
}
