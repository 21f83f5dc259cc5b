/**
 * Base rules of every IMS Caliper event (1.0, 1.1, 1.2), grade or not: required properties,
 * known types, time and id formats. Spec: caliper-spec.md §2.1, §4.1–4.3 (1.1); 1.2 "Event" and
 * "Identifiers"; 1.0 contexts/v1p0/Context.json. Structure a record needs is an error; a format
 * deviation that leaves the data usable (a bare UUID id, no milliseconds, nulls) is a warning.
 */
import { isObject, iriTerm, joinPointer, type JsonObject } from "../core/json.js";
import { error, warning, type DiagnosticDraft } from "../diagnostics.js";
import type { Standard } from "./standard.js";
import { caliperVersion, EVENT_TYPES, IMS_TYPE_IRI, typeTerm } from "./caliper-vocabulary.js";

const UUID_URN = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** RFC 3339 date-time, shape only; the calendar is checked by Date. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const CALIPER_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function typeOf(value: JsonObject): unknown {
  return value.type ?? value["@type"];
}

function idOf(value: JsonObject): unknown {
  return value.id ?? value["@id"];
}

/** An RFC 3339 date-time that names a real instant (no 30 February, no hour 25). */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  return day.getUTCMonth() === mo! - 1 && day.getUTCDate() === d && h! < 24 && mi! < 60 && s! < 61;
}

/** Checks a Caliper time property; returns nothing when it is absent. */
export function checkTime(value: unknown, pointer: string, name: string): DiagnosticDraft[] {
  if (value === undefined) return [];
  if (typeof value !== "string" || !isDateTime(value))
    return [error("BAD_TIME", pointer, `${name} must be an RFC 3339 date-time, not ${JSON.stringify(value)}`)];
  if (!CALIPER_TIME.test(value))
    return [warning("TIME_NOT_CALIPER_FORMAT", pointer, `Caliper times must be UTC with milliseconds (YYYY-MM-DDTHH:mm:ss.SSSZ), not ${value}`)];
  return [];
}

/** How many nulls there are outside extensions; counted without building pointers (the hot path). */
function countNulls(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) count++;
    else if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (typeof node === "object") for (const key in node) if (key !== "extensions" && Object.hasOwn(node, key)) stack.push((node as JsonObject)[key]);
  }
  return count;
}

/** The pointer of the first null outside extensions, in document order (only when there is one). */
function firstNull(value: unknown, at = ""): string | undefined {
  const stack: [unknown, string][] = [[value, at]];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (node === null) return pointer;
    if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], joinPointer(pointer, i)]);
    else if (isObject(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) if (keys[i] !== "extensions") stack.push([node[keys[i]!], joinPointer(pointer, keys[i]!)]);
    }
  }
  return undefined;
}

function checkType(type: unknown, pointer: string): DiagnosticDraft[] {
  if (typeof type !== "string") return [error("TYPE", pointer, "the event's type must be a string")];
  const imsIri = IMS_TYPE_IRI.test(type);
  const isTerm = !type.includes(":");
  if ((imsIri || isTerm) && !EVENT_TYPES.has(typeTerm(type)))
    return [error("CALIPER_UNKNOWN_TYPE", pointer, `${type} is not a Caliper event type`)];
  return [];
}

export const caliper: Standard = {
  id: "caliper",
  detect: (value) => typeof typeOf(value) === "string" && !("verb" in value) && ("action" in value || "actor" in value || "eventTime" in value || "object" in value),
  label: (value) => {
    const type = typeOf(value);
    const action = value.action;
    return `Caliper ${typeof type === "string" ? typeTerm(type) : "event"}${typeof action === "string" ? ` (${iriTerm(action)})` : ""}`;
  },
  check(event, context) {
    const out: DiagnosticDraft[] = [];
    const version = caliperVersion(event, context.dataVersion);
    const typeKey = "type" in event ? "type" : "@type";
    out.push(...checkType(typeOf(event), `/${typeKey}`));
    for (const key of ["actor", "action", "object", "eventTime"])
      if (!(key in event)) out.push(error("REQUIRED", `/${key}`, `a Caliper event must have ${key}`));
    if ("action" in event && typeof event.action !== "string") out.push(error("TYPE", "/action", "action must be a string"));
    out.push(...checkTime(event.eventTime, "/eventTime", "eventTime"));
    if (version !== "1.0") {
      const id = idOf(event);
      if (id === undefined) out.push(warning("CALIPER_NO_ID", "/id", "Caliper 1.1 and later events must have an id (urn:uuid:…)"));
      else if (typeof id !== "string" || !UUID_URN.test(id))
        out.push(warning("EVENT_ID_NOT_URN_UUID", "/id", `Caliper event ids must be UUID URNs (urn:uuid:…), not ${JSON.stringify(id)}`));
      if (!("@context" in event)) out.push(warning("CALIPER_NO_CONTEXT", "/@context", "Caliper 1.1 and later events must carry a JSON-LD @context"));
    }
    const count = countNulls(event);
    if (count > 0)
      out.push(warning("CALIPER_NULL", firstNull(event) ?? "", `${count} ${count === 1 ? "property is" : "properties are"} null; Caliper says to leave out properties without a value`));
    return out;
  },
  checkEntity(entity) {
    const out: DiagnosticDraft[] = [];
    if (typeof idOf(entity) !== "string") out.push(error("REQUIRED", "/id", "a Caliper entity must have an id (an IRI)"));
    const term = typeTerm(String(typeOf(entity)));
    for (const key of NUMERIC_PROPERTIES.get(term) ?? []) {
      const value = entity[key];
      if (value !== undefined && value !== null && (typeof value !== "number" || !Number.isFinite(value)))
        out.push(error("SCORE_NOT_NUMBER", `/${key}`, `${term}.${key} must be a number, not ${JSON.stringify(value)}`));
    }
    return out;
  },
};

/** Numeric properties of the grade entities; a string here ("10.0") is the classic producer mistake. */
// A Map, not an object literal: a type named "__proto__" in the data must find nothing.
const NUMERIC_PROPERTIES = new Map<string, string[]>([
  ["Score", ["scoreGiven", "maxScore"]],
  ["Result", ["resultScore", "maxResultScore", "normalScore", "penaltyScore", "extraCreditScore", "totalScore", "curvedTotalScore", "curveFactor"]],
  ["Attempt", ["count"]],
]);
