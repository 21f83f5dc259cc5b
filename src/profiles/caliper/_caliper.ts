/**
 * What every Caliper grade profile needs: ids and types of nodes given as IRIs or entities, and the
 * keys of people and courses, taken from the standard places first and vendors' documented
 * extensions after (Blackboard `bb:*`, Canvas `com.instructure.canvas`).
 */
import { prop, text, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { typeTerm } from "../../standards/caliper-vocabulary.js";
import type { EventContext } from "../profile.js";

/** The id of a Caliper node given as an IRI string or an entity object (`id` in 1.1+, `@id` in 1.0). */
export function nodeId(node: unknown): string | null {
  if (typeof node === "string") return text(node);
  return text(prop(node, "id")) ?? text(prop(node, "@id"));
}

/** The type of a Caliper node (`type` in 1.1+, `@type` in 1.0), full IRI or short term. */
export function nodeType(node: unknown): string | null {
  return text(prop(node, "type")) ?? text(prop(node, "@type"));
}

/** The type as a short term, whatever form the event used (`…/caliper/v1/lis/Person` → `Person`). */
export function nodeTerm(node: unknown): string | null {
  const type = nodeType(node);
  return type === null ? null : typeTerm(type);
}

export function extension(node: unknown, key: string): string | null {
  const value = prop(prop(node, "extensions"), key);
  return typeof value === "number" ? String(value) : text(value);
}

function canvas(node: unknown, key: string): string | null {
  const value = prop(prop(prop(node, "extensions"), "com.instructure.canvas"), key);
  return typeof value === "number" ? String(value) : text(value);
}

/** Caliper 1.2 `otherIdentifiers`: the first SIS-style id (SIS, LIS, OneRoster sourcedId). */
function sourcedId(node: unknown): string | null {
  const ids = prop(node, "otherIdentifiers");
  if (!Array.isArray(ids)) return null;
  for (const kind of ["SisSourcedId", "LisSourcedId", "OneRosterSourcedId"])
    for (const id of ids) if (prop(id, "identifierType") === kind && text(prop(id, "identifier"))) return text(prop(id, "identifier"));
  return null;
}

/** An anonymous entity (1.2): its id is its type's IRI, so it names nobody in particular. */
export function isAnonymous(id: string | null): boolean {
  return id !== null && /^http:\/\/purl\.imsglobal\.org\/caliper\/[A-Za-z]+$/.test(id);
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
  const person = context.resolve(node);
  const key =
    sourcedId(person) ??
    extension(person, "bb:user.externalId") ??
    canvas(person, "sis_id") ??
    extension(person, "bb:user.id") ??
    canvas(person, "entity_id");
  if (key !== null) return { key, ref, fallback: false };
  return { key: isAnonymous(ref) ? null : ref, ref, fallback: true };
}

const COURSE_TERMS = new Set(["CourseSection", "CourseOffering"]);

/**
 * A course's key. `group` may be a Group inside a section: walk `subOrganizationOf` up to the first
 * CourseSection or CourseOffering. Key: courseNumber, else SIS/LIS ids, else vendor ids, else the IRI.
 * An entity of another type with no course above it is no course: key and ref null.
 */
/** Why a course is missing, for NO_COURSE: nothing named, or something that is no course. */
export function noCourseReason(course: Key, slot: string): string {
  return course.notACourse === undefined
    ? `the event names no course (${slot})`
    : `${slot} is a ${course.notACourse}, not a CourseSection or CourseOffering, and no course is above it (subOrganizationOf)`;
}

export function courseKey(group: unknown, context: EventContext): Key {
  // Walk up from the group: the first course-level organisation is the course (its IRI the ref);
  // its key is the first one found on it or above it (a section without a number keys by its offering).
  let node: unknown = group;
  let course: JsonObject | undefined;
  let key: string | null = null;
  for (let hops = 0; node !== undefined && node !== null && hops < 8 && key === null; hops++) {
    const entity = context.resolve(node);
    if (!entity) break;
    const term = nodeTerm(entity);
    if (term !== null && COURSE_TERMS.has(term)) {
      course ??= entity;
      key = text(prop(entity, "courseNumber")) ?? sourcedId(entity) ?? extension(entity, "bb:course.id") ?? canvas(entity, "entity_id");
    }
    node = entity.subOrganizationOf;
  }
  const chosen = course ?? context.resolve(group);
  // Only a course fills course: an entity known to be something else (a Group, a Team) with no
  // course above it names none. A bare IRI that resolves to nothing may still name one.
  const other = course === undefined ? nodeTerm(chosen) : null;
  if (other !== null) return { key: null, ref: null, fallback: false, notACourse: other };
  const ref = nodeId(course ?? group);
  key ??= text(prop(chosen, "courseNumber")) ?? sourcedId(chosen) ?? extension(chosen, "bb:course.id") ?? canvas(chosen, "entity_id");
  if (key !== null) return { key, ref, fallback: false };
  return { key: ref, ref, fallback: true };
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

/** A slot whose entity, when embedded, must be of one Caliper type (short term or IMS IRI). */
export function entityOfType(term: string, code: string, message: string, objectSchema: JsonSchema = {}): JsonSchema {
  const typeIs = { enum: [term, `http://purl.imsglobal.org/caliper/${term}`, `http://purl.imsglobal.org/caliper/v1/${term}`] };
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
