/**
 * Base rules of every IMS Caliper event (1.0, 1.1, 1.2), grade or not: required properties,
 * known types, time and id formats. Spec: caliper-spec.md §2.1, §4.1–4.3 (1.1); 1.2 "Event" and
 * "Identifiers"; 1.0 contexts/v1p0/Context.json. Structure a record needs is an error; a format
 * deviation that leaves the data usable (a bare UUID id, no milliseconds, nulls) is a warning.
 */
import { dateTimeZoneAt } from "../core/date-time.js";
import { isObject, iriTerm, joinPointer, type JsonObject } from "../core/json.js";
import { diagnostic, type DiagnosticDraft, type LevelOf } from "../diagnostics.js";
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

/** The diagnostic of a Caliper time property, if any; none when it is absent. `bad`: the level of a time that is no RFC 3339 date-time. */
function timeDiagnostic(
  value: unknown,
  pointer: string,
  name: string,
  bad: LevelOf<"BAD_TIME"> = "invalid",
): DiagnosticDraft | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isDateTime(value))
    return diagnostic("BAD_TIME.caliper", bad, pointer, { name, value });
  if (!isCaliperTime(value))
    return diagnostic("TIME_NOT_CALIPER_FORMAT.caliper", "deviation", pointer, { time: value });
  return undefined;
}

const ENVELOPE_KEYS = new Set(["sensor", "sendTime", "dataVersion", "data"]);

/** Types that are no Entity and have no id (1.2 fragments/identifiers, fragments/selectors). */
const NOT_ENTITIES = new Set(["SystemIdentifier", "TextPositionSelector"]);

function typeDiagnostic(type: unknown, pointer: string): DiagnosticDraft | undefined {
  if (typeof type !== "string") return diagnostic("TYPE.caliperType", "invalid", pointer);
  const imsIri = type.startsWith(IMS_TYPE_PREFIX) && IMS_TYPE_IRI.test(type);
  const isTerm = !type.includes(":");
  if ((imsIri || isTerm) && !EVENT_TYPES.has(typeTerm(type)))
    return diagnostic("CALIPER_UNKNOWN_TYPE.eventType", "invalid", pointer, { type });
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
    push(out, typeDiagnostic(typeOf(event), "type" in event ? "/type" : "/@type"));
    for (const key of EVENT_REQUIRED)
      if (!(key in event)) out.push(diagnostic("REQUIRED.caliperEvent", "invalid", `/${key}`, { key }));
    if ("action" in event && typeof event.action !== "string")
      out.push(diagnostic("TYPE.caliperAction", "invalid", "/action"));
    push(out, timeDiagnostic(event.eventTime, "/eventTime", "eventTime"));
    if (version !== "1.0") {
      const id = idOf(event);
      if (id === undefined) out.push(diagnostic("CALIPER_NO_ID.missing", "deviation", "/id"));
      else if (typeof id !== "string" || !isUuidUrn(id))
        out.push(diagnostic("EVENT_ID_NOT_URN_UUID.caliper", "deviation", "/id", { id }));
      if (!("@context" in event)) out.push(diagnostic("CALIPER_NO_CONTEXT.missing", "deviation", "/@context"));
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
    if (typeof envelope.sensor !== "string") out.push(diagnostic("REQUIRED.envelopeSensor", "deviation", "/sensor"));
    else if (!isCaliperIri(envelope.sensor))
      out.push(diagnostic("CALIPER_NOT_IRI.sensor", "deviation", "/sensor", { sensor: envelope.sensor }));
    if (envelope.sendTime === undefined) out.push(diagnostic("REQUIRED.envelopeSendTime", "deviation", "/sendTime"));
    else push(out, timeDiagnostic(envelope.sendTime, "/sendTime", "sendTime", "deviation"));
    if (envelope.dataVersion === undefined) {
      // Asked only then: every envelope of a nightly export says its dataVersion.
      const data = Array.isArray(envelope.data) ? envelope.data : [];
      const newer = data.some(
        (item) => isObject(item) && (caliperVersion(item) === "1.1" || caliperVersion(item) === "1.2"),
      );
      if (newer) out.push(diagnostic("REQUIRED.envelopeDataVersion", "deviation", "/dataVersion"));
    } else if (caliperVersion({}, String(envelope.dataVersion)) === undefined)
      out.push(
        diagnostic("CALIPER_UNKNOWN_TYPE.dataVersion", "deviation", "/dataVersion", {
          dataVersion: envelope.dataVersion,
        }),
      );
    // Each named where it stands, up to a few: an envelope with thousands (a producer's bug) would
    // otherwise cost a search through the envelope's text for each.
    if (!hasCustomKeys(envelope)) return out; // the common envelope: no list of its keys made
    const custom = Object.keys(envelope).filter((key) => !ENVELOPE_KEYS.has(key));
    for (const key of custom.slice(0, MAX_CUSTOM_NAMED))
      out.push(diagnostic("UNKNOWN_PROPERTY.envelope", "deviation", joinPointer("", key), { key }));
    if (custom.length > MAX_CUSTOM_NAMED)
      // At the first of those not named: diagnostics are listed in file order, and this one follows the named ones.
      out.push(
        diagnostic("UNKNOWN_PROPERTY.envelopeMore", "deviation", joinPointer("", custom[MAX_CUSTOM_NAMED]!), {
          more: custom.length - MAX_CUSTOM_NAMED,
          count: custom.length,
        }),
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
      out.push(diagnostic("REQUIRED.caliperEntity", "invalid", "/id"));
    entityRules(out, scanEntities(entity, true), "entity");
    for (const { key, value } of notFiniteNumbers(entity, NUMERIC_PROPERTIES.get(term) ?? []))
      out.push(diagnostic("SCORE_NOT_NUMBER.caliperEntity", "invalid", `/${key}`, { term, key, value }));
    return out;
  },
};

/**
 * Adds the diagnostics of a scan to `out`. MUST-level rules of every entity (1.1 §4.2 identifiers, §4.3 date-times;
 * 1.2 "Entity"): an event or a describe that breaks them is not conformant, whether or not a record
 * uses the entity.
 */
function entityRules(out: DiagnosticDraft[], found: Scan, what: "event" | "entity"): void {
  if (found.nulls > 0)
    out.push(
      found.nulls === 1
        ? diagnostic("CALIPER_NULL.one", "deviation", found.firstNull ?? "")
        : diagnostic("CALIPER_NULL.many", "deviation", found.firstNull ?? "", { count: found.nulls }),
    );
  // Each list only when the scan made it: a clean event, the common one, has none to go through.
  if (found.missing !== undefined)
    for (const pointer of found.missing)
      out.push(
        diagnostic("REQUIRED.caliperEmbedded", "invalid", pointer, {
          what,
          key: pointer.slice(pointer.lastIndexOf("/") + 1),
        }),
      );
  if (found.badTimes !== undefined)
    for (const { pointer, value } of found.badTimes)
      out.push(diagnostic("BAD_TIME.entity", "invalid", pointer, { pointer, value }));
  if (found.badIds !== undefined)
    for (const { pointer, value, notAnEntity } of found.badIds)
      out.push(
        notAnEntity
          ? diagnostic("CALIPER_NOT_IRI.notEntity", "invalid", pointer, { pointer, value })
          : diagnostic("CALIPER_NOT_IRI.notIri", "invalid", pointer, { pointer, value }),
      );
}

function hasCustomKeys(envelope: JsonObject): boolean {
  for (const key in envelope) if (!ENVELOPE_KEYS.has(key)) return true;
  return false;
}

function push(out: DiagnosticDraft[], draft: DiagnosticDraft | undefined): void {
  if (draft !== undefined) out.push(draft);
}

/** Custom envelope properties named one by one; more are counted in one more warning. */
const MAX_CUSTOM_NAMED = 10;

/**
 * The `keys` of an entity that hold something other than a finite number (null and absent are
 * fine), each with its value as a message shows it: 1e400 parsed is Infinity, which JSON.stringify
 * would show as null.
 */
export function notFiniteNumbers(entity: JsonObject, keys: readonly string[]): { key: string; value: unknown }[] {
  return keys.flatMap((key) => {
    const value = entity[key];
    if (value === undefined || value === null || (typeof value === "number" && Number.isFinite(value))) return [];
    return [{ key, value }];
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
