import type { JsonObject } from "../core/json.js";
import type { DiagnosticDraft } from "../diagnostics.js";
import type { EventContext } from "../profiles/profile.js";

/** The objects of an event outside its extensions, by id; of two with one id, the fuller. */
export interface FoundEntities {
  byId?: Map<string, JsonObject>;
}

/**
 * A standard (Caliper, xAPI): which values are its events, and the base rules every one of its
 * events must meet, grade or not. An event that breaks them is invalid even if no profile knows it.
 */
export interface Standard {
  id: "caliper" | "xapi";
  /** Whether a value is an event of this standard at all. */
  detect(value: JsonObject): boolean;
  /**
   * `found`, when given: where a standard whose own walk meets every object of the event leaves
   * them by id, as the core would index them (check.ts, embeddedEntities), so that resolving an
   * IRI costs no second walk.
   */
  check(value: JsonObject, context: EventContext, found?: FoundEntities): DiagnosticDraft[];
  /** Rules for an entity describe (Caliper sends entities beside events). */
  checkEntity?(value: JsonObject, context: EventContext): DiagnosticDraft[];
  /** Rules for the envelope events come in (Caliper's sensor, sendTime, dataVersion). */
  checkEnvelope?(value: JsonObject): DiagnosticDraft[];
  /** A short name for an event no profile recognised, for the summary's list. */
  label(value: JsonObject): string;
}
