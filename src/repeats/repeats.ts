/**
 * Exports overlap (nightly snapshots, retried deliveries) and LRSs void statements. This stage drops
 * repeated events, statements voided by a `voided` statement in the same input, and (with `latest`)
 * every record but the newest per (course, user, item). It must see the whole input before it can
 * say which record survives, so it writes every item down on a tape (tape.ts; a temporary file on the
 * command line) and holds in memory only what a verdict needs: per event that may be judged, its
 * place on the tape, its kind and fingerprints of its keys (HeldEvents). The few events a verdict
 * compares (those whose fingerprints meet) are read back from the tape. Invalid events, and events
 * that are neither xAPI nor Caliper, are held nowhere but on the tape. Everything dropped goes on as a
 * reject with its reason; the order stays the input's. No verdict depends on the order of the
 * inputs: where a record must be chosen, ranking.ts chooses.
 */
import { createHash } from "node:crypto";
import { fixedSeverity, worded, type Diagnostic } from "../diagnostics.js";
import type { GradeItem } from "../grade.js";
import { standards } from "../standards/index.js";
import type { GradeRecord, Provenance, SourcedEvent } from "../types.js";
import { eventId } from "../core/check.js";
import { fingerprint, FingerprintGroups, GrowingArray } from "./fingerprint-groups.js";
import { itemFrom, itemText } from "./held-items.js";
import { isObject, prop, text } from "../core/json.js";
import { positionInEvent } from "../core/locate.js";
import { byPlace, ranking } from "./ranking.js";
import { comparisonForm } from "./same-event.js";
import { countDiagnostics, type Summary } from "../core/tally.js";
import { tapeInMemory, type Tape } from "./tape.js";

const VOIDED = "http://adlnet.gov/expapi/verbs/voided";

type Drop = "duplicate" | "conflict" | "voided" | "superseded";

const DROPS: readonly Drop[] = ["duplicate", "conflict", "voided", "superseded"];

/** Events that share an id but not their content: how many, and the first four in order of place. */
interface ConflictGroup {
  size: number;
  first: readonly { n: number; at: Provenance }[];
}

/**
 * Why events are dropped, by event number: a byte each, so that a run that supersedes most of its
 * records holds no object per record; an event in conflict also has its group, shared by the group,
 * from which its diagnostic is made when it is given out.
 */
class Verdicts {
  private readonly reasons: Uint8Array;
  readonly conflicts = new Map<number, ConflictGroup>();

  constructor(count: number) {
    this.reasons = new Uint8Array(count);
  }

  set(n: number, reason: Drop, group?: ConflictGroup): void {
    this.reasons[n] = DROPS.indexOf(reason) + 1;
    if (group) this.conflicts.set(n, group);
  }

  get(n: number): Drop | undefined {
    const reason = this.reasons[n] ?? 0;
    return reason === 0 ? undefined : DROPS[reason - 1];
  }

  has(n: number): boolean {
    return this.reasons[n] !== 0;
  }
}

/** Bits of a held event's kind. VOIDABLE: an xAPI record whose `id` is its id, so that a voiding statement can name it. */
const XAPI = 1;
const RECORD = 2;
const VOIDABLE = 4;

/**
 * What is held per event a verdict may concern, by its number (its order among them): its place and
 * its record's on the tape, its kind, and fingerprints of its keys (fingerprint-groups.ts), all in
 * typed arrays: never the event, its text, its record or its diagnostics, so that an event costs the
 * same however large it is. Events that share a fingerprint are read back from the tape to compare
 * their keys.
 */
export interface HeldEvents {
  /** Where each event is on the tape. */
  at: GrowingArray<Float64Array>;
  /** Where its record alone is on the tape, just before it (-1 for an event that is no record): a short line to read for --latest. */
  records: GrowingArray<Float64Array>;
  /** Its kind, as XAPI, RECORD and VOIDABLE bits. */
  kinds: GrowingArray<Uint8Array>;
  /** The events by id (an event without one, by its content). */
  byId: FingerprintGroups;
  /** With `latest`, the records by (course, user, item), when they name all three. */
  byGrade: FingerprintGroups;
  /** The statements that void one, with the fingerprint of the id key they void. */
  voids: Map<number, number>;
}

/** What ranking.ts compares of a record. */
type Ranked = Pick<Extract<GradeItem, { kind: "record" }>, "record" | "event">;

/** An event read back from the tape, with its number. */
interface Judged {
  n: number;
  item: Extract<GradeItem, { kind: "record" | "reject" }>;
  event: SourcedEvent;
  standard: "xapi" | "caliper";
}

/** A fixed-size key for a text of any length (SHA-256: no one can make two texts share one). */
function keyOf(text: string): string {
  return createHash("sha256").update(text).digest().toString("latin1");
}

/**
 * An id as what it names: a UUID, with or without `urn:uuid:`, in any case (RFC 4122 §3: "case
 * insensitive on input"); any other id (an IRI) as written (RFC 3987 §5.3.1).
 */
function normalId(id: string): string {
  const uuid = /^(?:urn:uuid:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(id);
  return uuid ? uuid[1]!.toLowerCase() : id;
}

/** The statement id a voiding statement voids, if it is one (xAPI-Data.md §2.3.2). */
function voids(value: unknown): string | null {
  if (prop(prop(value, "verb"), "id") !== VOIDED) return null;
  const object = prop(value, "object");
  const id = prop(object, "objectType") === "StatementRef" ? text(prop(object, "id")) : null;
  return id === null ? null : normalId(id);
}

/**
 * The event's standard, when it is one an LRS would have stored: a record, or a statement no profile
 * knows that breaks no rule (--fail-on-unknown's UNRECOGNISED error says only that gradeev has no
 * profile for it). A statement is voided when the LRS "also contains a voiding Statement" (xAPI-Data.md
 * §2.3.2), and an LRS refuses an invalid one (400 Bad Request, xAPI-Communication.md §3.2).
 */
function accepted(item: GradeItem): "xapi" | "caliper" | undefined {
  if (item.kind === "record") return item.record.source;
  if (item.kind !== "reject" || !item.event || !isObject(item.event.value)) return undefined;
  const refused =
    item.reason !== "unrecognised" &&
    (item.reason !== "invalid" || item.diagnostics.some((d) => d.severity === "error" && d.code !== "UNRECOGNISED"));
  const value = item.event.value;
  return refused ? undefined : standards.find((s) => s.detect(value))?.id;
}

/** An event's id key: an id names one event; an event without one (Caliper 1.0) is known by its content. */
function idKey(event: SourcedEvent, standard: "xapi" | "caliper"): string {
  const id = eventId(event.value);
  if (id !== null) return `${standard} id ${normalId(id)}`;
  const form = comparisonForm(event, standard);
  return `${standard} content ${form.digest} ${form.timestamp}`;
}

/** The statement a record is, as a voiding statement names it (VOIDABLE records only). */
function voidKey(target: string): string {
  return `xapi id ${target}`;
}

/** A record's grade: a record that lacks a course, a user or an item names none (see holdEvents). */
function gradeKey(record: GradeRecord): string | null {
  return record.course === null || record.user === null || record.item === null
    ? null
    : JSON.stringify([record.course, record.user, record.item]);
}

/** Writes every item on the tape, and holds what the verdicts need of the events they may concern. */
export async function holdEvents(items: AsyncIterable<GradeItem>, tape: Tape, latest: boolean): Promise<HeldEvents> {
  const held: HeldEvents = {
    at: new GrowingArray(new Float64Array(1024)),
    records: new GrowingArray(new Float64Array(1024)),
    kinds: new GrowingArray(new Uint8Array(1024)),
    byId: new FingerprintGroups(),
    byGrade: new FingerprintGroups(),
    voids: new Map(),
  };
  for await (const item of items) {
    const standard = accepted(item);
    if (standard === undefined || (item.kind !== "record" && item.kind !== "reject") || !item.event) {
      tape.put(itemText(item));
      continue;
    }
    held.records.push(item.kind === "record" ? tape.put(JSON.stringify(item.record)) : -1);
    const n = held.at.push(tape.put(itemText(item)));
    const value = item.event.value;
    const record = item.kind === "record" ? item.record : undefined;
    const voidable = record && standard === "xapi" && text(prop(value, "id")) !== null;
    held.kinds.push((standard === "xapi" ? XAPI : 0) | (record ? RECORD : 0) | (voidable ? VOIDABLE : 0));
    held.byId.add(n, fingerprint(idKey(item.event, standard)));
    const target = standard === "xapi" ? voids(value) : null;
    if (target !== null) held.voids.set(n, fingerprint(voidKey(target)));
    // A record that lacks a course, a user or an item (every Brightspace record lacks its user)
    // names no grade to compare it with: "no user" is no one, not one user. It is kept as it is.
    const grade = latest && record ? gradeKey(record) : null;
    if (grade !== null) held.byGrade.add(n, fingerprint(grade));
  }
  return held;
}

/**
 * Holds every item to the end (holdEvents), then decides in this order: events that share an id but
 * not their content are in conflict; of events with the same content, one record is kept and the rest
 * are duplicates; statements voided by a statement in the input are voided; of what is left, all but
 * the newest record per (course, user, item) are superseded (a record without one of the three is
 * compared with none, and kept). Voiding comes before choosing the newest, so that a voided grade
 * never hides the one before it. Then gives every item out again from the tape, in order.
 */
export async function* dropRepeats(
  items: AsyncIterable<GradeItem>,
  summary: Summary,
  options: { latest: boolean; tape?: () => Tape },
): AsyncGenerator<GradeItem> {
  const tape = (options.tape ?? tapeInMemory)();
  try {
    const held = await holdEvents(items, tape, options.latest);
    const verdicts = judge(held, tape, options.latest);
    // The diagnostics read since the last event: an event's own come right before it.
    let pending: Diagnostic[] = [];
    let next = 0; // the number of the next held event
    for (const [at, text] of tape.replay()) {
      if (next < held.at.length && held.records.get(next) === at) continue; // a record alone, for judging
      const item = itemFrom(text);
      if (item.kind === "diagnostic") {
        pending.push(item.diagnostic);
        continue;
      }
      const n = next < held.at.length && held.at.get(next) === at ? next++ : -1;
      const reason = n >= 0 ? verdicts.get(n) : undefined;
      if (reason === undefined || (item.kind !== "record" && item.kind !== "reject")) {
        for (const diagnostic of pending) yield { kind: "diagnostic", diagnostic };
        pending = [];
        yield item;
        continue;
      }
      const found = reason === "conflict" ? [conflict(item, n, verdicts.conflicts.get(n)!)] : [];
      countDiagnostics(summary, found);
      // The verdict's diagnostic joins the event's own, in file order (README: one event's diagnostics are
      // listed by line then column), in the report and on the reject.
      const event = item.event!;
      let own = pending.length;
      while (own > 0 && isOf(pending[own - 1]!, event)) own--;
      const merged = inFileOrder(pending.slice(own), found);
      for (const diagnostic of pending.slice(0, own)) yield { kind: "diagnostic", diagnostic };
      for (const diagnostic of merged) yield { kind: "diagnostic", diagnostic };
      pending = [];
      if (item.kind === "reject") {
        // A statement no profile knows stays unrecognised: it was never to be converted.
        yield { ...item, diagnostics: merged };
        continue;
      }
      summary.dropped[reason]++;
      yield { kind: "reject", reason, event, file: event.at.file, line: event.at.line, diagnostics: merged };
    }
    for (const diagnostic of pending) yield { kind: "diagnostic", diagnostic };
  } finally {
    tape.close();
  }
}

/** Whether a diagnostic is one of the event's own (an envelope's or a describe's has no event index). */
function isOf(diagnostic: Diagnostic, event: SourcedEvent): boolean {
  return event.at.index >= 0 && diagnostic.file === event.at.file && diagnostic.index === event.at.index;
}

/** The event's findings and the verdict's, by line then column; a MORE_FINDINGS that sums up stays last. */
function inFileOrder(own: readonly Diagnostic[], found: readonly Diagnostic[]): Diagnostic[] {
  if (found.length === 0) return [...own];
  const more = own.filter((d) => d.code === "MORE_FINDINGS");
  const listed = own.filter((d) => d.code !== "MORE_FINDINGS").concat(found);
  const place = (d: Diagnostic) => [d.line, d.column ?? 0] as const;
  // Array.prototype.sort is stable: where two tie, the event's own come first.
  listed.sort((a, b) => place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1]);
  return listed.concat(more);
}

/**
 * The verdicts, by event number. Only events that share a fingerprint are read back from the tape,
 * one at a time, and sorted by their keys (SHA-256 digests: a group of any size costs 32 bytes per
 * event); then each group of events with the same key is judged, its events read again as needed.
 */
function judge(held: HeldEvents, tape: Tape, latest: boolean): Verdicts {
  const verdicts = new Verdicts(held.at.length);
  const read = (n: number): Judged => {
    const item = itemFrom(tape.get(held.at.get(n))) as Judged["item"];
    return { n, item, event: item.event!, standard: held.kinds.get(n) & XAPI ? "xapi" : "caliper" };
  };
  /** Events that share a fingerprint, by their key. */
  const byKey = (ns: readonly number[], key: (n: number) => string | null) => {
    const groups = new Map<string, number[]>();
    for (const n of ns) {
      const text = key(n);
      if (text === null) continue;
      const k = keyOf(text);
      const group = groups.get(k);
      if (group) group.push(n);
      else groups.set(k, [n]);
    }
    return [...groups.values()].filter((group) => group.length > 1);
  };
  /** The newest of some records, by ranking.ts's order: the first of equals, as the input had them. */
  const recordOf = (n: number) => JSON.parse(tape.get(held.records.get(n))) as GradeRecord;
  const newest = (ns: readonly number[]) => {
    // The two records being compared, at most: the newest so far and the next. Their events are read
    // only when the content must decide.
    const records = new Map<number, Ranked>();
    const ranked = (n: number): Ranked => {
      let event: SourcedEvent | undefined;
      return {
        record: recordOf(n),
        get event() {
          return (event ??= read(n).event);
        },
      };
    };
    const rank = ranking((n) => records.get(n) ?? records.set(n, ranked(n)).get(n)!);
    let kept = ns[0]!;
    for (const n of ns.slice(1)) {
      const newer = rank(n, kept) > 0;
      records.delete(newer ? kept : n);
      if (newer) kept = n;
    }
    return kept;
  };

  for (const shared of held.byId.shared())
    for (const ns of byKey(shared, (n) => {
      const e = read(n);
      return idKey(e.event, e.standard);
    })) {
      if (sameContent(ns, read)) {
        const records = ns.filter((n) => held.kinds.get(n) & RECORD);
        if (records.length === 0) continue;
        const kept = newest(records);
        for (const n of records) if (n !== kept) verdicts.set(n, "duplicate");
        continue;
      }
      const inPlace = ns.map((n) => ({ n, at: read(n).event.at })).sort((a, b) => byPlace(a, b));
      const group = { size: ns.length, first: inPlace.slice(0, 4) };
      for (const n of ns) verdicts.set(n, "conflict", group);
    }

  // Of statements in conflict, which one an LRS stored cannot be told: none of them voids.
  const voiders = new Map<number, number[]>();
  for (const [n, print] of held.voids) {
    if (verdicts.get(n) === "conflict") continue;
    const ns = voiders.get(print);
    if (ns) ns.push(n);
    else voiders.set(print, [n]);
  }
  for (const [print, ns] of voiders) {
    const targets = new Set(ns.map((n) => voidKey(voids(read(n).event.value)!)));
    for (const n of held.byId.withPrint(print))
      if (held.kinds.get(n) & VOIDABLE && !verdicts.has(n) && targets.has(idKey(read(n).event, "xapi")))
        verdicts.set(n, "voided");
  }

  if (latest)
    for (const shared of held.byGrade.shared()) {
      const open = shared.filter((n) => !verdicts.has(n));
      if (open.length < 2) continue;
      for (const ns of byKey(open, (n) => gradeKey(recordOf(n)))) {
        const kept = newest(ns);
        for (const n of ns) if (n !== kept) verdicts.set(n, "superseded");
      }
    }
  return verdicts;
}

/**
 * Whether events that share an id say the same thing, read one at a time. The same text needs no
 * more reading; else their comparison forms must agree, and so must the xAPI timestamps of those
 * that have one.
 */
function sameContent(ns: readonly number[], read: (n: number) => Judged): boolean {
  const first = read(ns[0]!).event.source.text;
  if (ns.every((n) => read(n).event.source.text === first)) return true;
  const digests = new Set<string>();
  const times = new Set<string>();
  for (const n of ns) {
    const e = read(n);
    const form = comparisonForm(e.event, e.standard);
    digests.add(form.digest);
    if (form.timestamp !== null) times.add(form.timestamp);
    if (digests.size > 1 || times.size > 1) return false;
  }
  return true;
}

/**
 * An LRS answers 409 Conflict to a statement whose id it holds with other content
 * (xAPI-Communication.md §2.1.1), keeping whichever came first; files read together have no
 * "first" to go by, so gradeev cannot tell which one is right, and converts none of them. On a
 * statement no profile knows (not converted anyway) it is a warning: it voids nothing. The others
 * are named in order of place (file, line), so that the message does not depend on input order.
 */
function conflict(
  item: Extract<GradeItem, { kind: "record" | "reject" }>,
  n: number,
  group: ConflictGroup,
): Diagnostic {
  const event = item.event!;
  const others = group.size - 1;
  const first = group.first.filter((o) => o.n !== n).slice(0, 3);
  const places = first.map((o) => `${o.at.file}:${o.at.line}`);
  const id = eventId(event.value)!;
  const pointer = prop(event.value, "id") !== undefined ? "/id" : "/@id";
  const { line, column } = positionInEvent(event, pointer);
  const record = item.kind === "record" ? item.record : undefined;
  const said =
    others === 1
      ? worded(record ? "ID_CONFLICT.converted" : "ID_CONFLICT.unknown", { id, place: places.join(", ") })
      : others > 3
        ? worded(record ? "ID_CONFLICT.convertedMore" : "ID_CONFLICT.unknownMore", {
            id,
            count: others,
            places,
            more: others - 3,
          })
        : worded(record ? "ID_CONFLICT.convertedMany" : "ID_CONFLICT.unknownMany", { id, count: others, places });
  return {
    code: "ID_CONFLICT",
    severity: record ? fixedSeverity("ID_CONFLICT", "invalid") : fixedSeverity("ID_CONFLICT", "quality"),
    ...said,
    file: event.at.file,
    line,
    column,
    ...(event.at.index >= 0 && { index: event.at.index }),
    eventId: id,
    pointer: event.at.pointer + pointer,
    ...(record && { profile: record.profile }),
  };
}
