import {
  diagnostic,
  LEVELS,
  severityAt,
  wordedAs,
  type Diagnostic,
  type DiagnosticDraft,
  type Level,
} from "../diagnostics.js";
import type { AnyProfile, EventContext } from "../profiles/profile.js";
import type { FoundEntities, Standard } from "../standards/standard.js";
import type { Decimal, DescribedEntity, GradeRecord, SourcedEvent, SourceText } from "../types.js";
import { isObject, joinPointer, parsePointer, prop, text, type JsonObject } from "./json.js";
import { duplicateKeys } from "./duplicate-keys.js";
import {
  mayHoldUnusualNumbers,
  numberTextAt,
  numberTextInEvent,
  positionInEvent,
  positionsInEvent,
  type TextPosition,
} from "./locate.js";
import { numberText } from "./number-text.js";
import { percentOf } from "./percent.js";
import { schemaValidator } from "./schema.js";
import { typeTerm } from "../standards/caliper-vocabulary.js";
import { cutLongText } from "./long-text.js";

/** What became of one event. */
export type Outcome =
  | { kind: "valid"; event: SourcedEvent; profile: string; record: GradeRecord; diagnostics: Diagnostic[] }
  | { kind: "invalid"; event: SourcedEvent; profile?: string; diagnostics: Diagnostic[] }
  | { kind: "unrecognised"; event: SourcedEvent; label: string; diagnostics: Diagnostic[] };

/** What became of one event when a valid one need not be flattened (Checker.judge): its record may be missing. */
export type Verdict =
  | Exclude<Outcome, { kind: "valid" }>
  | (Omit<Extract<Outcome, { kind: "valid" }>, "record"> & { record?: GradeRecord });

export interface CheckOptions {
  /** Every deviation from the spec is an error; data-quality warnings stay warnings. */
  strict?: boolean;
  /** An event no profile recognises is an error. */
  failOnUnknown?: boolean;
  /** Judge statements that do not say their version by xAPI 2.0 rather than 1.0.3. */
  xapiVersion?: "1.0.3" | "2.0";
  /** Check every event as this profile, without detection. */
  profile?: string;
}

/** Just the check options, out of a larger options object (commander's, the library's): what a worker thread is sent. */
export function checkOptionsOf(options: CheckOptions): CheckOptions {
  return {
    ...(options.strict && { strict: true }),
    ...(options.failOnUnknown && { failOnUnknown: true }),
    ...(options.xapiVersion && { xapiVersion: options.xapiVersion }),
    ...(options.profile !== undefined && { profile: options.profile }),
  };
}

export interface Checker {
  check(event: SourcedEvent): Outcome;
  /**
   * As check, but a valid event is not flattened: for a run that only counts the valid (validate),
   * which records would cost 10-20 % of its time for nothing.
   */
  judge(event: SourcedEvent): Verdict;
  /** Checks a Caliper entity describe: not an event, but it can still break the rules. */
  checkDescribe(describe: SourcedEvent): Diagnostic[];
  /** Checks a Caliper envelope's own properties. */
  checkEnvelope(envelope: SourcedEvent): Diagnostic[];
}

/**
 * Builds the per-event pipeline: standard (base rules) → profile detect → schema → check → flatten.
 * Pure: values in, values out.
 */
export function createChecker(
  standards: readonly Standard[],
  profiles: readonly AnyProfile[],
  options: CheckOptions = {},
): Checker {
  // A profile without a schema of its own is held to its standard's rules and its check alone.
  const validators = new Map(
    profiles.flatMap((p) => (p.schema === undefined ? [] : [[p, schemaValidator(p.schema)] as const])),
  );
  const forced = options.profile === undefined ? undefined : profiles.find((p) => p.id === options.profile);
  if (options.profile !== undefined && !forced) throw new Error(`unknown profile ${options.profile}`);
  // The one place a diagnostic gets its severity: from its level, by the mode (levels in diagnostics.ts).
  const strict = options.strict === true;
  // Diagnostics in file order (by line, then column; as found where they tie), whatever order the rules ran in.
  const finish = (drafts: DiagnosticDraft[], event: SourcedEvent, profile?: string): Diagnostic[] => {
    if (drafts.length === 0) return []; // most events: no scan of their text at all
    const places = positionsInEvent(
      event,
      drafts.map((d) => d.pointer),
    );
    const order = drafts
      .map((_, i) => i)
      .sort((a, b) => places[a]!.line - places[b]!.line || places[a]!.column - places[b]!.column || a - b);
    const id = eventId(event.value);
    const listed = order.slice(0, MAX_LISTED).map((i) => placed(drafts[i]!, places[i]!, strict, event, id, profile));
    // The rest counted in one more, last: it sums up, and stands at the event's start.
    if (order.length > MAX_LISTED)
      listed.push(
        placed(
          moreDiagnostics(order.slice(MAX_LISTED).map((i) => drafts[i]!)),
          positionInEvent(event, ""),
          strict,
          event,
          id,
          profile,
        ),
      );
    return listed;
  };

  function judged(event: SourcedEvent, flatten: true): Outcome;
  function judged(event: SourcedEvent, flatten: false): Verdict;
  function judged(event: SourcedEvent, flatten: boolean): Verdict {
    const value = event.value;
    if (!isObject(value))
      return unrecognised(
        event,
        [],
        `not an object (${Array.isArray(value) ? "array" : value === null ? "null" : typeof value})`,
      );
    let profile: AnyProfile | undefined;
    try {
      const context = new Context(event, options);
      const standard = forced ? standardById(standards, forced.standard) : detectStandard(standards, value);
      // One list, grown in the order the rules run: no list per rule joined after.
      const drafts: DiagnosticDraft[] = [];
      if (standard !== undefined) append(drafts, standard.check(value, context, context));
      if (!event.source.keysUnique) append(drafts, duplicates(event));
      profile = forced ?? detectProfile(profiles, standard, value);
      if (!profile) {
        // Cut as the tally holds it: a label quotes the event (a verb of a megabyte).
        const label = cutLongText(standard?.label(value) ?? "object of unknown kind");
        if (options.failOnUnknown) drafts.push(diagnostic("UNRECOGNISED.unknown", "invalid", "", { label }));
        const diagnostics = finish(drafts, event);
        if (diagnostics.some(isError)) return { kind: "invalid", event, diagnostics };
        return unrecognised(event, diagnostics, label);
      }
      const validate = validators.get(profile);
      if (validate !== undefined) append(drafts, validate(value));
      if (!drafts.some(isInvalid) && profile.check !== undefined) append(drafts, profile.check(value, context));
      const diagnostics = finish(drafts, event, profile.id);
      if (diagnostics.some(isError)) return { kind: "invalid", event, profile: profile.id, diagnostics };
      if (!flatten) return { kind: "valid", event, profile: profile.id, diagnostics };
      const record = profile.flatten(value, context);
      // One rule for every profile, so that percentages compare across sources.
      record.score_percent = percentOf(record.score, record.score_min, record.score_max);
      return { kind: "valid", event, profile: profile.id, record, diagnostics };
    } catch (err) {
      // A bug in gradeev (a rule, a profile, detection) costs one event, not the run: the rest is still read and counted.
      const reason = err instanceof Error ? err.message : String(err);
      const id = profile?.id;
      return {
        kind: "invalid",
        event,
        ...(id !== undefined && { profile: id }),
        diagnostics: finish([diagnostic("INTERNAL_ERROR.event", "invalid", "", { reason })], event, id),
      };
    }
  }

  return {
    check: (event) => judged(event, true),
    judge: (event) => judged(event, false),
    checkEnvelope(envelope) {
      const value = envelope.value;
      if (!isObject(value)) return [];
      return finish(standardById(standards, "caliper")?.checkEnvelope?.(value) ?? [], envelope);
    },
    checkDescribe(describe) {
      const value = describe.value;
      if (!isObject(value)) return [];
      const standard = standards.find((s) => s.id === "caliper");
      try {
        return finish(
          (standard?.checkEntity?.(value, eventContext(describe, options)) ?? []).concat(duplicates(describe)),
          describe,
        );
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return finish([diagnostic("INTERNAL_ERROR.entity", "invalid", "", { reason })], describe);
      }
    },
  };
}

/** Loops, not find() with a closure: these run once per event. */
function standardById(standards: readonly Standard[], id: string): Standard | undefined {
  for (const standard of standards) if (standard.id === id) return standard;
  return undefined;
}

function detectStandard(standards: readonly Standard[], value: JsonObject): Standard | undefined {
  for (const standard of standards) if (standard.detect(value)) return standard;
  return undefined;
}

/** The first profile of the standard (any, when none was detected) that recognises the event. */
function detectProfile(
  profiles: readonly AnyProfile[],
  standard: Standard | undefined,
  value: JsonObject,
): AnyProfile | undefined {
  for (const profile of profiles)
    if ((standard === undefined || profile.standard === standard.id) && profile.detect(value)) return profile;
  return undefined;
}

function append<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** Duplicate keys: read as JSON.parse reads them (the last wins), with a warning for each. */
function duplicates(event: SourcedEvent): DiagnosticDraft[] {
  if (event.source.keysUnique) return [];
  // A key three times over is one diagnostic: one warning per key and object.
  return [...new Set(duplicateKeys(event.source.text, event.anchor.offset, event.value))].map((pointer) =>
    diagnostic("DUPLICATE_KEY.repeated", "deviation", pointer, { key: parsePointer(pointer).at(-1) }),
  );
}

function unrecognised(event: SourcedEvent, diagnostics: Diagnostic[], label: string): Outcome {
  return { kind: "unrecognised", event, label, diagnostics };
}

/**
 * Diagnostics listed for one event, the first in file order; the rest are counted. Thousands in one
 * event (a hostile or broken producer) would bury every other event's in the report.
 */
const MAX_LISTED = 100;

/** One diagnostic for those past MAX_LISTED, at the strongest of their levels (an error if any of them is), with their codes counted. */
function moreDiagnostics(rest: readonly DiagnosticDraft[]): DiagnosticDraft {
  const byCode = new Map<string, number>();
  for (const d of rest) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  const counts = [...byCode].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${n} ${code}`);
  const strongest = LEVELS.find((level) => rest.some((d) => d.level === level)) ?? "quality";
  return diagnostic("MORE_FINDINGS.counted", strongest, "", { count: rest.length, counts });
}

/** Whether a diagnostic makes the event invalid by default: then the profile's own rules do not run. */
function isInvalid(d: { level: Level }): boolean {
  return severityAt(d.level, false) === "error";
}

function isError(d: { severity: string }): boolean {
  return d.severity === "error";
}

/** The diagnostic a draft is, placed in its file, with its severity in the mode, and its message written. */
function placed(
  draft: DiagnosticDraft,
  { line, column }: TextPosition,
  strict: boolean,
  event: SourcedEvent,
  id: string | null,
  profile?: string,
): Diagnostic {
  const pointer = event.at.pointer + draft.pointer;
  const { message, variant, args } = wordedAs(draft.code, draft.variant, draft.args);
  return {
    code: draft.code,
    severity: severityAt(draft.level, strict),
    message,
    file: event.at.file,
    line,
    column,
    ...(event.at.index >= 0 && { index: event.at.index }),
    ...(id !== null && { eventId: id }),
    pointer,
    ...(profile !== undefined && { profile }),
    variant,
    args,
  };
}

export function eventId(value: unknown): string | null {
  return text(prop(value, "id")) ?? text(prop(value, "@id"));
}

const unusual = new WeakMap<object, boolean>();

/** Whether the event's text may hold a number String() would not reproduce: once per text. */
function suspicious(source: SourcedEvent["source"]): boolean {
  if (source.numbersPlain) return false;
  let found = unusual.get(source);
  if (found === undefined) {
    found = mayHoldUnusualNumbers(source.text);
    unusual.set(source, found);
  }
  return found;
}

/**
 * What a profile may ask about one event. A class, not an object of closures: one is made per
 * event, on the hot path. The embedded-entity index is the one the standard's walk found (FoundEntities),
 * else built when a reference is first resolved.
 */
class Context implements EventContext, FoundEntities {
  readonly dataVersion?: string;
  readonly xapiVersion: "1.0.3" | "2.0";
  byId: Map<string, JsonObject> | undefined;
  private places: Map<object, Place> | undefined;

  constructor(
    private readonly event: SourcedEvent,
    options: CheckOptions,
  ) {
    if (event.dataVersion !== undefined) this.dataVersion = event.dataVersion;
    this.xapiVersion = options.xapiVersion ?? "1.0.3";
  }

  private index(): Map<string, JsonObject> {
    return (this.byId ??= embeddedEntities(this.event.value));
  }

  /** Where an embedded object sits in the event, as a pointer; walked for only when asked (an unusual number's text), which is rare. */
  private pointerOf(entity: JsonObject): string | undefined {
    const value = this.event.value;
    if (entity === value) return "";
    const places = (this.places ??= placesIn(value));
    const keys: (string | number)[] = [];
    for (
      let place = places.get(entity);
      place;
      place = place.parent === undefined ? undefined : places.get(place.parent)
    ) {
      keys.push(place.key);
      if (place.parent === value) return joinPointer("", ...keys.reverse());
    }
    return undefined;
  }

  /** String() is exact for the common case: then its text, else undefined, and the number's own text must be read from the source it sits in. */
  private plain(value: number, source: SourceText): Decimal | undefined {
    if (suspicious(source)) return undefined;
    // String writes an exponent below 1e-6 (and from 1e21, past the safe integers): told by the size, not by the text.
    const size = Math.abs(value);
    return size <= Number.MAX_SAFE_INTEGER && (size >= 1e-6 || size === 0) ? numberText(value) : undefined;
  }

  decimal(value: unknown, pointer: string): Decimal | null {
    if (typeof value !== "number") return null;
    return this.plain(value, this.event.source) ?? numberTextInEvent(this.event, pointer) ?? String(value);
  }

  number(entity: JsonObject | undefined, key: string): Decimal | null {
    const value = entity?.[key];
    if (entity === undefined || typeof value !== "number") return null;
    const described = this.describedAs(entity);
    if (described) {
      const source = described.source ?? this.event.source;
      return (
        this.plain(value, source) ?? numberTextAt(source.text, joinPointer(described.pointer, key)) ?? String(value)
      );
    }
    const written = this.plain(value, this.event.source);
    if (written !== undefined) return written;
    const inEvent = this.pointerOf(entity);
    return (
      (inEvent === undefined ? undefined : numberTextInEvent(this.event, joinPointer(inEvent, key))) ?? String(value)
    );
  }

  /** The describe beside the event that `entity` is, if it is one (resolve() hands out the described object itself). */
  private describedAs(entity: JsonObject): DescribedEntity | undefined {
    if (this.event.entities.size === 0) return undefined;
    const described = this.event.entities.get(eventId(entity) ?? "");
    return described?.entity === entity ? described : undefined;
  }

  resolve(node: unknown): JsonObject | undefined {
    if (isObject(node)) return isBare(node) ? this.fuller(node) : node;
    if (typeof node !== "string") return undefined;
    return this.index().get(node) ?? this.event.entities.get(node)?.entity;
  }

  /**
   * A bare reference object ({id, type}) says no more than its IRI: Caliper is JSON-LD, where node
   * objects with one id are one node, and 1.1 §5.3 sends entities apart "to reduce verbosity". So a
   * fuller description of that id, in the event or described beside it, stands for it, when it is
   * of the same type (one of another type is left alone: which is right cannot be told).
   */
  private fuller(node: JsonObject): JsonObject {
    const id = eventId(node);
    if (id === null) return node;
    const type = typeOf(node);
    const described = this.event.entities.size === 0 ? undefined : this.event.entities.get(id)?.entity;
    if (described !== undefined && isFullerOf(described, node, type)) return described;
    const embedded = this.index().get(id);
    if (embedded !== undefined && isFullerOf(embedded, node, type)) return embedded;
    return node;
  }
}

/** Whether `other` describes what the bare `node` (of `type`) names. */
function isFullerOf(other: JsonObject, node: JsonObject, type: string | undefined): boolean {
  return other !== node && !isBare(other) && (type === undefined || typeOf(other) === type);
}

/** Keys that only name an entity: an object with no others describes nothing. */
const NAMING_KEYS = new Set(["id", "@id", "type", "@type", "@context"]);

function isBare(object: JsonObject): boolean {
  for (const key in object) if (!NAMING_KEYS.has(key)) return false;
  return true;
}

/** An entity's type as a term (`…/caliper/v1/lis/Person` is `Person`); undefined when it has none. */
function typeOf(object: JsonObject): string | undefined {
  const type = object.type ?? object["@type"];
  return typeof type === "string" ? typeTerm(type) : undefined;
}

function eventContext(event: SourcedEvent, options: CheckOptions): EventContext {
  return new Context(event, options);
}

/** Where an embedded object sits: its parent and key, so that a pointer is built only when asked for. */
type Place = { parent: JsonObject | unknown[] | undefined; key: string | number };

/**
 * Every object embedded in an event, and those with an id, by id: what a bare IRI elsewhere in the
 * event may name. The fullest description of an id wins over a bare {id}; of two as full, the first
 * met (a later sibling's before an earlier one's, a parent before its children). A Caliper event's
 * index comes from its standard's walk instead (caliper.ts, scanEntities), which keeps to this.
 */
export function embeddedEntities(value: unknown): Map<string, JsonObject> {
  const byId = new Map<string, JsonObject>();
  if (typeof value !== "object" || value === null) return byId;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    const object = node as JsonObject;
    const id = object.id ?? object["@id"];
    if (typeof id === "string") {
      const known = byId.get(id);
      if (known === undefined || Object.keys(object).length > Object.keys(known).length) byId.set(id, object);
    }
    for (const key in object) {
      const child = object[key];
      if (key !== "extensions" && typeof child === "object" && child !== null) stack.push(child);
    }
  }
  return byId;
}

/** Each object and array inside `value` (outside extensions), with its parent and key. */
function placesIn(value: unknown): Map<object, Place> {
  const places = new Map<object, Place>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node))
      node.forEach((item, i) => {
        if (typeof item === "object" && item !== null) places.set(item, { parent: node, key: i });
        stack.push(item);
      });
    else if (isObject(node))
      for (const key of Object.keys(node)) {
        if (key === "extensions") continue;
        const child = node[key];
        if (typeof child === "object" && child !== null) places.set(child, { parent: node, key });
        stack.push(child);
      }
  }
  return places;
}
