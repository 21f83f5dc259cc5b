import { isObject, joinPointer } from "../core/json.js";

/** One event found inside a parsed JSON value, with its pointer inside that value. */
export interface FoundEvent {
  value: unknown;
  pointer: string;
}

/** What a parsed JSON value holds: events, and entity describes that are not events. */
export interface Unwrapped {
  events: FoundEvent[];
  describes: number;
}

/**
 * Opens the containers exports come in: arrays, Caliper envelopes (`{sensor, sendTime, data}`),
 * xAPI statement results (`{statements, more}`), nested to any depth (an array of envelopes).
 * Everything else is one event, recognised or not.
 */
export function unwrap(value: unknown, pointer = ""): Unwrapped {
  const out: Unwrapped = { events: [], describes: 0 };
  collect(value, pointer, out, 0);
  return out;
}

/** Real exports nest containers two or three deep; past this, an array is an (unrecognised) event. */
const MAX_CONTAINER_DEPTH = 8;

function collect(value: unknown, pointer: string, out: Unwrapped, depth: number): void {
  if (depth >= MAX_CONTAINER_DEPTH) {
    out.events.push({ value, pointer });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, joinPointer(pointer, i), out, depth + 1));
    return;
  }
  if (isCaliperEnvelope(value)) {
    value.data.forEach((item, i) => {
      const at = joinPointer(pointer, "data", i);
      if (isCaliperDescribe(item)) out.describes++;
      else collect(item, at, out, depth + 1);
    });
    return;
  }
  if (isStatementResult(value)) {
    value.statements.forEach((item, i) => collect(item, joinPointer(pointer, "statements", i), out, depth + 1));
    return;
  }
  out.events.push({ value, pointer });
}

function isCaliperEnvelope(value: unknown): value is { data: unknown[] } {
  return isObject(value) && Array.isArray(value.data) && ("sensor" in value || "sendTime" in value || "dataVersion" in value);
}

function isStatementResult(value: unknown): value is { statements: unknown[] } {
  return isObject(value) && Array.isArray(value.statements) && !("actor" in value) && !("verb" in value);
}

/**
 * An entity describe (Person, CourseSection, …) sent beside events in an envelope's `data`.
 * Events carry `action`, `actor` and `eventTime`, and every Caliper event type name ends in "Event";
 * anything with one of those is an event, if perhaps a broken or unrecognised one.
 */
function isCaliperDescribe(value: unknown): boolean {
  if (!isObject(value) || "action" in value || "actor" in value || "eventTime" in value) return false;
  const type = value.type ?? value["@type"];
  return typeof type === "string" && !type.endsWith("Event");
}
