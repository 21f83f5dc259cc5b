/**
 * Base rules of every IMS Caliper event (1.0, 1.1, 1.2), grade or not: required properties,
 * known types, time and id formats. Spec: caliper-spec.md §2.1, §4.1–4.3 (1.1); 1.2 "Event" and
 * "Identifiers"; 1.0 contexts/v1p0/Context.json. Structure a record needs is an error; a format
 * deviation that leaves the data usable (a bare UUID id, no milliseconds, nulls) is a warning.
 */
import { dateTimeZoneAt } from "../core/date-time.js";
import { describeValue, isObject, iriTerm, joinPointer, type JsonObject } from "../core/json.js";
import { finding, type DiagnosticDraft, type LevelOf } from "../diagnostics.js";
import type { Standard } from "./standard.js";
import { caliperVersion, EVENT_TYPES, IMS_TYPE_IRI, typeTerm } from "./caliper-vocabulary.js";
import { isIri } from "./xapi/formats.js";
import { isDigit } from "../core/char-codes.js";

/** A regex, not a loop over the characters: irregexp's is the faster (measured). */
const UUID_URN = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A date-time (isDateTime holds) in Caliper's own form, `YYYY-MM-DDTHH:mm:ss.SSSZ`: UTC with
 * milliseconds. isDateTime has read the digits and separators up to the seconds.
 */
function isCaliperTime(dateTime: string): boolean {
  if (dateTime.length !== 24 || dateTime.charCodeAt(10) !== 84 || dateTime.charCodeAt(19) !== 46 || dateTime.charCodeAt(23) !== 90) return false; // T . Z
  return isDigit(dateTime.charCodeAt(20)) && isDigit(dateTime.charCodeAt(21)) && isDigit(dateTime.charCodeAt(22));
}

function typeOf(value: JsonObject): unknown {
  return value.type ?? value["@type"];
}

function idOf(value: JsonObject): unknown {
  return value.id ?? value["@id"];
}

/** An RFC 3339 date-time that names a real instant (no 30 February, no hour 25, no offset +25:00). */
export function isDateTime(value: string): boolean {
  return dateTimeZoneAt(value) !== -1;
}

/** The finding for a Caliper time property, if any; none when it is absent. `bad`: the level of a time that is no RFC 3339 date-time. */
function timeFinding(value: unknown, pointer: string, name: string, bad: LevelOf<"BAD_TIME"> = "invalid"): DiagnosticDraft | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isDateTime(value))
    return finding("BAD_TIME", bad, pointer, `${name} must be an RFC 3339 date-time, not ${describeValue(value)}`);
  if (!isCaliperTime(value))
    return finding("TIME_NOT_CALIPER_FORMAT", "deviation", pointer, `Caliper times must be UTC with milliseconds (YYYY-MM-DDTHH:mm:ss.SSSZ), not ${value}`);
  return undefined;
}

const ENVELOPE_KEYS = new Set(["sensor", "sendTime", "dataVersion", "data"]);

/**
 * Entity properties that hold a date and time: every property the 1.1 entity tables and the 1.2
 * entity fragments type DateTime (1.2 adds dateSent, dateTimeSelected, minDateTime, maxDateTime).
 */
const TIME_KEYS = new Set([
  ...["dateCreated", "dateModified", "datePublished", "dateToActivate", "dateToShow", "dateToStartOn", "dateToSubmit", "startedAtTime", "endedAtTime"],
  ...["dateSent", "dateTimeSelected", "minDateTime", "maxDateTime"],
]);
/**
 * Properties whose value is an entity, given as an object or by its IRI, or an array of them: the
 * event's own slots, and every property the 1.1 entity tables (caliper-spec.md §C) and the 1.2
 * entity fragments type "Entity | IRI" or as an array whose items "MUST be expressed either as an
 * object or as a string corresponding to the item's IRI" (members, items, creators, …). `course`
 * is Blackboard's calculated grade's. Not otherIdentifiers: a SystemIdentifier is no Entity.
 */
const ENTITY_SLOTS = new Set([
  ...["actor", "object", "target", "generated", "referrer", "edApp", "group", "membership", "session", "federatedSession"],
  ...["assignee", "assignable", "attempt", "scoredBy", "member", "organization", "subOrganizationOf", "isPartOf", "user", "client", "course"],
  ...["members", "items", "creators", "learningObjectives", "attachments", "replyTo", "annotated", "annotator", "withAgents"],
  ...["commentedOn", "commenter", "creator", "query", "question", "rated", "rater", "ratingComment", "scale", "searchProvider", "searchTarget", "survey", "source"],
]);
/**
 * Values that are not Caliper data, left alone as extensions are: a JSON-LD @context (an inline one
 * defines terms such as `"id": "@id"`, fixture v1p2/caliperEventMessagePostedInlineContext.json) and
 * an LtiSession's messageParameters, LTI's own claims "of whatever type" (1.1 §C LtiSession; fixture
 * v1p2/caliperEventToolLaunchLaunched.json, whose resource_link claim has a UUID as its id).
 */
const NOT_CALIPER_DATA = new Set(["extensions", "@context", "messageParameters"]);
/** What a key is to the walk, in one look-up: an id, a type, a time, an entity slot, or no Caliper data. */
const ID = 1, AT_ID = 2, TYPE = 3, AT_TYPE = 4, TIME = 5, SLOT = 6, NOT_DATA = 7;
const KEY_KINDS = new Map<string, number>([
  ["id", ID],
  ["@id", AT_ID],
  ["type", TYPE],
  ["@type", AT_TYPE],
  ...[...TIME_KEYS].map((key) => [key, TIME] as const),
  ...[...ENTITY_SLOTS].map((key) => [key, SLOT] as const),
  ...[...NOT_CALIPER_DATA].map((key) => [key, NOT_DATA] as const),
]);

/** Types that are no Entity and have no id (1.2 fragments/identifiers, fragments/selectors). */
const NOT_ENTITIES = new Set(["SystemIdentifier", "TextPositionSelector"]);
/**
 * An absolute IRI or a blank node (Caliper 1.1 §4.2 and Terminology "Blank Node Identifier"): the
 * same RFC 3987 test as xAPI's (no control characters, no malformed percent-escapes, no lone
 * surrogates, no spaces), and a scheme with an empty path, which RFC 3987's ipath-empty allows.
 */
const BLANK_NODE = /^_:\S+$/;
const SCHEME_ONLY = /^[A-Za-z][A-Za-z0-9+.-]*:$/;
function isCaliperIri(value: string): boolean {
  return isIri(value) || BLANK_NODE.test(value) || SCHEME_ONLY.test(value);
}

interface Finding {
  pointer: string;
  value: unknown;
  /** The value stands where an entity belongs, and is neither an object nor a string. */
  notAnEntity?: true;
}

/** What a scan found; its lists are made only for a finding, so that a clean event allocates none. */
interface Scan {
  nulls: number;
  firstNull?: string;
  badTimes?: Finding[];
  badIds?: Finding[];
  /** Pointers of the id or type an embedded entity lacks. */
  missing?: string[];
  /** Every object of the event outside extensions, by id, as the core indexes them (see below). */
  byId: Map<string, JsonObject>;
}

/**
 * A value on the walk's stack, with its parent and key: a pointer is built only for a finding.
 * `slot`: the property the value sits under, also for the items of an array there (members).
 * `indexOnly`: a value the rules do not look into (a JSON-LD @context, LTI's messageParameters, an
 * entity's id, what stands where no entity may), walked only for the objects with an id in it.
 */
interface Frame {
  node: object;
  parent: Frame | undefined;
  key: string | number;
  slot: string | undefined;
  indexOnly: boolean;
}

function pointerOf(frame: Frame, last: string | number): string {
  const keys: (string | number)[] = [last];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
  return joinPointer("", ...keys.reverse());
}

function badId(out: Scan, frame: Frame, key: string | number, value: unknown, notAnEntity: boolean): void {
  (out.badIds ??= []).push(notAnEntity ? { pointer: pointerOf(frame, key), value, notAnEntity } : { pointer: pointerOf(frame, key), value });
}

/**
 * One walk over an event, for the rules that apply to every entity in it outside its extensions:
 * nulls (Caliper says to leave such properties out), times that are not date-time strings (an epoch
 * number included), ids or references that are not IRIs, and entities embedded without the id and
 * type every Caliper Entity requires (1.1 §4.2–4.3; 1.2 "Entity": id and type Required). Only objects
 * and arrays go on the stack; their scalars are checked in place. Pointers are built only for what
 * is found, off the hot path. The same walk indexes the event's objects by id for the core, which
 * then need not walk the event again to resolve an IRI (check.ts, embeddedEntities: the same objects,
 * the same choice between two of one id).
 */
function scanEntities(event: JsonObject, describe = false): Scan {
  const out: Scan = { nulls: 0, byId: new Map() };
  const stack: Frame[] = [{ node: event, parent: undefined, key: "", slot: undefined, indexOnly: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    // Children are pushed in document order, then turned round, so that they come off the stack in it.
    const pushedFrom = stack.length;
    if (Array.isArray(node)) {
      const slot = frame.slot !== undefined && KEY_KINDS.get(frame.slot) === SLOT ? frame.slot : undefined;
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (frame.indexOnly) indexOnly(stack, item, frame, i);
        else if (item === null) out.nulls++;
        else if (slot !== undefined) slotValue(out, stack, item, frame, i, slot, false);
        else if (typeof item === "object") stack.push({ node: item, parent: frame, key: i, slot: frame.slot, indexOnly: false });
      }
      turnRound(stack, pushedFrom);
      continue;
    }
    const object = node as JsonObject;
    // What names the object, read on the way through its keys: no second look-up of each.
    let id: unknown, atId: unknown, type: unknown, atType: unknown;
    let legacy = false;
    const timesFrom = out.badTimes?.length ?? 0;
    for (const key in object) {
      const value = object[key];
      const kind = KEY_KINDS.get(key);
      if (kind === ID) id = value;
      else if (kind === AT_ID) (atId = value), (legacy = true);
      else if (kind === TYPE) type = value;
      else if (kind === AT_TYPE) (atType = value), (legacy = true);
      else if (key === "@context") legacy = true;
      if (frame.indexOnly) {
        if (key !== "extensions") indexOnly(stack, value, frame, key);
        continue;
      }
      if (kind === NOT_DATA) {
        if (key !== "extensions") indexOnly(stack, value, frame, key);
      } else if (kind === ID || kind === AT_ID) {
        // The event's own id has its own rule (EVENT_ID_NOT_URN_UUID); a described entity's is an entity's.
        if ((frame.parent !== undefined || kind !== ID || describe) && value !== null && (typeof value !== "string" || !isCaliperIri(value))) badId(out, frame, key, value, false);
        indexOnly(stack, value, frame, key);
      } else if (value === null) out.nulls++;
      else if (kind === TIME) {
        if (typeof value !== "string" || !isDateTime(value)) {
          (out.badTimes ??= []).push({ pointer: pointerOf(frame, key), value });
          indexOnly(stack, value, frame, key);
        }
      } else if (kind === SLOT) slotValue(out, stack, value, frame, key, key, true);
      else if (typeof value === "object") stack.push({ node: value, parent: frame, key, slot: key, indexOnly: false });
    }
    turnRound(stack, pushedFrom);
    // An object's bad times stay listed last key first, as they always were (a tie in place keeps that order).
    if (out.badTimes !== undefined && out.badTimes.length - timesFrom > 1) reverseFrom(out.badTimes, timesFrom);
    index(out.byId, id ?? atId, object, frame);
    // An entity embedded in a slot names itself: id and type (`@id`, `@type` in the 1.0 form).
    if (!frame.indexOnly && frame.parent !== undefined && frame.slot !== undefined && KEY_KINDS.get(frame.slot) === SLOT) {
      if (id === undefined && atId === undefined) (out.missing ??= []).push(pointerOf(frame, legacy ? "@id" : "id"));
      if (type === undefined && atType === undefined) (out.missing ??= []).push(pointerOf(frame, legacy ? "@type" : "type"));
    }
  }
  if (out.nulls > 0) out.firstNull = firstNullIn(event);
  out.badIds?.sort((a, b) => (a.pointer < b.pointer ? -1 : 1));
  return out;
}

/** Reverses the stack's top, from `from`: what was pushed in document order then comes off in it. */
function turnRound(stack: Frame[], from: number): void {
  reverseFrom(stack, from);
}

function reverseFrom<T>(list: T[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const last = list[j]!;
    list[j] = list[i]!;
    list[i] = last;
  }
}

/**
 * A value where an entity belongs: an entity object or its IRI, or in a slot (not in an item of
 * one) a list of them (members, items; Caliper 1.0 also lists an Organization's membership). What
 * is none of these is reported and not looked into: a hostile nesting of arrays is one finding.
 */
function slotValue(out: Scan, stack: Frame[], value: unknown, frame: Frame, key: string | number, slot: string, list: boolean): void {
  if (typeof value === "string") {
    if (!isCaliperIri(value)) badId(out, frame, key, value, false);
  } else if (typeof value === "object" && value !== null && (!Array.isArray(value) || list)) stack.push({ node: value, parent: frame, key, slot, indexOnly: false });
  else {
    badId(out, frame, key, value, true);
    indexOnly(stack, value, frame, key);
  }
}

/** A value the rules leave alone, walked only for the index. */
function indexOnly(stack: Frame[], value: unknown, frame: Frame, key: string | number): void {
  if (typeof value === "object" && value !== null) stack.push({ node: value, parent: frame, key, slot: undefined, indexOnly: true });
}

/**
 * Indexes an object by its id (`id`, else `@id`) as embeddedEntities in check.ts does: the object with the most keys
 * wins, and of two with as many the first that walk meets. That walk takes the later sibling first
 * (and a parent before its children); this one goes in document order, so of two alike the later
 * wins, unless the earlier holds it.
 */
function index(byId: Map<string, JsonObject>, id: unknown, object: JsonObject, frame: Frame): void {
  if (typeof id !== "string") return;
  const known = byId.get(id);
  if (known === undefined) {
    byId.set(id, object);
    return;
  }
  const mine = Object.keys(object).length;
  const theirs = Object.keys(known).length;
  if (mine > theirs || (mine === theirs && !holds(known, frame))) byId.set(id, object);
}

/** Whether `object` stands above `frame`'s node on the walk's path to it. */
function holds(object: JsonObject, frame: Frame): boolean {
  for (let f = frame.parent; f !== undefined; f = f.parent) if (f.node === object) return true;
  return false;
}

/**
 * The pointer of the first null in document order (outside extensions and ids): where CALIPER_NULL
 * points. A stack, not recursion: JSON.parse takes nesting far deeper than the call stack does.
 */
function firstNullIn(event: JsonObject): string | undefined {
  const stack: { node: unknown; pointer: string }[] = [{ node: event, pointer: "" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (node === null) return pointer;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], pointer: joinPointer(pointer, i) });
    } else if (isObject(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (!NOT_CALIPER_DATA.has(key) && key !== "id" && key !== "@id") stack.push({ node: node[key], pointer: joinPointer(pointer, key) });
      }
    }
  }
  return undefined;
}

function typeFinding(type: unknown, pointer: string): DiagnosticDraft | undefined {
  if (typeof type !== "string") return finding("TYPE", "invalid", pointer, "the event's type must be a string");
  const imsIri = type.startsWith(IMS_TYPE_PREFIX) && IMS_TYPE_IRI.test(type);
  const isTerm = !type.includes(":");
  if ((imsIri || isTerm) && !EVENT_TYPES.has(typeTerm(type))) return finding("CALIPER_UNKNOWN_TYPE", "invalid", pointer, `${type} is not a Caliper event type`);
  return undefined;
}

/** Where every IMS_TYPE_IRI starts: most types are terms or vendors' IRIs, which need no regex. */
const IMS_TYPE_PREFIX = "http://purl.imsglobal.org/caliper/";

/** Properties every Caliper event must have. */
const EVENT_REQUIRED = ["actor", "action", "object", "eventTime"];

export const caliper: Standard = {
  id: "caliper",
  detect: (value) => typeof typeOf(value) === "string" && !("verb" in value) && ("action" in value || "actor" in value || "eventTime" in value || "object" in value),
  label: (value) => {
    const type = typeOf(value);
    const action = value.action;
    return `Caliper ${typeof type === "string" ? typeTerm(type) : "event"}${typeof action === "string" ? ` (${iriTerm(action)})` : ""}`;
  },
  check(event, context, found) {
    const out: DiagnosticDraft[] = [];
    const version = caliperVersion(event, context.dataVersion);
    const typeKey = "type" in event ? "type" : "@type";
    push(out, typeFinding(typeOf(event), `/${typeKey}`));
    for (const key of EVENT_REQUIRED) if (!(key in event)) out.push(finding("REQUIRED", "invalid", `/${key}`, `a Caliper event must have ${key}`));
    if ("action" in event && typeof event.action !== "string") out.push(finding("TYPE", "invalid", "/action", "action must be a string"));
    push(out, timeFinding(event.eventTime, "/eventTime", "eventTime"));
    if (version !== "1.0") {
      const id = idOf(event);
      if (id === undefined) out.push(finding("CALIPER_NO_ID", "deviation", "/id", "Caliper 1.1 and later events must have an id (urn:uuid:…)"));
      else if (typeof id !== "string" || !UUID_URN.test(id))
        out.push(finding("EVENT_ID_NOT_URN_UUID", "deviation", "/id", `Caliper event ids must be UUID URNs (urn:uuid:…), not ${JSON.stringify(id)}`));
      if (!("@context" in event)) out.push(finding("CALIPER_NO_CONTEXT", "deviation", "/@context", "Caliper 1.1 and later events must carry a JSON-LD @context"));
    }
    const scan = scanEntities(event);
    if (found !== undefined) found.byId = scan.byId;
    entityRules(out, scan, "event");
    return out;
  },
  /**
   * Caliper 1.1 §5.2 / 1.2 "Envelope": sensor, sendTime, dataVersion and data are required (1.0
   * envelopes have no dataVersion), sendTime in the event time format, and no custom properties.
   * An envelope's faults leave its events' records sound: warnings, errors under --strict.
   */
  checkEnvelope(envelope) {
    const out: DiagnosticDraft[] = [];
    if (typeof envelope.sensor !== "string") out.push(finding("REQUIRED", "deviation", "/sensor", "a Caliper envelope must name its sensor (an IRI)"));
    else if (!isCaliperIri(envelope.sensor)) out.push(finding("CALIPER_NOT_IRI", "deviation", "/sensor", `the envelope's sensor should be an IRI, not ${JSON.stringify(envelope.sensor)}`));
    if (envelope.sendTime === undefined) out.push(finding("REQUIRED", "deviation", "/sendTime", "a Caliper envelope must have sendTime"));
    else push(out, timeFinding(envelope.sendTime, "/sendTime", "sendTime", "deviation"));
    const data = Array.isArray(envelope.data) ? envelope.data : [];
    const newer = data.some((item) => isObject(item) && (caliperVersion(item) === "1.1" || caliperVersion(item) === "1.2"));
    if (envelope.dataVersion === undefined) {
      if (newer) out.push(finding("REQUIRED", "deviation", "/dataVersion", "a Caliper 1.1 or 1.2 envelope must have dataVersion"));
    } else if (caliperVersion({}, String(envelope.dataVersion)) === undefined)
      out.push(finding("CALIPER_UNKNOWN_TYPE", "deviation", "/dataVersion", `dataVersion ${JSON.stringify(envelope.dataVersion)} is not a Caliper context IRI`));
    // Each named where it stands, up to a few: an envelope with thousands (a producer's bug) would
    // otherwise cost a search through the envelope's text for each.
    const custom = Object.keys(envelope).filter((key) => !ENVELOPE_KEYS.has(key));
    for (const key of custom.slice(0, MAX_CUSTOM_NAMED))
      out.push(finding("UNKNOWN_PROPERTY", "deviation", joinPointer("", key), `a Caliper envelope allows no custom properties, and has ${JSON.stringify(key)}`));
    if (custom.length > MAX_CUSTOM_NAMED)
      // At the first of those not named: findings are listed in file order, and this one follows the named ones.
      out.push(finding("UNKNOWN_PROPERTY", "deviation", joinPointer("", custom[MAX_CUSTOM_NAMED]!), `and ${custom.length - MAX_CUSTOM_NAMED} more custom properties beside those named (${custom.length} in all)`));
    return out;
  },
  /**
   * A describe is an Entity sent on its own (1.1 §5.3, 1.2 "Describe"): the entity rules an
   * embedded one meets are its rules too (the invalid fixtures under v1p2/commonErrorFixtures are
   * such entities), and its own id is an entity's id, an IRI.
   */
  checkEntity(entity) {
    const out: DiagnosticDraft[] = [];
    const term = typeTerm(String(typeOf(entity)));
    if (idOf(entity) === undefined && !NOT_ENTITIES.has(term)) out.push(finding("REQUIRED", "invalid", "/id", "a Caliper entity must have an id (an IRI)"));
    entityRules(out, scanEntities(entity, true), "entity");
    for (const { key, shown } of notFiniteNumbers(entity, NUMERIC_PROPERTIES.get(term) ?? []))
      out.push(finding("SCORE_NOT_NUMBER", "invalid", `/${key}`, `${term}.${key} must be a finite number, not ${shown}`));
    return out;
  },
};

/**
 * Adds the findings of a scan to `out`. MUST-level rules of every entity (1.1 §4.2 identifiers, §4.3 date-times;
 * 1.2 "Entity"): an event or a describe that breaks them is not conformant, whether or not a record
 * uses the entity.
 */
function entityRules(out: DiagnosticDraft[], found: Scan, what: "event" | "entity"): void {
  if (found.nulls > 0)
    out.push(finding("CALIPER_NULL", "deviation", found.firstNull ?? "", `${found.nulls} ${found.nulls === 1 ? "property is" : "properties are"} null; Caliper says to leave out properties without a value`));
  for (const pointer of found.missing ?? [])
    out.push(finding("REQUIRED", "invalid", pointer, `an entity embedded in a Caliper ${what} must have ${pointer.slice(pointer.lastIndexOf("/") + 1)} (a Caliper Entity requires id and type)`));
  for (const { pointer, value } of found.badTimes ?? [])
    out.push(finding("BAD_TIME", "invalid", pointer, `${dotted(pointer)} must be an RFC 3339 date-time string, not ${describeValue(value)}`));
  for (const { pointer, value, notAnEntity } of found.badIds ?? [])
    out.push(
      notAnEntity
        ? finding("CALIPER_NOT_IRI", "invalid", pointer, `${dotted(pointer)} must be an entity (an object with id and type) or its IRI, not ${describeValue(value)}`)
        : finding("CALIPER_NOT_IRI", "invalid", pointer, `${dotted(pointer)} must be an IRI (a scheme such as https: or urn:, no spaces), not ${describeValue(value)}`),
    );
}

function push(out: DiagnosticDraft[], draft: DiagnosticDraft | undefined): void {
  if (draft !== undefined) out.push(draft);
}

function dotted(pointer: string): string {
  return pointer.slice(1).replaceAll("/", ".");
}

/** Custom envelope properties named one by one; more are counted in one more warning. */
const MAX_CUSTOM_NAMED = 10;

/**
 * The `keys` of an entity that hold something other than a finite number (null and absent are
 * fine), each with its value as a message shows it: 1e400 parsed is Infinity, which JSON.stringify
 * would show as null.
 */
export function notFiniteNumbers(entity: JsonObject, keys: readonly string[]): { key: string; shown: string }[] {
  return keys.flatMap((key) => {
    const value = entity[key];
    if (value === undefined || value === null || (typeof value === "number" && Number.isFinite(value))) return [];
    return [{ key, shown: typeof value === "number" ? String(value) : describeValue(value) }];
  });
}

/** Numeric properties of the grade entities; a string here ("10.0") is the classic producer mistake. */
// A Map, not an object literal: a type named "__proto__" in the data must find nothing.
const NUMERIC_PROPERTIES = new Map<string, string[]>([
  ["Score", ["scoreGiven", "maxScore"]],
  ["Result", ["resultScore", "maxResultScore", "normalScore", "penaltyScore", "extraCreditScore", "totalScore", "curvedTotalScore", "curveFactor"]],
  ["Attempt", ["count"]],
]);
