/** Small, total helpers for reading untyped JSON without `any`. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property only: a key named `__proto__` or `constructor` in the data never reaches the prototype. */
export function prop(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** RFC 6901: "~" and "/" are escaped inside a reference token. */
export function pointerToken(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function joinPointer(base: string, ...keys: (string | number)[]): string {
  return keys.reduce<string>((p, key) => `${p}/${pointerToken(key)}`, base);
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * The last segment of an IRI (`…/verbs/updated` → `updated`, `…/action#Graded` → `Graded`); null for
 * anything but a string (a record is never built from a value its profile did not check).
 */
export function iriTerm(iri: unknown): string | null {
  if (typeof iri !== "string") return null;
  const cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
  return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
}

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value)}`;
  if (typeof value === "object") return "an object";
  return `the ${typeof value} ${String(value)}`;
}

/** `/context/extensions/https:~1~1x~1y/id` → `context.extensions["https://x/y"].id`, as a reader would write it. */
export function humanPath(pointer: string): string {
  if (pointer === "") return "the event";
  return parsePointer(pointer)
    .map((token, i) =>
      /^(0|[1-9][0-9]*)$/.test(token)
        ? `[${token}]`
        : /^[A-Za-z_$@][\w$@:.-]*$/.test(token) && !token.includes(".")
          ? `${i === 0 ? "" : "."}${token}`
          : `[${JSON.stringify(token)}]`,
    )
    .join("");
}
