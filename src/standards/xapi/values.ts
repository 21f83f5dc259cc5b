/**
 * Checks for the values every part of a statement uses: JSON types, nulls, closed key sets, IRIs,
 * UUIDs, language maps and extensions. Each takes the value and its key under the current walk
 * position and reports what is wrong. A null was already reported by the key loop that met it
 * (XAPI_NULL), so these pass over it.
 */
import type { JsonObject } from "../../core/json.js";
import { isIri, uuidForm } from "./formats.js";
import { isLanguageTag } from "./language-tags.js";
import type { Phrase } from "../../messages.js";
import { diagnosticAt, enter, leave, type Segment } from "./walk.js";

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
  diagnosticAt("XAPI_NULL.null", "invalid", key);
}

export function wrongType(key: Segment, expected: Phrase, value: unknown): void {
  diagnosticAt("XAPI_TYPE.wrong", "invalid", key, { expected, value });
}

export function missing(key: string, owner: Phrase): void {
  diagnosticAt("XAPI_REQUIRED.missing", "invalid", key, { key, owner });
}

/**
 * §2.2: reject a key "not allowed by this specification" or whose case differs (`Version`,
 * `timeStamp`), so a near miss names the key that was meant.
 */
export function unknownProperty(key: string, owner: Phrase, known: readonly string[]): void {
  const lower = key.toLowerCase();
  const meant = known.find((k) => k.toLowerCase() === lower);
  if (meant !== undefined) diagnosticAt("XAPI_UNKNOWN_PROPERTY.caseOf", "invalid", key, { owner, meant });
  else diagnosticAt("XAPI_UNKNOWN_PROPERTY.unknown", "invalid", key, { owner, known });
}

export function isString(value: unknown, key: Segment): value is string {
  if (typeof value === "string") return true;
  if (value !== null) wrongType(key, "string", value);
  return false;
}

export function checkString(value: unknown, key: Segment): void {
  isString(value, key);
}

export function checkBoolean(value: unknown, key: Segment): void {
  if (typeof value !== "boolean" && value !== null) wrongType(key, "boolean", value);
}

/** §2.2: IRIs and IRLs need a scheme and IRI characters only; "IRI fragments (relative IRLs) are not valid IRIs". */
export function checkIri(value: unknown, key: Segment, kind: Phrase = "iri"): void {
  if (!isString(value, key)) return;
  if (!isIri(value)) diagnosticAt("XAPI_IRI.notIri", "invalid", key, { kind, value });
}

/** §4.4: "UUIDs MUST be in the standard string form"; RFC 4122 variant 2 is recommended. */
export function checkUuid(value: unknown, key: Segment): void {
  if (!isString(value, key)) return;
  const form = uuidForm(value);
  if (form === "valid") return;
  if (form === "invalid") {
    diagnosticAt("XAPI_UUID.notStandard", "invalid", key, { value });
  } else {
    diagnosticAt("XAPI_UUID.notRfc4122", "deviation", key, { value });
  }
}

/** §4.2: a language map's keys are RFC 5646 tags and its values strings. */
export function checkLanguageMap(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, "languageMap", value);
    return;
  }
  enter(key);
  for (const tag in value) {
    if (!hasOwn(value, tag)) continue;
    const text = value[tag];
    if (!isLanguageTag(tag)) diagnosticAt("XAPI_LANGUAGE_TAG.mapKey", "invalid", tag, { key: tag });
    if (typeof text !== "string") {
      if (text === null) nullValue(tag);
      else wrongType(tag, "string", text);
    }
  }
  leave();
}

/** §4.1: "The keys of an extensions map MUST be IRIs"; "An LRS MUST NOT reject a Statement based on the values". */
export function checkExtensions(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, "extensionsMap", value);
    return;
  }
  enter(key);
  for (const iri in value) {
    if (hasOwn(value, iri) && !isIri(iri)) diagnosticAt("XAPI_IRI.extensionKey", "invalid", iri, { key: iri });
  }
  leave();
}

/**
 * The value of `objectType` where one is allowed: undefined when absent, the string when it is one
 * (null was reported by the key loop), else reported and null.
 */
export function objectTypeOf(value: unknown): string | undefined | null {
  if (value === undefined || typeof value === "string") return value;
  if (value !== null) wrongType("objectType", "string", value);
  return null;
}

export function wrongObjectType(objectType: string, expected: Phrase): void {
  diagnosticAt("XAPI_OBJECT_TYPE.wrong", "invalid", "objectType", { expected, value: objectType });
}
