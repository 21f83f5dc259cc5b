import type { JsonObject } from "../core/json.js";
import type { JsonSchema } from "../core/schema.js";
import type { DiagnosticDraft } from "../diagnostics.js";
import type { Decimal, GradeRecord } from "../types.js";

/**
 * What a profile may ask of the core, which alone knows the source text and the envelope. Call
 * these as methods (`context.resolve(x)`): they are not bound, since one context is made per event.
 */
export interface EventContext {
  /** The number at `pointer` (relative to the event) exactly as written; null when absent or null. */
  decimal(value: unknown, pointer: string): Decimal | null;
  /**
   * `entity[key]` as written, for an entity the event embeds or its envelope describes (as returned
   * by resolve); null when it is not a number.
   */
  number(entity: JsonObject | undefined, key: string): Decimal | null;
  /**
   * The entity a slot names: the object itself when embedded; for an IRI, the entity with that id
   * embedded elsewhere in the event or described beside it in its envelope; else undefined.
   */
  resolve(node: unknown): JsonObject | undefined;
  /** The `dataVersion` of the event's Caliper envelope. */
  dataVersion?: string;
  /** The xAPI version statements are judged by when they do not say ("--xapi-version"). */
  xapiVersion: "1.0.3" | "2.0";
}

/**
 * One kind of event gradeev recognises. Per event the core runs detect → schema → check → flatten;
 * a profile never does IO, so it can be tested with plain values.
 */
export interface Profile<E = unknown> {
  /** Stable id: `--profile` value, record `profile` column, `samples/<valid|invalid>/<id>/` folder. */
  id: string;
  title: string;
  /** The standard its events belong to: held to its rules first, and the record's `source` column. */
  standard: "caliper" | "xapi";
  /** One sentence for `gradeev profiles`: what the detector looks for. */
  recognises: string;
  /** A cheap structural sniff; whatever it accepts is then held to the schema, if any, and the check. */
  detect(value: JsonObject): boolean;
  /**
   * The profile's own JSON Schema, where one says something its standard's rules do not. Left out
   * when the standard's rules (every xAPI statement's, for instance) and the check say it all:
   * `gradeev schema` then says so rather than print a schema that accepts anything.
   */
  schema?: JsonSchema;
  /** Rules a schema cannot say (fallback chains, comparisons between fields). Runs on schema-valid events. */
  check?(event: E, context: EventContext): DiagnosticDraft[];
  /** Pure; runs only on events without errors. */
  flatten(event: E, context: EventContext): GradeRecord;
}

/** Identity helper: lets TypeScript check a profile against its event type. */
export function defineProfile<E>(profile: Profile<E>): Profile<E> {
  return profile;
}

/**
 * The registry's element type. check and flatten are declared as methods, so a Profile<BbEvent>
 * is assignable here; the core only calls them with what that profile's own detect and schema accepted.
 */
export type AnyProfile = Profile<unknown>;
