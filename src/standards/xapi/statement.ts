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
import { isVersion, type FormatProblem, type XapiVersion } from "./formats.js";
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
import { diagnosticAt, endWalk, enter, judged, leave, startWalk } from "./walk.js";

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
  else diagnosticAt("XAPI_TYPE.notObject", "invalid", undefined, { value: statement });
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

/** A Statement (§2.4), or a SubStatement (§2.4.4.3), which "MUST be validated as a Statement" with fewer properties. */
function checkBody(statement: JsonObject, sub: boolean): void {
  const owner = sub ? "subStatement" : "statement";
  const every = sub ? "everySubStatement" : "everyStatement";
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
          diagnosticAt("XAPI_SUBSTATEMENT.property", "invalid", k);
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
    diagnosticAt("XAPI_VOIDING.notStatementRef", "invalid", "object", { verb: verbId, kind });
  }
}

/** §2.4.3: `{id: IRI, display: language map}`; returns the id when it is a string. */
function checkVerb(verb: unknown): string | undefined {
  if (verb === null) return undefined;
  if (!isObject(verb)) {
    wrongType("verb", "verbObject", verb);
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
      unknownProperty(k, "verb", VERB_KEYS);
      continue;
    }
    if (v === null) nullValue(k);
  }
  if (id === undefined) missing("id", "verb");
  else checkIri(id, "id");
  if (given(display)) checkLanguageMap(display, "display");
  leave();
  return typeof id === "string" ? id : undefined;
}

/** §2.4.4: the object is an Activity (the default), an Agent, a Group, a StatementRef or a SubStatement. */
function checkObject(object: unknown, sub: boolean): ObjectKind {
  if (object === null) return null;
  if (!isObject(object)) {
    wrongType("object", "statementObject", object);
    return null;
  }
  const objectType = hasOwn(object, "objectType") ? object.objectType : undefined;
  switch (objectType) {
    case undefined:
      if (looksLikeAgent(object)) {
        // §2.4.4.2: "Statements that specify an Agent or Group as an Object MUST specify an 'objectType' property."
        diagnosticAt("XAPI_OBJECT_TYPE.agentObject", "invalid", "object");
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
        diagnosticAt("XAPI_SUBSTATEMENT.nested", "invalid", "object");
        return null;
      }
      enter("object");
      checkBody(object, true);
      leave();
      return "SubStatement";
    default:
      enter("object");
      if (objectType === null) nullValue("objectType");
      else if (typeof objectType === "string") wrongObjectType(objectType, "objectTypes");
      else wrongType("objectType", "string", objectType);
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
  if (problem !== null) sayTimestampProblem(problem, key, value);
}

/** XAPI_TIMESTAMP for a time at `key`, as its template says the problem found. */
function sayTimestampProblem(problem: FormatProblem, key: "timestamp" | "stored", value: string): void {
  const { level } = problem;
  switch (problem.variant) {
    case "notIso":
    case "space":
      return diagnosticAt(`XAPI_TIMESTAMP.${problem.variant}`, level, key, { value });
    case "notRealDate":
      return diagnosticAt("XAPI_TIMESTAMP.notRealDate", level, key, { date: problem.date, value });
    case "notRealTime":
      return diagnosticAt("XAPI_TIMESTAMP.notRealTime", level, key, { time: problem.time, value });
    case "impossibleOffset":
    case "unknownOffset":
      return diagnosticAt(`XAPI_TIMESTAMP.${problem.variant}`, level, key, { offset: problem.offset, value });
    case "required":
    case "recommended":
      return diagnosticAt(`XAPI_TIMESTAMP.${problem.variant}`, level, key, { rule: problem.rule, value });
  }
}

/** §2.4.10: "An LRS MUST reject all Statements with a version specified that does not start with 1.0." (2.0 adds 2.0.x). */
function checkVersion(version: unknown): void {
  if (!isString(version, "version")) return;
  if (isVersion(version, judged.version)) return;
  diagnosticAt(
    judged.version === "2.0" ? "XAPI_VERSION.notVersion2" : "XAPI_VERSION.notVersion1",
    "invalid",
    "version",
    { value: version },
  );
}
