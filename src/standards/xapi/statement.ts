/**
 * gradeev's xAPI statement validator: every deviation of one statement from the xAPI spec
 * (adlnet/xAPI-Spec xAPI-Data.md, 1.0.3; and IEEE 9274.1.1 xAPI 2.0 where it differs), as
 * diagnostics with JSON Pointers relative to the statement.
 *
 * Severity: `error` where the spec says MUST or SHALL (an LRS must reject the statement);
 * `warning` where it says SHOULD, or for a deviation real producers commit that leaves the data
 * usable. The ADL LRS conformance suite is the oracle: under --strict, where warnings count as
 * errors, every statement it rejects gets a diagnostic and every statement it accepts gets none.
 *
 * Hand-written and single-pass for speed: each object's keys are read once in a `for…in` (own
 * keys only, so `__proto__` is plain data), then judged. A valid statement allocates nothing but
 * its empty result: the path is a stack read only to build a diagnostic, and format checks
 * remember recent valid strings in fixed tables (recently-valid.ts).
 */
import type { JsonObject } from "../../core/json.js";
import type { DiagnosticDraft } from "../../diagnostics.js";
import { checkActivity } from "./activity.js";
import { AGENT, AUTHORITY, GROUP, checkAgentOrGroup } from "./agents.js";
import { checkAttachments } from "./attachments.js";
import { checkContext, type ObjectKind } from "./context.js";
import { isVersion, type XapiVersion } from "./formats.js";
import { checkResult } from "./result.js";
import { checkStatementRef } from "./statement-ref.js";
import { timestampProblem } from "./times.js";
import {
  checkIri,
  checkLanguageMap,
  checkUuid,
  given,
  hasOwn,
  isObject,
  isString,
  missing,
  nullValue,
  unknownProperty,
  wrongObjectType,
  wrongType,
} from "./values.js";
import { endWalk, enter, finding, judged, leave, pathTo, shown, startWalk } from "./walk.js";

export type { XapiVersion };

/**
 * The version a statement is judged by: 2.0 when it says "version": "2.0.0" (or starts with "2.0"),
 * 1.0.3 when it says 1.0.x, else the given default.
 */
export function statementVersion(statement: unknown, fallback: XapiVersion): XapiVersion {
  if (isObject(statement) && hasOwn(statement, "version")) {
    const version = statement.version;
    if (typeof version === "string" && version.startsWith("2.0")) return "2.0";
    // A statement that says it is 1.0.x is judged as one, whatever --xapi-version says.
    if (typeof version === "string" && version.startsWith("1.0")) return "1.0.3";
  }
  return fallback;
}

/** Every deviation of one statement from the xAPI spec, as diagnostics with JSON Pointers relative to the statement. */
export function checkStatement(statement: unknown, version: XapiVersion): DiagnosticDraft[] {
  startWalk(version);
  if (isObject(statement)) checkBody(statement, false);
  else finding("XAPI_TYPE", "invalid", undefined, `a statement must be a JSON object, not ${shown(statement)}`);
  return endWalk();
}

const STATEMENT_KEYS = [
  "id",
  "actor",
  "verb",
  "object",
  "result",
  "context",
  "timestamp",
  "stored",
  "authority",
  "version",
  "attachments",
] as const;
const SUBSTATEMENT_KEYS = [
  "objectType",
  "actor",
  "verb",
  "object",
  "result",
  "context",
  "timestamp",
  "attachments",
] as const;
const VERB_KEYS = ["id", "display"] as const;
const OBJECT_TYPES = '"Activity", "Agent", "Group", "StatementRef" or "SubStatement"';

/** A Statement (§2.4), or a SubStatement (§2.4.4.3), which "MUST be validated as a Statement" with fewer properties. */
function checkBody(statement: JsonObject, sub: boolean): void {
  const owner = sub ? "a SubStatement" : "a Statement";
  const every = sub ? "every SubStatement" : "every Statement";
  let id: unknown;
  let actor: unknown;
  let verb: unknown;
  let object: unknown;
  let result: unknown;
  let context: unknown;
  let timestamp: unknown;
  let stored: unknown;
  let authority: unknown;
  let version: unknown;
  let attachments: unknown;
  for (const k in statement) {
    if (!hasOwn(statement, k)) continue;
    const v = statement[k];
    switch (k) {
      case "actor":
        actor = v;
        break;
      case "verb":
        verb = v;
        break;
      case "object":
        object = v;
        break;
      case "result":
        result = v;
        break;
      case "context":
        context = v;
        break;
      case "timestamp":
        timestamp = v;
        break;
      case "attachments":
        attachments = v;
        break;
      case "id":
      case "stored":
      case "authority":
      case "version":
        if (sub) {
          finding(
            "XAPI_SUBSTATEMENT",
            "invalid",
            k,
            `${pathTo(k)}: a SubStatement MUST NOT have "id", "stored", "version" or "authority"`,
          );
          continue;
        }
        if (k === "id") id = v;
        else if (k === "stored") stored = v;
        else if (k === "authority") authority = v;
        else version = v;
        break;
      case "objectType":
        if (sub) break; // "SubStatement", or the dispatcher would not be here
        unknownProperty(k, owner, STATEMENT_KEYS);
        continue;
      default:
        unknownProperty(k, owner, sub ? SUBSTATEMENT_KEYS : STATEMENT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }

  if (given(id)) checkUuid(id, "id");
  if (actor === undefined) missing("actor", every);
  else if (actor !== null) checkAgentOrGroup(actor, "actor", AGENT | GROUP);
  let verbId: string | undefined;
  if (verb === undefined) missing("verb", every);
  else verbId = checkVerb(verb);
  let kind: ObjectKind = null;
  if (object === undefined) missing("object", every);
  else kind = checkObject(object, sub);
  if (given(result)) checkResult(result);
  if (given(context)) checkContext(context, kind);
  if (given(timestamp)) checkTimestamp(timestamp, "timestamp");
  if (given(stored)) checkTimestamp(stored, "stored");
  if (given(authority)) checkAgentOrGroup(authority, "authority", AUTHORITY);
  if (given(version)) checkVersion(version);
  if (given(attachments)) checkAttachments(attachments);
  // §2.3.2; the suite (XAPI-00019) treats any verb IRI ending in "voided" as voiding.
  if (verbId !== undefined && verbId.endsWith("voided") && kind !== "StatementRef" && kind !== null) {
    const article = kind === "Activity" || kind === "Agent" ? "an" : "a";
    finding(
      "XAPI_VOIDING",
      "invalid",
      "object",
      `${pathTo("object")} must be a StatementRef to the voided statement when the verb is ${verbId}, not ${article} ${kind}`,
    );
  }
}

/** §2.4.3: `{id: IRI, display: language map}`; returns the id when it is a string. */
function checkVerb(verb: unknown): string | undefined {
  if (verb === null) return undefined;
  if (!isObject(verb)) {
    wrongType("verb", "an object with an id", verb);
    return undefined;
  }
  enter("verb");
  let id: unknown;
  let display: unknown;
  for (const k in verb) {
    if (!hasOwn(verb, k)) continue;
    const v = verb[k];
    if (k === "id") id = v;
    else if (k === "display") display = v;
    else {
      unknownProperty(k, "a Verb", VERB_KEYS);
      continue;
    }
    if (v === null) nullValue(k);
  }
  if (id === undefined) missing("id", "a Verb");
  else checkIri(id, "id");
  if (given(display)) checkLanguageMap(display, "display");
  leave();
  return typeof id === "string" ? id : undefined;
}

/** §2.4.4: the object is an Activity (the default), an Agent, a Group, a StatementRef or a SubStatement. */
function checkObject(object: unknown, sub: boolean): ObjectKind {
  if (object === null) return null;
  if (!isObject(object)) {
    wrongType("object", `an object (${OBJECT_TYPES.replaceAll('"', "")})`, object);
    return null;
  }
  const objectType = hasOwn(object, "objectType") ? object.objectType : undefined;
  switch (objectType) {
    case undefined:
      if (looksLikeAgent(object)) {
        // §2.4.4.2: "Statements that specify an Agent or Group as an Object MUST specify an 'objectType' property."
        finding(
          "XAPI_OBJECT_TYPE",
          "invalid",
          "object",
          `${pathTo("object")} identifies an Agent or a Group, which as the object of a statement MUST say "objectType"`,
        );
        return null;
      }
      checkActivity(object, "object");
      return "Activity";
    case "Activity":
      checkActivity(object, "object");
      return "Activity";
    case "Agent":
      checkAgentOrGroup(object, "object", AGENT);
      return "Agent";
    case "Group":
      checkAgentOrGroup(object, "object", GROUP);
      return "Group";
    case "StatementRef":
      checkStatementRef(object, "object");
      return "StatementRef";
    case "SubStatement":
      if (sub) {
        finding(
          "XAPI_SUBSTATEMENT",
          "invalid",
          "object",
          `${pathTo("object")}: a SubStatement MUST NOT contain a SubStatement`,
        );
        return null;
      }
      enter("object");
      checkBody(object, true);
      leave();
      return "SubStatement";
    default:
      enter("object");
      if (objectType === null) nullValue("objectType");
      else if (typeof objectType === "string") wrongObjectType(objectType, OBJECT_TYPES);
      else wrongType("objectType", "a string", objectType);
      leave();
      return null;
  }
}

function looksLikeAgent(object: JsonObject): boolean {
  return (
    !hasOwn(object, "id") &&
    (hasOwn(object, "mbox") ||
      hasOwn(object, "mbox_sha1sum") ||
      hasOwn(object, "openid") ||
      hasOwn(object, "account") ||
      hasOwn(object, "member"))
  );
}

/** §2.4.7, §2.4.8, §4.5. */
function checkTimestamp(value: unknown, key: "timestamp" | "stored"): void {
  if (!isString(value, key)) return;
  const problem = timestampProblem(value, judged.version);
  if (problem !== null)
    finding("XAPI_TIMESTAMP", problem.level, key, `${pathTo(key)} ${problem.reason}: ${shown(value)}`);
}

/** §2.4.10: "An LRS MUST reject all Statements with a version specified that does not start with 1.0." (2.0 adds 2.0.x). */
function checkVersion(version: unknown): void {
  if (!isString(version, "version")) return;
  if (isVersion(version, judged.version)) return;
  const allowed = judged.version === "2.0" ? "1.0, 1.0.x, 2.0 or 2.0.x" : "1.0 or 1.0.x (xAPI 1.0.3)";
  finding("XAPI_VERSION", "invalid", "version", `${pathTo("version")} must be ${allowed}, not ${shown(version)}`);
}
