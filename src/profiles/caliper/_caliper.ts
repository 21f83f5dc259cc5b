import { isObject, prop, text } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";

/** The id of a Caliper node given as an IRI string or an entity object (`id` in 1.1+, `@id` in 1.0). */
export function nodeId(node: unknown): string | null {
  if (typeof node === "string") return text(node);
  return text(prop(node, "id")) ?? text(prop(node, "@id"));
}

/** The type of a Caliper node (`type` in 1.1+, `@type` in 1.0), full IRI or short term. */
export function nodeType(node: unknown): string | null {
  return text(prop(node, "type")) ?? text(prop(node, "@type"));
}

export function extension(node: unknown, key: string): string | null {
  const value = prop(prop(node, "extensions"), key);
  return typeof value === "number" ? String(value) : text(value);
}

export function isCaliperEvent(value: unknown): boolean {
  return isObject(value) && nodeType(value) !== null;
}

export const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/** eventTime: malformed is an error; well-formed but not Caliper's `…ss.SSSZ` form is a warning. */
export const caliperTimeSchema: JsonSchema = {
  type: "string",
  "x-code": "BAD_TIME",
  allOf: [{ format: "date-time", "x-code": "BAD_TIME", "x-message": "eventTime must be an RFC 3339 date-time" }],
  if: { format: "date-time" },
  then: {
    pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$",
    "x-severity": "warning",
    "x-code": "TIME_NOT_CALIPER_FORMAT",
    "x-message": "Caliper times must be UTC with milliseconds, in the form YYYY-MM-DDTHH:mm:ss.SSSZ",
  },
};

/** Caliper 1.1+ wants event ids as `urn:uuid:<UUID>`; Blackboard sends bare UUIDs. */
export const caliperEventIdSchema: JsonSchema = {
  type: "string",
  pattern: `^urn:uuid:${UUID}$`,
  "x-severity": "warning",
  "x-code": "EVENT_ID_NOT_URN_UUID",
  "x-message": "Caliper event ids must be UUID URNs (urn:uuid:…)",
};

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
