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
  collect(value, pointer, out);
  return out;
}

function collect(value: unknown, pointer: string, out: Unwrapped): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, joinPointer(pointer, i), out));
    return;
  }
  if (isCaliperEnvelope(value)) {
    value.data.forEach((item, i) => {
      const at = joinPointer(pointer, "data", i);
      if (isCaliperDescribe(item)) out.describes++;
      else collect(item, at, out);
    });
    return;
  }
  if (isStatementResult(value)) {
    value.statements.forEach((item, i) => collect(item, joinPointer(pointer, "statements", i), out));
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
 * Events carry an `action`; every Caliper event type name ends in "Event".
 */
function isCaliperDescribe(value: unknown): boolean {
  if (!isObject(value) || "action" in value) return false;
  const type = value.type ?? value["@type"];
  return typeof type === "string" && !type.endsWith("Event");
}
