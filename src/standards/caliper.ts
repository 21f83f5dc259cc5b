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
import { scanEntities, type Scan } from "./caliper-entities.js";
import { isCaliperIri, isCaliperTime, isUuidUrn } from "./caliper-formats.js";
import { caliperVersion, EVENT_TYPES, IMS_TYPE_IRI, typeTerm } from "./caliper-vocabulary.js";

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
function timeFinding(
  value: unknown,
  pointer: string,
  name: string,
  bad: LevelOf<"BAD_TIME"> = "invalid",
): DiagnosticDraft | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isDateTime(value))
    return finding("BAD_TIME", bad, pointer, `${name} must be an RFC 3339 date-time, not ${describeValue(value)}`);
  if (!isCaliperTime(value))
    return finding(
      "TIME_NOT_CALIPER_FORMAT",
      "deviation",
      pointer,
      `Caliper times must be UTC with milliseconds (YYYY-MM-DDTHH:mm:ss.SSSZ), not ${value}`,
    );
  return undefined;
}

const ENVELOPE_KEYS = new Set(["sensor", "sendTime", "dataVersion", "data"]);

/** Types that are no Entity and have no id (1.2 fragments/identifiers, fragments/selectors). */
const NOT_ENTITIES = new Set(["SystemIdentifier", "TextPositionSelector"]);

function typeFinding(type: unknown, pointer: string): DiagnosticDraft | undefined {
  if (typeof type !== "string") return finding("TYPE", "invalid", pointer, "the event's type must be a string");
  const imsIri = type.startsWith(IMS_TYPE_PREFIX) && IMS_TYPE_IRI.test(type);
  const isTerm = !type.includes(":");
  if ((imsIri || isTerm) && !EVENT_TYPES.has(typeTerm(type)))
    return finding("CALIPER_UNKNOWN_TYPE", "invalid", pointer, `${type} is not a Caliper event type`);
  return undefined;
}

/** Where every IMS_TYPE_IRI starts: most types are terms or vendors' IRIs, which need no regex. */
const IMS_TYPE_PREFIX = "http://purl.imsglobal.org/caliper/";

/** Properties every Caliper event must have. */
const EVENT_REQUIRED = ["actor", "action", "object", "eventTime"];

export const caliper: Standard = {
  id: "caliper",
  detect: (value) =>
    typeof typeOf(value) === "string" &&
    !("verb" in value) &&
    ("action" in value || "actor" in value || "eventTime" in value || "object" in value),
  label: (value) => {
    const type = typeOf(value);
    const action = value.action;
    return `Caliper ${typeof type === "string" ? typeTerm(type) : "event"}${typeof action === "string" ? ` (${iriTerm(action)})` : ""}`;
  },
  check(event, context, found) {
    const out: DiagnosticDraft[] = [];
    const version = caliperVersion(event, context.dataVersion);
    push(out, typeFinding(typeOf(event), "type" in event ? "/type" : "/@type"));
    for (const key of EVENT_REQUIRED)
      if (!(key in event)) out.push(finding("REQUIRED", "invalid", `/${key}`, `a Caliper event must have ${key}`));
    if ("action" in event && typeof event.action !== "string")
      out.push(finding("TYPE", "invalid", "/action", "action must be a string"));
    push(out, timeFinding(event.eventTime, "/eventTime", "eventTime"));
    if (version !== "1.0") {
      const id = idOf(event);
      if (id === undefined)
        out.push(
          finding("CALIPER_NO_ID", "deviation", "/id", "Caliper 1.1 and later events must have an id (urn:uuid:…)"),
        );
      else if (typeof id !== "string" || !isUuidUrn(id))
        out.push(
          finding(
            "EVENT_ID_NOT_URN_UUID",
            "deviation",
            "/id",
            `Caliper event ids must be UUID URNs (urn:uuid:…), not ${JSON.stringify(id)}`,
          ),
        );
      if (!("@context" in event))
        out.push(
          finding(
            "CALIPER_NO_CONTEXT",
            "deviation",
            "/@context",
            "Caliper 1.1 and later events must carry a JSON-LD @context",
          ),
        );
    }
    const scan = scanEntities(event, false);
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
    if (typeof envelope.sensor !== "string")
      out.push(finding("REQUIRED", "deviation", "/sensor", "a Caliper envelope must name its sensor (an IRI)"));
    else if (!isCaliperIri(envelope.sensor))
      out.push(
        finding(
          "CALIPER_NOT_IRI",
          "deviation",
          "/sensor",
          `the envelope's sensor should be an IRI, not ${JSON.stringify(envelope.sensor)}`,
        ),
      );
    if (envelope.sendTime === undefined)
      out.push(finding("REQUIRED", "deviation", "/sendTime", "a Caliper envelope must have sendTime"));
    else push(out, timeFinding(envelope.sendTime, "/sendTime", "sendTime", "deviation"));
    const data = Array.isArray(envelope.data) ? envelope.data : [];
    const newer = data.some(
      (item) => isObject(item) && (caliperVersion(item) === "1.1" || caliperVersion(item) === "1.2"),
    );
    if (envelope.dataVersion === undefined) {
      if (newer)
        out.push(
          finding("REQUIRED", "deviation", "/dataVersion", "a Caliper 1.1 or 1.2 envelope must have dataVersion"),
        );
    } else if (caliperVersion({}, String(envelope.dataVersion)) === undefined)
      out.push(
        finding(
          "CALIPER_UNKNOWN_TYPE",
          "deviation",
          "/dataVersion",
          `dataVersion ${JSON.stringify(envelope.dataVersion)} is not a Caliper context IRI`,
        ),
      );
    // Each named where it stands, up to a few: an envelope with thousands (a producer's bug) would
    // otherwise cost a search through the envelope's text for each.
    const custom = Object.keys(envelope).filter((key) => !ENVELOPE_KEYS.has(key));
    for (const key of custom.slice(0, MAX_CUSTOM_NAMED))
      out.push(
        finding(
          "UNKNOWN_PROPERTY",
          "deviation",
          joinPointer("", key),
          `a Caliper envelope allows no custom properties, and has ${JSON.stringify(key)}`,
        ),
      );
    if (custom.length > MAX_CUSTOM_NAMED)
      // At the first of those not named: findings are listed in file order, and this one follows the named ones.
      out.push(
        finding(
          "UNKNOWN_PROPERTY",
          "deviation",
          joinPointer("", custom[MAX_CUSTOM_NAMED]!),
          `and ${custom.length - MAX_CUSTOM_NAMED} more custom properties beside those named (${custom.length} in all)`,
        ),
      );
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
    if (idOf(entity) === undefined && !NOT_ENTITIES.has(term))
      out.push(finding("REQUIRED", "invalid", "/id", "a Caliper entity must have an id (an IRI)"));
    entityRules(out, scanEntities(entity, true), "entity");
    for (const { key, shown } of notFiniteNumbers(entity, NUMERIC_PROPERTIES.get(term) ?? []))
      out.push(
        finding("SCORE_NOT_NUMBER", "invalid", `/${key}`, `${term}.${key} must be a finite number, not ${shown}`),
      );
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
    out.push(
      finding(
        "CALIPER_NULL",
        "deviation",
        found.firstNull ?? "",
        `${found.nulls} ${found.nulls === 1 ? "property is" : "properties are"} null; Caliper says to leave out properties without a value`,
      ),
    );
  // Each list only when the scan made it: a clean event, the common one, has none to go through.
  if (found.missing !== undefined)
    for (const pointer of found.missing)
      out.push(
        finding(
          "REQUIRED",
          "invalid",
          pointer,
          `an entity embedded in a Caliper ${what} must have ${pointer.slice(pointer.lastIndexOf("/") + 1)} (a Caliper Entity requires id and type)`,
        ),
      );
  if (found.badTimes !== undefined)
    for (const { pointer, value } of found.badTimes)
      out.push(
        finding(
          "BAD_TIME",
          "invalid",
          pointer,
          `${dotted(pointer)} must be an RFC 3339 date-time string, not ${describeValue(value)}`,
        ),
      );
  if (found.badIds !== undefined)
    for (const { pointer, value, notAnEntity } of found.badIds)
      out.push(
        notAnEntity
          ? finding(
              "CALIPER_NOT_IRI",
              "invalid",
              pointer,
              `${dotted(pointer)} must be an entity (an object with id and type) or its IRI, not ${describeValue(value)}`,
            )
          : finding(
              "CALIPER_NOT_IRI",
              "invalid",
              pointer,
              `${dotted(pointer)} must be an IRI (a scheme such as https: or urn:, no spaces), not ${describeValue(value)}`,
            ),
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
  [
    "Result",
    [
      "resultScore",
      "maxResultScore",
      "normalScore",
      "penaltyScore",
      "extraCreditScore",
      "totalScore",
      "curvedTotalScore",
      "curveFactor",
    ],
  ],
  ["Attempt", ["count"]],
]);
