/**
 * Own properties of a statement's parts, one reader per key, each the same as `prop(value, key)`.
 * prop() serves every key of every object, so its one load sees every shape (megamorphic) and
 * Object.hasOwn gets a variable key; a reader per key keeps each load to the few shapes that key
 * sits on. Detection, checks and flattening read these several times over for every statement.
 */
import { isObject } from "../../core/json.js";

const hasOwn = Object.hasOwn;

export function accountOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "account") ? value.account : undefined;
}

export function contextOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "context") ? value.context : undefined;
}

export function contextActivitiesOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "contextActivities") ? value.contextActivities : undefined;
}

export function definitionOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "definition") ? value.definition : undefined;
}

export function extensionsOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "extensions") ? value.extensions : undefined;
}

export function homePageOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "homePage") ? value.homePage : undefined;
}

export function idOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "id") ? value.id : undefined;
}

export function mboxOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "mbox") ? value.mbox : undefined;
}

export function mboxSha1sumOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "mbox_sha1sum") ? value.mbox_sha1sum : undefined;
}

export function nameOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "name") ? value.name : undefined;
}

export function objectOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "object") ? value.object : undefined;
}

export function objectTypeOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "objectType") ? value.objectType : undefined;
}

export function openidOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "openid") ? value.openid : undefined;
}

export function resultOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "result") ? value.result : undefined;
}

export function scoreOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "score") ? value.score : undefined;
}

export function successOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "success") ? value.success : undefined;
}

export function typeOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "type") ? value.type : undefined;
}

export function verbOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "verb") ? value.verb : undefined;
}

export function rawOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "raw") ? value.raw : undefined;
}

export function minOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "min") ? value.min : undefined;
}

export function maxOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "max") ? value.max : undefined;
}

export function scaledOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "scaled") ? value.scaled : undefined;
}

export function storedOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "stored") ? value.stored : undefined;
}

/** contextActivities[kind], by a reader per kind. */
export function contextActivitiesIn(
  contextActivities: unknown,
  kind: "parent" | "grouping" | "category" | "other",
): unknown {
  if (!isObject(contextActivities)) return undefined;
  switch (kind) {
    case "parent":
      return hasOwn(contextActivities, "parent") ? contextActivities.parent : undefined;
    case "grouping":
      return hasOwn(contextActivities, "grouping") ? contextActivities.grouping : undefined;
    case "category":
      return hasOwn(contextActivities, "category") ? contextActivities.category : undefined;
    default:
      return hasOwn(contextActivities, "other") ? contextActivities.other : undefined;
  }
}

export function platformOf(value: unknown): unknown {
  return isObject(value) && hasOwn(value, "platform") ? value.platform : undefined;
}
