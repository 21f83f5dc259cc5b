/**
 * Activities and their definitions (xAPI-Data §2.4.4.1), including the interaction properties:
 * the statement's object when it is an Activity, and every context activity.
 */
import type { JsonObject } from "../../core/json.js";
import {
  checkExtensions,
  checkIri,
  checkLanguageMap,
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
import { diagnosticAt, enter, leave, type Segment } from "./walk.js";

const ACTIVITY_KEYS = ["objectType", "id", "definition"] as const;
const DEFINITION_KEYS = [
  "name",
  "description",
  "type",
  "moreInfo",
  "extensions",
  "interactionType",
  "correctResponsesPattern",
  "choices",
  "scale",
  "source",
  "target",
  "steps",
] as const;
const COMPONENT_KEYS = ["id", "description"] as const;

// The interaction component lists (§2.4.4.1, "Interaction Components"), as bit flags.
const CHOICES = 1;
const SCALE = 2;
const SOURCE = 4;
const TARGET = 8;
const STEPS = 16;

/** The component lists an interactionType supports, or -1 when it is not one. */
function listsOf(interactionType: string): number {
  switch (interactionType) {
    case "true-false":
    case "fill-in":
    case "long-fill-in":
    case "numeric":
    case "other":
      return 0;
    case "choice":
    case "sequencing":
      return CHOICES;
    case "likert":
      return SCALE;
    case "matching":
      return SOURCE | TARGET;
    case "performance":
      return STEPS;
    default:
      return -1;
  }
}

export function checkActivity(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, "activityObject", value);
    return;
  }
  enter(key);
  let objectType: unknown;
  let id: unknown;
  let definition: unknown;
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    const v = value[k];
    switch (k) {
      case "objectType":
        objectType = v;
        break;
      case "id":
        id = v;
        break;
      case "definition":
        definition = v;
        break;
      default:
        unknownProperty(k, "activity", ACTIVITY_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  const type = objectTypeOf(objectType);
  if (typeof type === "string" && type !== "Activity") wrongObjectType(type, "activityType");
  if (id === undefined) missing("id", "activity");
  else checkIri(id, "id");
  if (given(definition)) checkDefinition(definition);
  leave();
}

function checkDefinition(definition: unknown): void {
  if (!isObject(definition)) {
    wrongType("definition", "definitionObject", definition);
    return;
  }
  enter("definition");
  let name: unknown;
  let description: unknown;
  let type: unknown;
  let moreInfo: unknown;
  let extensions: unknown;
  let interactionType: unknown;
  let pattern: unknown;
  let lists = 0;
  for (const k in definition) {
    if (!hasOwn(definition, k)) continue;
    const v = definition[k];
    switch (k) {
      case "name":
        name = v;
        break;
      case "description":
        description = v;
        break;
      case "type":
        type = v;
        break;
      case "moreInfo":
        moreInfo = v;
        break;
      case "extensions":
        extensions = v;
        break;
      case "interactionType":
        interactionType = v;
        break;
      case "correctResponsesPattern":
        pattern = v;
        break;
      case "choices":
        lists |= CHOICES;
        break;
      case "scale":
        lists |= SCALE;
        break;
      case "source":
        lists |= SOURCE;
        break;
      case "target":
        lists |= TARGET;
        break;
      case "steps":
        lists |= STEPS;
        break;
      default:
        unknownProperty(k, "definition", DEFINITION_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (given(name)) checkLanguageMap(name, "name");
  if (given(description)) checkLanguageMap(description, "description");
  if (given(type)) checkIri(type, "type");
  if (given(moreInfo)) checkIri(moreInfo, "moreInfo", "irl");
  if (given(extensions)) checkExtensions(extensions, "extensions");
  if (interactionType !== undefined || pattern !== undefined || lists !== 0) {
    checkInteraction(definition, interactionType, pattern, lists);
  }
  leave();
}

/** §2.4.4.1 "Interaction Activities": the interactionType, the response pattern and the component lists. */
function checkInteraction(definition: JsonObject, interactionType: unknown, pattern: unknown, lists: number): void {
  let supported = -1;
  if (interactionType === undefined) {
    diagnosticAt("XAPI_INTERACTION.noType", "invalid", undefined);
  } else if (isString(interactionType, "interactionType")) {
    supported = listsOf(interactionType);
    if (supported < 0) {
      diagnosticAt("XAPI_INTERACTION.unknownType", "invalid", "interactionType", { value: interactionType });
    }
  }
  if (given(pattern)) checkPattern(pattern);
  for (const [flag, key] of LISTS) {
    if (!(lists & flag)) continue;
    const list = definition[key];
    if (list === null) continue;
    if (supported >= 0 && !(supported & flag)) {
      diagnosticAt("XAPI_INTERACTION.listNotUsed", "deviation", key, { type: String(interactionType) });
    }
    checkComponents(list, key);
  }
}

const LISTS = [
  [CHOICES, "choices"],
  [SCALE, "scale"],
  [SOURCE, "source"],
  [TARGET, "target"],
  [STEPS, "steps"],
] as const;

function checkPattern(pattern: unknown): void {
  if (!Array.isArray(pattern)) {
    wrongType("correctResponsesPattern", "stringArray", pattern);
    return;
  }
  enter("correctResponsesPattern");
  for (let i = 0; i < pattern.length; i++) {
    const response: unknown = pattern[i];
    if (response === null) nullValue(i);
    else if (typeof response !== "string") wrongType(i, "string", response);
  }
  leave();
}

const WHITESPACE = /\s/;

function checkComponents(list: unknown, key: string): void {
  if (!Array.isArray(list)) {
    wrongType(key, "componentArray", list);
    return;
  }
  enter(key);
  for (let i = 0; i < list.length; i++) {
    const component: unknown = list[i];
    if (component === null) nullValue(i);
    else if (!isObject(component)) wrongType(i, "componentObject", component);
    else checkComponent(component, i);
  }
  reportRepeatedIds(list);
  leave();
}

function checkComponent(component: JsonObject, index: number): void {
  enter(index);
  let id: unknown;
  let description: unknown;
  for (const k in component) {
    if (!hasOwn(component, k)) continue;
    const v = component[k];
    switch (k) {
      case "id":
        id = v;
        break;
      case "description":
        description = v;
        break;
      default:
        unknownProperty(k, "component", COMPONENT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (id === undefined) missing("id", "component");
  else if (isString(id, "id") && WHITESPACE.test(id)) {
    diagnosticAt("XAPI_INTERACTION.whitespace", "deviation", "id", { value: id });
  }
  if (given(description)) checkLanguageMap(description, "description");
  leave();
}

function componentId(component: unknown): string | undefined {
  if (!isObject(component) || !hasOwn(component, "id")) return undefined;
  const id = component.id;
  return typeof id === "string" ? id : undefined;
}

/** "Within an array of interaction components, all id values MUST be distinct." Short lists are compared pairwise, without a Set. */
function reportRepeatedIds(list: unknown[]): void {
  const seen = list.length > 32 ? new Set<string>() : null;
  for (let i = 0; i < list.length; i++) {
    const id = componentId(list[i]);
    if (id === undefined) continue;
    let repeated = false;
    if (seen !== null) {
      repeated = seen.has(id);
      seen.add(id);
    } else {
      for (let j = 0; j < i && !repeated; j++) repeated = componentId(list[j]) === id;
    }
    if (repeated) diagnosticAt("XAPI_INTERACTION.repeatedId", "invalid", i, { id });
  }
}
