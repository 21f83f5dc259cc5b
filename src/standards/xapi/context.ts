/**
 * The context of a statement (xAPI-Data §2.4.6), its context activities (§2.4.6.2) and, in
 * xAPI 2.0, its context agents and context groups.
 */
import type { JsonObject } from "../../core/json.js";
import { checkActivity } from "./activity.js";
import { AGENT, GROUP, checkAgentOrGroup } from "./agents.js";
import { isLanguageTag } from "./language-tags.js";
import { checkStatementRef } from "./statement-ref.js";
import {
  checkExtensions,
  checkIri,
  checkUuid,
  given,
  hasOwn,
  isObject,
  isString,
  missing,
  nullValue,
  objectTypeOf,
  unknownProperty,
  wrongObjectType,
  wrongType,
} from "./values.js";
import { diagnosticAt, enter, judged, leave } from "./walk.js";

/** What the statement's object turned out to be; null when it is malformed. */
export type ObjectKind = "Activity" | "Agent" | "Group" | "StatementRef" | "SubStatement" | null;

const CONTEXT_KEYS = [
  "registration",
  "instructor",
  "team",
  "contextActivities",
  "revision",
  "platform",
  "language",
  "statement",
  "extensions",
] as const;
const CONTEXT_KEYS_2 = [...CONTEXT_KEYS, "contextAgents", "contextGroups"] as const;
const CONTEXT_ACTIVITY_KEYS = ["parent", "grouping", "category", "other"] as const;

export function checkContext(context: unknown, object: ObjectKind): void {
  if (!isObject(context)) {
    wrongType("context", "object", context);
    return;
  }
  enter("context");
  const v2 = judged.version === "2.0";
  let registration: unknown;
  let instructor: unknown;
  let team: unknown;
  let contextActivities: unknown;
  let revision: unknown;
  let platform: unknown;
  let language: unknown;
  let statement: unknown;
  let extensions: unknown;
  let contextAgents: unknown;
  let contextGroups: unknown;
  for (const k in context) {
    if (!hasOwn(context, k)) continue;
    const v = context[k];
    switch (k) {
      case "registration":
        registration = v;
        break;
      case "instructor":
        instructor = v;
        break;
      case "team":
        team = v;
        break;
      case "contextActivities":
        contextActivities = v;
        break;
      case "revision":
        revision = v;
        break;
      case "platform":
        platform = v;
        break;
      case "language":
        language = v;
        break;
      case "statement":
        statement = v;
        break;
      case "extensions":
        extensions = v;
        break;
      case "contextAgents":
        if (!v2) {
          notIn103(k);
          continue;
        }
        contextAgents = v;
        break;
      case "contextGroups":
        if (!v2) {
          notIn103(k);
          continue;
        }
        contextGroups = v;
        break;
      default:
        unknownProperty(k, "context", v2 ? CONTEXT_KEYS_2 : CONTEXT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (given(registration)) checkUuid(registration, "registration");
  if (given(instructor)) checkAgentOrGroup(instructor, "instructor", AGENT | GROUP);
  if (given(team)) checkAgentOrGroup(team, "team", GROUP);
  if (given(contextActivities)) checkContextActivities(contextActivities);
  if (given(revision) && isString(revision, "revision")) onlyWithActivity("revision", object);
  if (given(platform) && isString(platform, "platform")) onlyWithActivity("platform", object);
  if (given(language) && isString(language, "language") && !isLanguageTag(language)) {
    diagnosticAt("XAPI_LANGUAGE_TAG.language", "invalid", "language", { value: language });
  }
  if (given(statement)) checkStatementRef(statement, "statement");
  if (given(extensions)) checkExtensions(extensions, "extensions");
  if (given(contextAgents)) checkContextActors(contextAgents, "contextAgents");
  if (given(contextGroups)) checkContextActors(contextGroups, "contextGroups");
  leave();
}

function notIn103(key: string): void {
  diagnosticAt("XAPI_UNKNOWN_PROPERTY.notIn103", "invalid", key);
}

/** §2.4.6: "The revision [platform] property MUST only be used if the Statement's Object is an Activity." */
function onlyWithActivity(key: string, object: ObjectKind): void {
  if (object !== null && object !== "Activity") {
    diagnosticAt("XAPI_CONTEXT.onlyWithActivity", "invalid", key, { kind: object });
  }
}

/** §2.4.6.2: keys parent, grouping, category, other; each "either a single Activity Object or an array of Activity Objects". */
function checkContextActivities(value: unknown): void {
  if (!isObject(value)) {
    wrongType("contextActivities", "contextActivitiesObject", value);
    return;
  }
  enter("contextActivities");
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    const activities = value[k];
    if (k !== "parent" && k !== "grouping" && k !== "category" && k !== "other") {
      unknownProperty(k, "contextActivities", CONTEXT_ACTIVITY_KEYS);
    } else if (activities === null) {
      nullValue(k);
    } else if (Array.isArray(activities)) {
      enter(k);
      for (let i = 0; i < activities.length; i++) {
        const activity: unknown = activities[i];
        if (activity === null) nullValue(i);
        else checkActivity(activity, i);
      }
      leave();
    } else {
      checkActivity(activities, k); // the single-object form, allowed for 0.95 compatibility
    }
  }
  leave();
}

const CONTEXT_AGENT_KEYS = ["objectType", "agent", "relevantTypes"] as const;
const CONTEXT_GROUP_KEYS = ["objectType", "group", "relevantTypes"] as const;

/**
 * xAPI 2.0 context.contextAgents / context.contextGroups: arrays of
 * `{"objectType": "contextAgent", "agent": <Agent>, "relevantTypes": [<IRI>, …]}` (and the same
 * with contextGroup and group), relevantTypes non-empty when present.
 */
function checkContextActors(list: unknown, key: "contextAgents" | "contextGroups"): void {
  const groups = key === "contextGroups";
  if (!Array.isArray(list)) {
    wrongType(key, groups ? "contextGroupArray" : "contextAgentArray", list);
    return;
  }
  enter(key);
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    if (entry === null) nullValue(i);
    else if (!isObject(entry)) wrongType(i, groups ? "contextGroupObject" : "contextAgentObject", entry);
    else checkContextActor(entry, i, groups);
  }
  leave();
}

function checkContextActor(entry: JsonObject, index: number, groups: boolean): void {
  const what = groups ? "contextGroup" : "contextAgent";
  const actorKey = groups ? "group" : "agent";
  enter(index);
  let objectType: unknown;
  let actor: unknown;
  let relevantTypes: unknown;
  for (const k in entry) {
    if (!hasOwn(entry, k)) continue;
    const v = entry[k];
    if (k === "objectType") objectType = v;
    else if (k === actorKey) actor = v;
    else if (k === "relevantTypes") relevantTypes = v;
    else {
      unknownProperty(k, what, groups ? CONTEXT_GROUP_KEYS : CONTEXT_AGENT_KEYS);
      continue;
    }
    if (v === null) nullValue(k);
  }
  const type = objectTypeOf(objectType);
  if (type === undefined) missing("objectType", groups ? "contextGroupTyped" : "contextAgentTyped");
  else if (type !== null && type !== what) wrongObjectType(type, groups ? "contextGroupType" : "contextAgentType");
  if (actor === undefined) missing(actorKey, what);
  else checkAgentOrGroup(actor, actorKey, groups ? GROUP : AGENT);
  if (given(relevantTypes)) checkRelevantTypes(relevantTypes);
  leave();
}

function checkRelevantTypes(types: unknown): void {
  if (!Array.isArray(types)) {
    wrongType("relevantTypes", "iriArray", types);
    return;
  }
  if (types.length === 0) diagnosticAt("XAPI_CONTEXT.emptyRelevantTypes", "invalid", "relevantTypes");
  enter("relevantTypes");
  for (let i = 0; i < types.length; i++) {
    const iri: unknown = types[i];
    if (iri === null) nullValue(i);
    else checkIri(iri, i);
  }
  leave();
}
