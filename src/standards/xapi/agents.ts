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
import { enter, finding, leave, pathTo, shown, type Segment } from "./walk.js";

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
    wrongType(
      key,
      accepts & GROUP
        ? accepts & AGENT
          ? "an Agent or a Group (an object)"
          : "a Group (an object)"
        : "an Agent (an object)",
      value,
    );
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
        unknownProperty(
          k,
          accepts & GROUP ? "an Agent or a Group" : "an Agent",
          accepts & GROUP ? GROUP_KEYS : AGENT_KEYS,
        );
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
    wrongObjectType(type, accepts & GROUP ? (accepts & AGENT ? '"Agent" or "Group"' : '"Group"') : '"Agent"');
  } else if (isGroup && !(accepts & GROUP)) {
    if ((accepts & MEMBER) === MEMBER)
      finding("XAPI_GROUP", "invalid", undefined, `${pathTo()} is a Group, but the members of a Group must be Agents`);
    else
      finding(
        "XAPI_OBJECT_TYPE",
        "invalid",
        type === undefined ? undefined : "objectType",
        `${pathTo()} must be an Agent, not a Group`,
      );
  } else if (!isGroup && !(accepts & AGENT)) {
    finding(
      "XAPI_OBJECT_TYPE",
      "invalid",
      type === undefined ? undefined : "objectType",
      `${pathTo()} must be a Group ("objectType": "Group")${type === "Agent" ? ", not an Agent" : ""}`,
    );
  } else {
    rightKind = true;
    if (isGroup && type === undefined)
      finding(
        "XAPI_OBJECT_TYPE",
        "invalid",
        undefined,
        `${pathTo()} has a member list, so it is a Group, and a Group must say "objectType": "Group"`,
      );
  }

  if (given(name)) checkString(name, "name");
  if (given(mbox) && isString(mbox, "mbox") && !isMailto(mbox)) {
    finding(
      "XAPI_MBOX",
      "invalid",
      "mbox",
      `${pathTo("mbox")} must be a mailto: IRI holding an e-mail address (mailto:name@example.com), not ${shown(mbox)}`,
    );
  }
  if (given(sha1) && isString(sha1, "mbox_sha1sum") && !isSha1(sha1)) {
    finding(
      "XAPI_SHA1",
      "invalid",
      "mbox_sha1sum",
      `${pathTo("mbox_sha1sum")} must be a SHA-1 hash in hex (40 hex digits), not ${shown(sha1)}`,
    );
  }
  if (given(openid)) checkIri(openid, "openid", "a URI");
  if (given(account)) checkAccount(account);

  const identifiers =
    (given(mbox) ? 1 : 0) + (given(sha1) ? 1 : 0) + (given(openid) ? 1 : 0) + (given(account) ? 1 : 0);
  if (!rightKind) {
    if (isGroup && member !== undefined) checkMembers(member, false);
  } else if (!isGroup) {
    if (member !== undefined)
      finding(
        "XAPI_UNKNOWN_PROPERTY",
        "invalid",
        "member",
        `${pathTo("member")}: only a Group has members, and this is an Agent`,
      );
    if (identifiers !== 1) ifiCount(identifiers, "an Agent");
  } else {
    if (identifiers > 1) ifiCount(identifiers, "an identified Group");
    if (member !== undefined) checkMembers(member, identifiers === 0);
    else if (identifiers === 0)
      finding(
        "XAPI_GROUP",
        "invalid",
        undefined,
        `${pathTo()} is an anonymous Group (no mbox, mbox_sha1sum, openid or account), so it must list its "member" Agents`,
      );
    if ((accepts & AUTHORITY) === AUTHORITY) checkAuthorityGroup(identifiers, member);
  }
  leave();
}

/** §2.4.2.1: "An Agent MUST be identified by one (1) of the four types of Inverse Functional Identifiers". */
function ifiCount(count: number, what: string): void {
  const which = count === 0 ? "none" : `${count}`;
  finding(
    "XAPI_IFI",
    "invalid",
    undefined,
    `${pathTo()} must have exactly one identifier (mbox, mbox_sha1sum, openid or account) as ${what}, and has ${which}`,
  );
}

function checkMembers(member: unknown, anonymous: boolean): void {
  if (member === null) return;
  if (!Array.isArray(member)) {
    wrongType("member", "an array of Agents", member);
    return;
  }
  if (anonymous && member.length === 0)
    finding(
      "XAPI_GROUP",
      "invalid",
      "member",
      `${pathTo("member")} is empty, and an anonymous Group must list its members`,
    );
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
    finding(
      "XAPI_AUTHORITY",
      "invalid",
      undefined,
      `${pathTo()} is an identified Group; an authority Group must be anonymous (an OAuth application and a user)`,
    );
  }
  if (member !== undefined && !Array.isArray(member)) return; // its type was reported
  const count = Array.isArray(member) ? member.length : 0;
  if (count !== 2)
    finding(
      "XAPI_AUTHORITY",
      "invalid",
      "member",
      `${pathTo()} is a Group of ${count} member${count === 1 ? "" : "s"}; an authority Group must have exactly two Agents (an OAuth application and a user)`,
    );
}

/** §2.4.2.4: an account is `{homePage: IRL, name: string}`, both required. */
function checkAccount(account: unknown): void {
  if (!isObject(account)) {
    wrongType("account", "an object with homePage and name", account);
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
        unknownProperty(k, "an account", ACCOUNT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (homePage === undefined) missing("homePage", "an account");
  else checkIri(homePage, "homePage", "an IRL");
  if (name === undefined) missing("name", "an account");
  else checkString(name, "name");
  leave();
}
