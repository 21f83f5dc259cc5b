/**
 * Checks for the values every part of a statement uses: JSON types, nulls, closed key sets, IRIs,
 * UUIDs, language maps and extensions. Each takes the value and its key under the current walk
 * position and reports what is wrong. A null was already reported by the key loop that met it
 * (XAPI_NULL), so these pass over it.
 */
import type { JsonObject } from "../../core/json.js";
import { isIri, uuidForm } from "./formats.js";
import { isLanguageTag } from "./language-tags.js";
import { enter, finding, leave, pathTo, shown, type Segment } from "./walk.js";

const ownProperty = Object.prototype.hasOwnProperty;

/**
 * Whether `key` is the value's own property, so a polluted prototype never feeds the walk and a
 * `__proto__` key from JSON.parse is plain data. hasOwnProperty, not Object.hasOwn: inside
 * `for…in` V8 reduces it to an enum-cache check, while Object.hasOwn stays a call per key.
 */
export function hasOwn(value: object, key: string): boolean {
  return ownProperty.call(value, key);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Present and not null: the null itself was reported where it was met. */
export function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** §2.2: "The LRS MUST reject Statements with any null values (except inside extensions)". */
export function nullValue(key: Segment): void {
  finding("XAPI_NULL", "invalid", key, `${pathTo(key)} must not be null (xAPI allows null only inside extensions)`);
}

export function wrongType(key: Segment, expected: string, value: unknown): void {
  finding("XAPI_TYPE", "invalid", key, `${pathTo(key)} must be ${expected}, not ${shown(value)}`);
}

export function missing(key: string, owner: string): void {
  finding("XAPI_REQUIRED", "invalid", key, `${pathTo()} has no "${key}" property, which ${owner} requires`);
}

/**
 * §2.2: reject a key "not allowed by this specification" or whose case differs (`Version`,
 * `timeStamp`), so a near miss names the key that was meant.
 */
export function unknownProperty(key: string, owner: string, known: readonly string[]): void {
  const lower = key.toLowerCase();
  const meant = known.find((k) => k.toLowerCase() === lower);
  const hint =
    meant !== undefined
      ? `; keys are case-sensitive: did you mean "${meant}"?`
      : `; its keys are ${known.map((k) => `"${k}"`).join(", ")}`;
  finding("XAPI_UNKNOWN_PROPERTY", "invalid", key, `${pathTo(key)} is not a property of ${owner}${hint}`);
}

export function isString(value: unknown, key: Segment): value is string {
  if (typeof value === "string") return true;
  if (value !== null) wrongType(key, "a string", value);
  return false;
}

export function checkString(value: unknown, key: Segment): void {
  isString(value, key);
}

export function checkBoolean(value: unknown, key: Segment): void {
  if (typeof value !== "boolean" && value !== null)
    wrongType(key, "true or false (a JSON boolean, not a string)", value);
}

/** §2.2: IRIs and IRLs need a scheme and IRI characters only; "IRI fragments (relative IRLs) are not valid IRIs". */
export function checkIri(value: unknown, key: Segment, kind = "an IRI"): void {
  if (!isString(value, key)) return;
  if (!isIri(value))
    finding(
      "XAPI_IRI",
      "invalid",
      key,
      `${pathTo(key)} must be ${kind} with a scheme (such as https:) and no spaces, not ${shown(value)}`,
    );
}

/** §4.4: "UUIDs MUST be in the standard string form"; RFC 4122 variant 2 is recommended. */
export function checkUuid(value: unknown, key: Segment): void {
  if (!isString(value, key)) return;
  const form = uuidForm(value);
  if (form === "valid") return;
  if (form === "invalid") {
    finding(
      "XAPI_UUID",
      "invalid",
      key,
      `${pathTo(key)} must be a UUID in standard form (8-4-4-4-12 hex digits), not ${shown(value)}`,
    );
  } else {
    finding(
      "XAPI_UUID",
      "deviation",
      key,
      `${pathTo(key)} is not an RFC 4122 UUID (version 1 to 8, variant 8, 9, a or b), which xAPI recommends: ${shown(value)}`,
    );
  }
}

/** §4.2: a language map's keys are RFC 5646 tags and its values strings. */
export function checkLanguageMap(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, 'a language map (an object such as {"en-US": "text"})', value);
    return;
  }
  enter(key);
  for (const tag in value) {
    if (!hasOwn(value, tag)) continue;
    const text = value[tag];
    if (!isLanguageTag(tag))
      finding(
        "XAPI_LANGUAGE_TAG",
        "invalid",
        tag,
        `${pathTo()} has the key ${JSON.stringify(tag)}, which is not an RFC 5646 language tag (such as en, en-US, zh-Hant)`,
      );
    if (typeof text !== "string") {
      if (text === null) nullValue(tag);
      else wrongType(tag, "a string", text);
    }
  }
  leave();
}

/** §4.1: "The keys of an extensions map MUST be IRIs"; "An LRS MUST NOT reject a Statement based on the values". */
export function checkExtensions(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, "an object whose keys are IRIs", value);
    return;
  }
  enter(key);
  for (const iri in value) {
    if (hasOwn(value, iri) && !isIri(iri))
      finding(
        "XAPI_IRI",
        "invalid",
        iri,
        `${pathTo()} has the key ${JSON.stringify(iri)}, which is not an IRI; extension keys must be IRIs`,
      );
  }
  leave();
}

/**
 * The value of `objectType` where one is allowed: undefined when absent, the string when it is one
 * (null was reported by the key loop), else reported and null.
 */
export function objectTypeOf(value: unknown): string | undefined | null {
  if (value === undefined || typeof value === "string") return value;
  if (value !== null) wrongType("objectType", "a string", value);
  return null;
}

export function wrongObjectType(objectType: string, expected: string): void {
  finding(
    "XAPI_OBJECT_TYPE",
    "invalid",
    "objectType",
    `${pathTo("objectType")} must be ${expected} (case-sensitive), not ${shown(objectType)}`,
  );
}
