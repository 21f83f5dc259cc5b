/**
 * What of an event counts when two with the same id are compared: the same content makes them one
 * event delivered twice (a duplicate), other content makes the id a conflict. For xAPI this is the
 * spec's own comparison (xAPI-Data.md §2.3.1, "Statement Comparison Requirements", the same in 1.0.3
 * and 2.0): "Differences which could have been caused by exceptions to Statement immutability MUST
 * be ignored", and "Differences relating to a different serialization of any properties not listed
 * as exceptions MUST not be ignored". Caliper defines no comparison, only that an event's id is
 * unique (1.1 and 1.2); gradeev compares its events by the same idea, ignoring only how a time is
 * written. Both start from canonical.ts: JSON's own freedoms (member order, escapes, how a number is
 * written) never make two events differ.
 */
import type { SourcedEvent } from "../types.js";
import {
  digestOf,
  isTreeArray,
  isTreeObject,
  parseTree,
  stringTree,
  treeString,
  type Tree,
  type TreeObject,
} from "./canonical.js";
import { instantOf, instantText } from "../core/instant.js";

export interface ComparisonForm {
  /** A digest of everything that must be equal. */
  digest: string;
  /**
   * An xAPI statement's timestamp, as an instant to the millisecond, kept apart: a statement
   * without one is the same as one with any, since an LRS sets it when it is missing (§2.4.7).
   */
  timestamp: string | null;
}

export function comparisonForm(event: SourcedEvent, standard: "xapi" | "caliper"): ComparisonForm {
  const tree = parseTree(event.source.text, event.anchor.offset);
  let timestamp: string | null = null;
  if (isTreeObject(tree)) {
    if (standard === "xapi") timestamp = statementForm(tree);
    else caliperForm(tree);
  }
  return { digest: digestOf(tree), timestamp };
}

/**
 * §2.3.1's exceptions to immutability, each ignored: properties the LRS sets ("id", "authority",
 * "stored", "timestamp", "version"), Activity Definitions and a Verb's "display" (not part of the
 * statement), how a timestamp is written (its zone; §4.5 lets an LRS cut it to milliseconds),
 * the order of a Group's members, attachments, and the case of what is case-insensitive (an
 * e-mail address's domain, UUIDs per RFC 4122 §3, language tags per RFC 5646 §2.1.1). Two more,
 * as an LRS returns them: a contextActivities value as an array (§2.4.6.2: one Activity becomes
 * an array of one), and an objectType the spec gives by default (§2.4.4: an object is an Activity,
 * §2.4.2.1: an actor an Agent). A Result's duration is compared as text, as §2.3.1 says; IRIs are
 * compared as text (RFC 3987 §5.3.1, which §3.1 allows).
 */
function statementForm(statement: TreeObject): string | null {
  const timestamp = timeText(statement.members.get("timestamp"), 3);
  for (const key of ["id", "authority", "stored", "timestamp", "version", "attachments"]) statement.members.delete(key);
  body(statement, false);
  return timestamp;
}

/** A statement's or SubStatement's actor, verb, object, result and context. */
function body(statement: TreeObject, sub: boolean): void {
  agent(statement.members.get("actor"));
  const verb = statement.members.get("verb");
  if (isTreeObject(verb)) verb.members.delete("display");
  const object = statement.members.get("object");
  if (isTreeObject(object)) {
    const objectType = treeString(object.members.get("objectType")) ?? "Activity";
    object.members.set("objectType", stringTree(objectType));
    if (objectType === "Activity") object.members.delete("definition");
    else if (objectType === "Agent" || objectType === "Group") agent(object);
    else if (objectType === "StatementRef") lowerUuid(object, "id");
    else if (objectType === "SubStatement" && !sub) {
      // A SubStatement's own timestamp is never set by the LRS: it must be there in both, at the same instant.
      const time = timeText(object.members.get("timestamp"), 3);
      if (time !== null) object.members.set("timestamp", stringTree(time));
      object.members.delete("attachments");
      body(object, true);
    }
  }
  const context = statement.members.get("context");
  if (isTreeObject(context)) contextForm(context);
}

function contextForm(context: TreeObject): void {
  lowerUuid(context, "registration");
  agent(context.members.get("instructor"));
  agent(context.members.get("team"));
  const language = treeString(context.members.get("language"));
  if (language !== null) context.members.set("language", stringTree(language.toLowerCase()));
  const statement = context.members.get("statement");
  if (isTreeObject(statement)) lowerUuid(statement, "id");
  const activities = context.members.get("contextActivities");
  if (isTreeObject(activities))
    for (const [key, value] of activities.members) {
      const list = isTreeArray(value) ? value : { items: [value] };
      for (const activity of list.items)
        if (isTreeObject(activity)) {
          activity.members.delete("definition");
          activity.members.set("objectType", stringTree("Activity"));
        }
      activities.members.set(key, list);
    }
  // xAPI 2.0 §2.4.6: contextAgents[].agent and contextGroups[].group.
  for (const [list, key] of [
    ["contextAgents", "agent"],
    ["contextGroups", "group"],
  ] as const) {
    const entries = context.members.get(list);
    if (isTreeArray(entries)) for (const entry of entries.items) if (isTreeObject(entry)) agent(entry.members.get(key));
  }
}

/**
 * An Agent or Group: Agent by default, the domain of its e-mail address in lower case, its members
 * in any order. A member is an Agent (§2.4.2.2), so members' own members are not looked into: a
 * hostile nesting of Groups cannot run this out of stack.
 */
function agent(tree: Tree | undefined, member = false): void {
  if (!isTreeObject(tree)) return;
  if (!tree.members.has("objectType")) tree.members.set("objectType", stringTree("Agent"));
  const mbox = treeString(tree.members.get("mbox"));
  const at = mbox === null ? -1 : mbox.lastIndexOf("@");
  if (mbox !== null && at !== -1 && /^mailto:/i.test(mbox))
    tree.members.set("mbox", stringTree(`mailto:${mbox.slice(7, at)}@${mbox.slice(at + 1).toLowerCase()}`));
  const members = member ? undefined : tree.members.get("member");
  if (isTreeArray(members)) {
    for (const item of members.items) agent(item, true);
    members.unordered = true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function lowerUuid(object: TreeObject, key: string): void {
  const value = treeString(object.members.get(key));
  if (value !== null && UUID.test(value)) object.members.set(key, stringTree(value.toLowerCase()));
}

/** The instant a time names, to `digits` of a second; a text that is no time stays itself. */
function timeText(tree: Tree | undefined, digits?: number): string | null {
  const value = treeString(tree);
  if (value === null) return null;
  const instant = instantOf(value);
  return instant === null ? `text ${value}` : `at ${instantText(instant, digits)}`;
}

/** By analogy with xAPI: the id is what is compared against, and eventTime is an instant however written. */
function caliperForm(event: TreeObject): void {
  event.members.delete("id");
  event.members.delete("@id");
  const time = timeText(event.members.get("eventTime"));
  if (time !== null) event.members.set("eventTime", stringTree(time));
}
