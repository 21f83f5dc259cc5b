/**
 * Agents and Groups (xAPI-Data §2.4.2), wherever they appear: actor, authority, context
 * instructor and team, a Group's members, the object of a statement, and the 2.0 context agents
 * and groups. One walker serves all of them; `accepts` says what the place allows.
 */
import { isMailto, isSha1 } from "./formats.js";
import {
  checkIri,
  checkString,
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

/** What a place accepts: bit flags. */
export const AGENT = 1;
export const GROUP = 2;
/** §2.4.9: an authority is an Agent, or (3-legged OAuth) an anonymous Group of exactly two Agents. */
export const AUTHORITY = 4 | AGENT | GROUP;
/** A Group's `member`: "Agent Objects", never Groups (§2.4.2.2). */
export const MEMBER = 8 | AGENT;

const AGENT_KEYS = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"] as const;
const GROUP_KEYS = [...AGENT_KEYS, "member"] as const;
const ACCOUNT_KEYS = ["homePage", "name"] as const;

export function checkAgentOrGroup(value: unknown, key: Segment, accepts: number): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, accepts & GROUP ? (accepts & AGENT ? "agentOrGroupObject" : "groupObject") : "agentObject", value);
    return;
  }
  enter(key);
  let objectType: unknown;
  let name: unknown;
  let mbox: unknown;
  let sha1: unknown;
  let openid: unknown;
  let account: unknown;
  let member: unknown;
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    const v = value[k];
    switch (k) {
      case "objectType":
        objectType = v;
        break;
      case "name":
        name = v;
        break;
      case "mbox":
        mbox = v;
        break;
      case "mbox_sha1sum":
        sha1 = v;
        break;
      case "openid":
        openid = v;
        break;
      case "account":
        account = v;
        break;
      case "member":
        member = v;
        break;
      default:
        unknownProperty(k, accepts & GROUP ? "agentOrGroup" : "agent", accepts & GROUP ? GROUP_KEYS : AGENT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }

  const type = objectTypeOf(objectType);
  // Without a valid objectType, a member list is the best sign of what the producer meant.
  const isGroup = type === "Group" || (type !== "Agent" && member !== undefined);
  // When the kind is wrong for the place, that is the one thing worth saying about identifiers and members.
  let rightKind = false;
  if (typeof type === "string" && type !== "Agent" && type !== "Group") {
    wrongObjectType(type, accepts & GROUP ? (accepts & AGENT ? "agentOrGroupType" : "groupType") : "agentType");
  } else if (isGroup && !(accepts & GROUP)) {
    if ((accepts & MEMBER) === MEMBER) diagnosticAt("XAPI_GROUP.groupMember", "invalid", undefined);
    else diagnosticAt("XAPI_OBJECT_TYPE.notGroup", "invalid", type === undefined ? undefined : "objectType");
  } else if (!isGroup && !(accepts & AGENT)) {
    diagnosticAt(
      type === "Agent" ? "XAPI_OBJECT_TYPE.agentNotGroup" : "XAPI_OBJECT_TYPE.notAgent",
      "invalid",
      type === undefined ? undefined : "objectType",
    );
  } else {
    rightKind = true;
    if (isGroup && type === undefined) diagnosticAt("XAPI_OBJECT_TYPE.unsaidGroup", "invalid", undefined);
  }

  if (given(name)) checkString(name, "name");
  if (given(mbox) && isString(mbox, "mbox") && !isMailto(mbox)) {
    diagnosticAt("XAPI_MBOX.notMailto", "invalid", "mbox", { value: mbox });
  }
  if (given(sha1) && isString(sha1, "mbox_sha1sum") && !isSha1(sha1)) {
    diagnosticAt("XAPI_SHA1.notSha1", "invalid", "mbox_sha1sum", { value: sha1 });
  }
  if (given(openid)) checkIri(openid, "openid", "uri");
  if (given(account)) checkAccount(account);

  const identifiers =
    (given(mbox) ? 1 : 0) + (given(sha1) ? 1 : 0) + (given(openid) ? 1 : 0) + (given(account) ? 1 : 0);
  if (!rightKind) {
    if (isGroup && member !== undefined) checkMembers(member, false);
  } else if (!isGroup) {
    if (member !== undefined) diagnosticAt("XAPI_UNKNOWN_PROPERTY.member", "invalid", "member");
    if (identifiers !== 1) ifiCount(identifiers, "agent");
  } else {
    if (identifiers > 1) ifiCount(identifiers, "identifiedGroup");
    if (member !== undefined) checkMembers(member, identifiers === 0);
    else if (identifiers === 0) diagnosticAt("XAPI_GROUP.anonymousNoMembers", "invalid", undefined);
    if ((accepts & AUTHORITY) === AUTHORITY) checkAuthorityGroup(identifiers, member);
  }
  leave();
}

/** §2.4.2.1: "An Agent MUST be identified by one (1) of the four types of Inverse Functional Identifiers". */
function ifiCount(count: number, what: "agent" | "identifiedGroup"): void {
  if (count === 0) diagnosticAt("XAPI_IFI.none", "invalid", undefined, { what });
  else diagnosticAt("XAPI_IFI.many", "invalid", undefined, { what, count });
}

function checkMembers(member: unknown, anonymous: boolean): void {
  if (member === null) return;
  if (!Array.isArray(member)) {
    wrongType("member", "agentArray", member);
    return;
  }
  if (anonymous && member.length === 0) diagnosticAt("XAPI_GROUP.emptyMembers", "invalid", "member");
  enter("member");
  for (let i = 0; i < member.length; i++) {
    const agent: unknown = member[i];
    if (agent === null) nullValue(i);
    else checkAgentOrGroup(agent, i, MEMBER);
  }
  leave();
}

function checkAuthorityGroup(identifiers: number, member: unknown): void {
  if (identifiers > 0) {
    diagnosticAt("XAPI_AUTHORITY.identified", "invalid", undefined);
  }
  if (member !== undefined && !Array.isArray(member)) return; // its type was reported
  const count = Array.isArray(member) ? member.length : 0;
  if (count !== 2)
    if (count === 1) diagnosticAt("XAPI_AUTHORITY.memberOne", "invalid", "member");
    else diagnosticAt("XAPI_AUTHORITY.members", "invalid", "member", { count });
}

/** §2.4.2.4: an account is `{homePage: IRL, name: string}`, both required. */
function checkAccount(account: unknown): void {
  if (!isObject(account)) {
    wrongType("account", "accountObject", account);
    return;
  }
  enter("account");
  let homePage: unknown;
  let name: unknown;
  for (const k in account) {
    if (!hasOwn(account, k)) continue;
    const v = account[k];
    switch (k) {
      case "homePage":
        homePage = v;
        break;
      case "name":
        name = v;
        break;
      default:
        unknownProperty(k, "account", ACCOUNT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (homePage === undefined) missing("homePage", "account");
  else checkIri(homePage, "homePage", "irl");
  if (name === undefined) missing("name", "account");
  else checkString(name, "name");
  leave();
}
