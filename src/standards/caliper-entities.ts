/**
 * One walk over a Caliper event (or a describe), for the rules that apply to every entity in it
 * outside its extensions: nulls (Caliper says to leave such properties out), times that are not
 * date-time strings (an epoch number included), ids or references that are not IRIs, and entities
 * embedded without the id and type every Caliper Entity requires (1.1 §4.2–4.3; 1.2 "Entity": id
 * and type Required). The same walk indexes the event's objects by id for the core, which then need
 * not walk the event again to resolve an IRI (check.ts, embeddedEntities: the same objects, the
 * same choice between two of one id).
 */
import { dateTimeZoneAt } from "../core/date-time.js";
import { isObject, joinPointer, type JsonObject } from "../core/json.js";
import { EntityIndex } from "./caliper-entity-index.js";
import { isCaliperIri } from "./caliper-formats.js";

/** A value that breaks an entity rule, where it stands. */
export interface BadValue {
  pointer: string;
  value: unknown;
  /** The value stands where an entity belongs, and is neither an object nor a string. */
  notAnEntity?: true;
}

/** What a scan found; its lists are made only for a diagnostic, so that a clean event allocates none. */
export interface Scan {
  nulls: number;
  firstNull?: string;
  badTimes?: BadValue[];
  badIds?: BadValue[];
  /** Pointers of the id or type an embedded entity lacks. */
  missing?: string[];
  /** Every object of the event outside extensions, by id, as the core indexes them (see index below). */
  byId: EntityIndex;
}

/**
 * Entity properties that hold a date and time: every property the 1.1 entity tables and the 1.2
 * entity fragments type DateTime (1.2 adds dateSent, dateTimeSelected, minDateTime, maxDateTime).
 */
const TIME_KEYS = [
  ...[
    "dateCreated",
    "dateModified",
    "datePublished",
    "dateToActivate",
    "dateToShow",
    "dateToStartOn",
    "dateToSubmit",
    "startedAtTime",
    "endedAtTime",
  ],
  ...["dateSent", "dateTimeSelected", "minDateTime", "maxDateTime"],
];
/**
 * Properties whose value is an entity, given as an object or by its IRI, or an array of them: the
 * event's own slots, and every property the 1.1 entity tables (caliper-spec.md §C) and the 1.2
 * entity fragments type "Entity | IRI" or as an array whose items "MUST be expressed either as an
 * object or as a string corresponding to the item's IRI" (members, items, creators, …). `course`
 * is Blackboard's calculated grade's. Not otherIdentifiers: a SystemIdentifier is no Entity.
 */
const ENTITY_SLOTS = [
  ...[
    "actor",
    "object",
    "target",
    "generated",
    "referrer",
    "edApp",
    "group",
    "membership",
    "session",
    "federatedSession",
  ],
  ...[
    "assignee",
    "assignable",
    "attempt",
    "scoredBy",
    "member",
    "organization",
    "subOrganizationOf",
    "isPartOf",
    "user",
    "client",
    "course",
  ],
  ...[
    "members",
    "items",
    "creators",
    "learningObjectives",
    "attachments",
    "replyTo",
    "annotated",
    "annotator",
    "withAgents",
  ],
  ...[
    "commentedOn",
    "commenter",
    "creator",
    "query",
    "question",
    "rated",
    "rater",
    "ratingComment",
    "scale",
    "searchProvider",
    "searchTarget",
    "survey",
    "source",
  ],
];
/**
 * Values that are not Caliper data, left alone as extensions are: a JSON-LD @context (an inline one
 * defines terms such as `"id": "@id"`, fixture v1p2/caliperEventMessagePostedInlineContext.json) and
 * an LtiSession's messageParameters, LTI's own claims "of whatever type" (1.1 §C LtiSession; fixture
 * v1p2/caliperEventToolLaunchLaunched.json, whose resource_link claim has a UUID as its id).
 */
const NOT_CALIPER_DATA = new Set(["extensions", "@context", "messageParameters"]);
/** What a key is to the walk, in one look-up: an id, a type, a time, an entity slot, or no Caliper data. */
// Of NOT_CALIPER_DATA, extensions are not walked, @context marks the 1.0 form and, with messageParameters, is walked only for the index.
const ID = 1,
  AT_ID = 2,
  TYPE = 3,
  AT_TYPE = 4,
  TIME = 5,
  SLOT = 6,
  NOT_DATA = 7,
  CONTEXT = 8,
  EXTENSIONS = 9;
const KEY_KINDS = new Map<string, number>([
  ["id", ID],
  ["@id", AT_ID],
  ["type", TYPE],
  ["@type", AT_TYPE],
  ...TIME_KEYS.map((key) => [key, TIME] as const),
  ...ENTITY_SLOTS.map((key) => [key, SLOT] as const),
  ...[...NOT_CALIPER_DATA].map(
    (key) => [key, key === "@context" ? CONTEXT : key === "extensions" ? EXTENSIONS : NOT_DATA] as const,
  ),
]);

/**
 * The walk's frames, one per object and array met, as columns reused from one event to the next:
 * a frame is a number, so that the walk makes no object per object it meets (a Caliper event holds
 * a dozen; allocation is as much of the cost as the walking). A frame keeps its parent, so that a
 * pointer is built only for a diagnostic, off the hot path. The walk runs to its end without calling
 * out, so one set of columns serves every scan.
 */
const nodes: (object | undefined)[] = [];
const parents: number[] = [];
const keys: (string | number)[] = [];
/**
 * INDEX_ONLY: a value the rules do not look into (a JSON-LD @context, LTI's messageParameters, an
 * entity's id, what stands where no entity may), walked only for the objects with an id in it.
 * IN_SLOT: the value sits under an entity slot (ENTITY_SLOTS), also as an item of an array there (members).
 */
const INDEX_ONLY = 1,
  IN_SLOT = 2;
const flags: number[] = [];
let frames = 0;
/** Frames still to visit, the next on top. */
const stack: number[] = [];
let top = 0;

/**
 * Strings this walk found to be IRIs, or date-times. An event names most of its entities more than
 * once (Blackboard's actor is its edApp, its member the user, its organization the course; a 1.2
 * Score's attempt is the object), and an Attempt starts when it is created; comparing a repeat with
 * these costs a fraction of the test (measured): a string of another length is told apart at once,
 * a copy by a compare of its bytes. A string is answered from here only when an equal one passed.
 */
interface Passed {
  strings: (string | undefined)[];
  count: number;
}
const passedIris: Passed = { strings: [], count: 0 };
const passedTimes: Passed = { strings: [], count: 0 };
/** Strings kept at most: past a few, comparing a new string with all of them costs what the test does. */
const MAX_PASSED = 8;

function passedBefore(passed: Passed, value: string): boolean {
  for (let i = 0; i < passed.count; i++) if (passed.strings[i] === value) return true;
  return false;
}

function remember(passed: Passed, value: string): void {
  if (passed.count < MAX_PASSED) passed.strings[passed.count++] = value;
}

/** Lets go of the strings: the next event may be long in coming. */
function forget(passed: Passed): void {
  for (let i = 0; i < passed.count; i++) passed.strings[i] = undefined;
  passed.count = 0;
}

/** isCaliperIri, answered from the strings that passed it in this walk when it has met the same one. */
function isIri(value: string): boolean {
  if (passedBefore(passedIris, value)) return true;
  if (!isCaliperIri(value)) return false;
  remember(passedIris, value);
  return true;
}

/** Whether the value is an RFC 3339 date-time, answered as isIri is. */
function isTime(value: string): boolean {
  if (passedBefore(passedTimes, value)) return true;
  if (dateTimeZoneAt(value) === -1) return false;
  remember(passedTimes, value);
  return true;
}

/** Puts a new frame on the stack. */
function push(node: object, parent: number, key: string | number, flag: number): void {
  const frame = frames++;
  nodes[frame] = node;
  parents[frame] = parent;
  keys[frame] = key;
  flags[frame] = flag;
  stack[top++] = frame;
}

/**
 * Walks `event` once. Only objects and arrays go on the stack; their scalars are checked in place.
 * `describe`: the value is an entity sent on its own, whose own id is an entity's id.
 */
export function scanEntities(event: JsonObject, describe: boolean): Scan {
  const out: Scan = { nulls: 0, byId: new EntityIndex() };
  frames = 0;
  top = 0;
  counts = 0;
  push(event, -1, "", 0);
  while (top > 0) {
    const frame = stack[--top]!;
    const node = nodes[frame]!;
    const flag = flags[frame]!;
    // Children are pushed in document order, then turned round, so that they come off the stack in it.
    const pushedFrom = top;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if ((flag & INDEX_ONLY) !== 0) indexOnly(item, frame, i);
        else if (item === null) out.nulls++;
        else if ((flag & IN_SLOT) !== 0) slotValue(out, item, frame, i, false);
        else if (typeof item === "object") push(item, frame, i, 0);
      }
      turnRound(pushedFrom);
      continue;
    }
    const object = node as JsonObject;
    // What names the object, read on the way through its keys: no second look-up of each.
    let id: unknown, atId: unknown, type: unknown, atType: unknown;
    let legacy = false;
    let keyCount = 0;
    const timesFrom = out.badTimes?.length ?? 0;
    for (const key in object) {
      keyCount++;
      const value = object[key];
      const kind = KEY_KINDS.get(key);
      // Most keys are none of the walk's (name, score, status): their value is only a null to count or a node to walk.
      // Those first, then a switch on the kind: a chain of tests run for every key cost an eighth of the walk (measured).
      if (kind === undefined) {
        if ((flag & INDEX_ONLY) !== 0) indexOnly(value, frame, key);
        else if (value === null) out.nulls++;
        else if (typeof value === "object") push(value, frame, key, 0);
        continue;
      }
      const indexing = (flag & INDEX_ONLY) !== 0;
      switch (kind) {
        case ID:
        case AT_ID:
          if (kind === ID) id = value;
          else ((atId = value), (legacy = true));
          // The event's own id has its own rule (EVENT_ID_NOT_URN_UUID); a described entity's is an entity's.
          if (
            !indexing &&
            (frame !== 0 || kind !== ID || describe) &&
            value !== null &&
            (typeof value !== "string" || !isIri(value))
          )
            badId(out, frame, key, value, false);
          indexOnly(value, frame, key);
          break;
        case TYPE:
        case AT_TYPE:
          if (kind === TYPE) type = value;
          else ((atType = value), (legacy = true));
          if (indexing) indexOnly(value, frame, key);
          else if (value === null) out.nulls++;
          else if (typeof value === "object") push(value, frame, key, 0);
          break;
        case TIME:
          if (indexing) indexOnly(value, frame, key);
          else if (value === null) out.nulls++;
          else if (typeof value !== "string" || !isTime(value)) {
            (out.badTimes ??= []).push({ pointer: pointerOf(frame, key), value });
            indexOnly(value, frame, key);
          }
          break;
        case SLOT:
          if (indexing) indexOnly(value, frame, key);
          else if (value === null) out.nulls++;
          else slotValue(out, value, frame, key, true);
          break;
        case CONTEXT:
          legacy = true;
          indexOnly(value, frame, key);
          break;
        case NOT_DATA:
          indexOnly(value, frame, key);
          break;
        // EXTENSIONS: not walked at all.
      }
    }
    turnRound(pushedFrom);
    // An object's bad times stay listed last key first, as they always were (a tie in place keeps that order).
    if (out.badTimes !== undefined && out.badTimes.length - timesFrom > 1) reverseFrom(out.badTimes, timesFrom);
    index(out.byId, id ?? atId, object, keyCount, frame);
    // An entity embedded in a slot names itself: id and type (`@id`, `@type` in the 1.0 form).
    if ((flag & (INDEX_ONLY | IN_SLOT)) === IN_SLOT) {
      if (id === undefined && atId === undefined) (out.missing ??= []).push(pointerOf(frame, legacy ? "@id" : "id"));
      if (type === undefined && atType === undefined)
        (out.missing ??= []).push(pointerOf(frame, legacy ? "@type" : "type"));
    }
  }
  // The columns let go of the event's objects: the next event may be long in coming.
  for (let i = 0; i < frames; i++) nodes[i] = undefined;
  forget(passedIris);
  forget(passedTimes);
  for (let i = 0; i < counts; i++) countedObjects[i] = undefined;
  if (out.nulls > 0) out.firstNull = firstNullIn(event);
  out.badIds?.sort((a, b) => (a.pointer < b.pointer ? -1 : 1));
  return out;
}

/** Reverses the stack's top, from `from`: what was pushed in document order then comes off in it. */
function turnRound(from: number): void {
  for (let i = from, j = top - 1; i < j; i++, j--) {
    const last = stack[j]!;
    stack[j] = stack[i]!;
    stack[i] = last;
  }
}

function reverseFrom<T>(list: T[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const last = list[j]!;
    list[j] = list[i]!;
    list[i] = last;
  }
}

/** The pointer of `last` in the frame's node. */
function pointerOf(frame: number, last: string | number): string {
  const path: (string | number)[] = [last];
  for (let f = frame; parents[f] !== -1; f = parents[f]!) path.push(keys[f]!);
  return joinPointer("", ...path.reverse());
}

function badId(out: Scan, frame: number, key: string | number, value: unknown, notAnEntity: boolean): void {
  (out.badIds ??= []).push(
    notAnEntity ? { pointer: pointerOf(frame, key), value, notAnEntity } : { pointer: pointerOf(frame, key), value },
  );
}

/**
 * A value where an entity belongs: an entity object or its IRI, or in a slot (not in an item of
 * one) a list of them (members, items; Caliper 1.0 also lists an Organization's membership). What
 * is none of these is reported and not looked into: a hostile nesting of arrays is one diagnostic.
 */
function slotValue(out: Scan, value: unknown, frame: number, key: string | number, list: boolean): void {
  if (typeof value === "string") {
    if (!isIri(value)) badId(out, frame, key, value, false);
  } else if (typeof value === "object" && value !== null && (!Array.isArray(value) || list))
    push(value, frame, key, IN_SLOT);
  else {
    badId(out, frame, key, value, true);
    indexOnly(value, frame, key);
  }
}

/** A value the rules leave alone, walked only for the index. */
function indexOnly(value: unknown, frame: number, key: string | number): void {
  if (typeof value === "object" && value !== null) push(value, frame, key, INDEX_ONLY);
}

/**
 * Indexes an object by its id (`id`, else `@id`) as embeddedEntities in check.ts does: the object
 * with the most keys wins, and of two with as many the first that walk meets. That walk takes the
 * later sibling first (and a parent before its children); this one goes in document order, so of
 * two alike the later wins, unless the earlier holds it. `keyCount`: the object's keys, counted on
 * the way through them.
 */
function index(byId: EntityIndex, id: unknown, object: JsonObject, keyCount: number, frame: number): void {
  if (typeof id !== "string") return;
  const known = byId.get(id);
  if (known === undefined) {
    byId.add(id, object);
    counted(object, keyCount);
    return;
  }
  const theirs = keysOf(known);
  if (keyCount > theirs || (keyCount === theirs && !holds(known, frame))) {
    byId.set(id, object);
    counted(object, keyCount);
  }
}

/**
 * The first objects of the index with their keys, as the walk counted them: an id met again
 * (Blackboard's actor and edApp, user and member) compares the counts without going through the
 * keys again. A few: an event of thousands of objects must not search thousands for each.
 */
const countedObjects: (JsonObject | undefined)[] = [];
const countedKeys: number[] = [];
let counts = 0;
const MAX_COUNTED = 16;

function counted(object: JsonObject, keyCount: number): void {
  if (counts === MAX_COUNTED) return;
  countedObjects[counts] = object;
  countedKeys[counts++] = keyCount;
}

/** The keys of an object the index holds. */
function keysOf(object: JsonObject): number {
  for (let i = 0; i < counts; i++) if (countedObjects[i] === object) return countedKeys[i]!;
  return countKeys(object);
}

/** Object.keys(object).length, without the array. */
function countKeys(object: JsonObject): number {
  let n = 0;
  for (const key in object) if (Object.hasOwn(object, key)) n++;
  return n;
}

/** Whether `object` stands above the frame's node on the walk's path to it. */
function holds(object: JsonObject, frame: number): boolean {
  for (let f = parents[frame]!; f !== -1; f = parents[f]!) if (nodes[f] === object) return true;
  return false;
}

/**
 * The pointer of the first null in document order (outside extensions and ids): where CALIPER_NULL
 * points. A stack, not recursion: JSON.parse takes nesting far deeper than the call stack does.
 * Each node keeps its parent and key, and only the null found gets a pointer: building one for
 * every node met cost as much as the rest of the event's rules.
 */
function firstNullIn(event: JsonObject): string | undefined {
  const found: unknown[] = [event];
  const parentOf: number[] = [-1];
  const keyOf: (string | number)[] = [""];
  const stack: number[] = [0];
  // Scalars other than null would come off the stack and be passed over: they are not put on it.
  const add = (value: unknown, parent: number, key: string | number): void => {
    if (typeof value !== "object") return;
    stack.push(found.length);
    found.push(value);
    parentOf.push(parent);
    keyOf.push(key);
  };
  while (stack.length > 0) {
    const at = stack.pop()!;
    const node = found[at];
    if (node === null) {
      const path: (string | number)[] = [];
      for (let f = at; parentOf[f] !== -1; f = parentOf[f]!) path.push(keyOf[f]!);
      return joinPointer("", ...path.reverse());
    }
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) add(node[i], at, i);
    } else if (isObject(node)) {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (!NOT_CALIPER_DATA.has(key) && key !== "id" && key !== "@id") add(node[key], at, key);
      }
    }
  }
  return undefined;
}
