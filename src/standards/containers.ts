import { isObject, type JsonObject } from "../core/json.js";
import type { DescribedEntity } from "../types.js";

/** Entities described beside the events of one Caliper envelope, by id (with where they sit): what IRI references resolve to. */
export type EntityIndex = ReadonlyMap<string, DescribedEntity>;

const NO_ENTITIES: EntityIndex = new Map();

/**
 * The arrays a large document is streamed by, element by element: a Caliper envelope's (or an API
 * page's) `data`, an xAPI statement result's `statements`. The reader is told them; it knows none.
 */
export const STREAMED_ARRAYS: readonly string[] = ["data", "statements"];

/** An element streamed from a `data` array is one of a Caliper envelope's, with its dataVersion (a page's has none). */
export function envelopeOf(container: {
  key: string;
  strings: Readonly<Record<string, string>>;
}): { dataVersion?: string } | undefined {
  if (container.key !== "data") return undefined;
  const dataVersion = Object.hasOwn(container.strings, "dataVersion") ? container.strings.dataVersion : undefined;
  return dataVersion !== undefined ? { dataVersion } : {};
}

/** One event found inside a parsed JSON value, with its pointer inside that value. */
export interface FoundEvent {
  value: unknown;
  pointer: string;
  /** The entity describes of the envelope the event came in (empty outside envelopes). */
  entities: EntityIndex;
  /** The envelope's `dataVersion`, when the event came in an envelope that has one. */
  dataVersion?: string;
  /** A Caliper entity describe (a Person, a Score …): checked, but not an event. */
  describe: boolean;
  /** A Caliper envelope itself (its sensor, sendTime, dataVersion): checked, but not an event. */
  envelope?: true;
}

/**
 * Opens the containers exports come in: arrays, Caliper envelopes (`{sensor, sendTime, data}`),
 * xAPI statement results (`{statements, more}`) and Learning Locker documents (`{statement, …}`),
 * nested to any depth (an array of envelopes). Everything else is one event, recognised or not,
 * or a Caliper entity describe, which is not an event. In document order.
 */
export function unwrap(
  value: unknown,
  options: {
    pointer?: string;
    /** Whether the text holds `&46;`: asked only when a statement is found (a scan of the text each). */
    learningLockerKeys?: () => boolean;
    /** The value is one element of a streamed envelope's `data`: its entities so far, its dataVersion. */
    envelope?: { entities: EntityIndex; dataVersion?: string };
  } = {},
): FoundEvent[] {
  const out: FoundEvent[] = [];
  const scope: Scope = options.envelope
    ? {
        entities: options.envelope.entities,
        inEnvelope: true,
        learningLockerKeys: options.learningLockerKeys ?? never,
        ...(options.envelope.dataVersion !== undefined && { dataVersion: options.envelope.dataVersion }),
      }
    : { entities: NO_ENTITIES, inEnvelope: false, learningLockerKeys: options.learningLockerKeys ?? never };
  collect(value, options.pointer ?? "", out, 0, scope);
  return out;
}

/** What an item inherits from the containers around it. */
interface Scope {
  entities: EntityIndex;
  inEnvelope: boolean;
  /** Whether the text holds `&46;`: statements may come from Learning Locker with escaped extension keys. */
  learningLockerKeys: () => boolean;
  dataVersion?: string;
}

const never = () => false;

/** Real exports nest containers two or three deep; past this, an array is an (unrecognised) event. */
const MAX_CONTAINER_DEPTH = 8;

// Pointers are joined by hand: an index, `data` and `statements` need no RFC 6901 escaping. Once per
// event, so neither closures nor spread objects (what joinPointer and optional spreads cost).
function collect(value: unknown, pointer: string, out: FoundEvent[], depth: number, scope: Scope): void {
  const { entities } = scope;
  if (depth >= MAX_CONTAINER_DEPTH) {
    out.push(foundEvent(value, pointer, scope, false));
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i], `${pointer}/${i}`, out, depth + 1, scope);
    return;
  }
  // A `data` array without an envelope's own properties (an API's page: `{data, next}`) is opened
  // as an envelope's is, as it is when the document is streamed; only an envelope is checked itself.
  const envelope = isCaliperEnvelope(value);
  if (envelope || isDataPage(value)) {
    if (envelope) out.push({ value, pointer, entities, describe: false, envelope: true });
    const data = value.data;
    const dataPointer = `${pointer}/data`;
    let index: Map<string, { entity: JsonObject; pointer: string }> | undefined;
    for (let i = 0; i < data.length; i++) {
      const item = data[i];
      if (!isCaliperDescribe(item, true)) continue;
      const id = item.id ?? item["@id"];
      if (typeof id === "string") (index ??= new Map()).set(id, { entity: item, pointer: `${dataPointer}/${i}` });
    }
    const inner: Scope = {
      entities: index ?? NO_ENTITIES,
      inEnvelope: true,
      learningLockerKeys: scope.learningLockerKeys,
    };
    if (typeof value.dataVersion === "string") inner.dataVersion = value.dataVersion;
    for (let i = 0; i < data.length; i++) collect(data[i], `${dataPointer}/${i}`, out, depth + 1, inner);
    return;
  }
  if (isStatementResult(value)) {
    const statements = value.statements;
    for (let i = 0; i < statements.length; i++)
      collect(statements[i], `${pointer}/statements/${i}`, out, depth + 1, scope);
    return;
  }
  if (isLearningLockerDocument(value)) {
    out.push({
      value: decodeLearningLockerKeys(value.statement),
      pointer: `${pointer}/statement`,
      entities,
      describe: false,
    });
    return;
  }
  const event =
    isObject(value) && "verb" in value && scope.learningLockerKeys() ? decodeLearningLockerKeys(value) : value;
  out.push(foundEvent(event, pointer, scope, isCaliperDescribe(value, scope.inEnvelope)));
}

function foundEvent(value: unknown, pointer: string, scope: Scope, describe: boolean): FoundEvent {
  const found: FoundEvent = { value, pointer, entities: scope.entities, describe };
  if (scope.dataVersion !== undefined) found.dataVersion = scope.dataVersion;
  return found;
}

export function isCaliperEnvelope(value: unknown): value is { data: unknown[]; dataVersion?: unknown } {
  return (
    isObject(value) && Array.isArray(value.data) && ("sensor" in value || "sendTime" in value || "dataVersion" in value)
  );
}

/** An object holding a `data` array that is not itself an event (which would have an actor). */
function isDataPage(value: unknown): value is { data: unknown[]; dataVersion?: unknown } {
  return (
    isObject(value) && Array.isArray(value.data) && !("actor" in value) && !("action" in value) && !("verb" in value)
  );
}

function isStatementResult(value: unknown): value is { statements: unknown[] } {
  return isObject(value) && Array.isArray(value.statements) && !("actor" in value) && !("verb" in value);
}

/** A Learning Locker (v2) database document: the statement sits under `statement`, beside LRS metadata. */
function isLearningLockerDocument(value: unknown): value is { statement: JsonObject } {
  return (
    isObject(value) &&
    isObject(value.statement) &&
    !("actor" in value) &&
    !("verb" in value) &&
    ("lrs_id" in value || "_id" in value || "stored" in value || "organisation" in value || "lrs" in value)
  );
}

/**
 * Learning Locker stores the `.` of extension keys as `&46;` (MongoDB forbids dots in keys), and some
 * exports (Jisc's) pass them on. Decoded before validation: `http://xapi&46;jisc&46;ac&46;uk/x` is
 * `http://xapi.jisc.ac.uk/x`. Pointers in diagnostics then name the decoded key.
 */
function decodeLearningLockerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeLearningLockerKeys);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: a key named __proto__ stays data.
    Object.defineProperty(out, key.includes("&46;") ? key.replaceAll("&46;", ".") : key, {
      value: decodeLearningLockerKeys(value[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const CALIPER_CONTEXT = /^http:\/\/purl\.imsglobal\.org\/ctx\/caliper\//;

/**
 * An entity describe (Person, CourseSection, Score …), sent beside events in an envelope's `data`
 * or alone. Events carry `action`, `actor` and `eventTime`, and every Caliper event type name ends in
 * "Event"; anything with one of those is an event, if perhaps a broken or unrecognised one. Outside an
 * envelope, an object is an entity only if it says it is Caliper (its `@context`).
 */
function isCaliperDescribe(
  value: unknown,
  inEnvelope: boolean,
): value is JsonObject & { id?: unknown; "@id"?: unknown } {
  if (!isObject(value) || "action" in value || "actor" in value || "eventTime" in value || "verb" in value)
    return false;
  const type = value.type ?? value["@type"];
  if (typeof type !== "string" || type.endsWith("Event")) return false;
  if (inEnvelope) return true;
  const context = value["@context"];
  const contexts = Array.isArray(context) ? context : [context];
  return contexts.some((c) => typeof c === "string" && CALIPER_CONTEXT.test(c));
}
