/**
 * Exports overlap (nightly snapshots, retried deliveries) and LRSs void statements. This stage drops
 * repeated events, statements voided by a `voided` statement in the same input, and (with `latest`)
 * every record but the newest per (course, user, item). It must see the whole input before it can
 * say which record survives, so it writes every item down on a tape (tape.ts; a temporary file on the
 * command line) and holds in memory only what a verdict needs: per event that may be judged, its
 * place on the tape, its kind and fixed-size keys (HeldEvents). The few events a verdict compares
 * (those that share an id or a grade) are read back from the tape. Invalid events, and events that
 * are neither xAPI nor Caliper, are held nowhere but on the tape. Everything dropped goes on as a
 * reject with its reason; the order stays the input's. No verdict depends on the order of the
 * inputs: where a record must be chosen, ranking.ts chooses.
 */
import { createHash } from "node:crypto";
import { fixedSeverity, type Diagnostic } from "../diagnostics.js";
import type { GradeItem } from "../grade.js";
import { standards } from "../standards/index.js";
import type { SourcedEvent } from "../types.js";
import { eventId } from "./check.js";
import { itemFrom, itemText } from "./held-items.js";
import { isObject, prop, text } from "./json.js";
import { positionInEvent } from "./locate.js";
import { byPlace, ranking } from "./ranking.js";
import { comparisonForm } from "./same-event.js";
import { countDiagnostics, type Summary } from "./tally.js";
import { tapeInMemory, type Tape } from "./tape.js";

const VOIDED = "http://adlnet.gov/expapi/verbs/voided";

type Drop = "duplicate" | "conflict" | "voided" | "superseded";

/** Why a record is dropped, and for an id in conflict the finding that says so (on any event that shares the id). */
interface Verdict {
  reason: Drop;
  diagnostic?: Diagnostic;
}

/** Bits of a held event's kind. VOIDABLE: an xAPI record whose `id` is its id, so that a voiding statement can name it. */
const XAPI = 1;
const RECORD = 2;
const VOIDABLE = 4;

/**
 * What is held per event a verdict may concern, by its number (its order among them): numbers and
 * SHA-256 digests (32 characters), never the event, its text, its record or its findings, so that
 * an event costs the same however large it is. A group of one is held as its number, not a list.
 */
export interface HeldEvents {
  /** Where the event is on the tape. */
  at: number[];
  /** Its kind, as XAPI, RECORD and VOIDABLE bits. */
  kinds: number[];
  /** The events by id (an event without one, by its content). */
  byId: Map<string, number | number[]>;
  /** With `latest`, the records by (course, user, item), when they name all three. */
  byGrade: Map<string, number | number[]>;
  /** The statements that void one, with the id key of the statement they void. */
  voids: Map<number, string>;
}

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
  const refused = item.reason !== "unrecognised" && (item.reason !== "invalid" || item.diagnostics.some((d) => d.severity === "error" && d.code !== "UNRECOGNISED"));
  const value = item.event.value;
  return refused ? undefined : standards.find((s) => s.detect(value))?.id;
}

function addTo(groups: Map<string, number | number[]>, key: string, n: number): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, n);
  else if (typeof group === "number") groups.set(key, [group, n]);
  else group.push(n);
}

/** Writes every item on the tape, and holds what the verdicts need of the events they may concern. */
export async function holdEvents(items: AsyncIterable<GradeItem>, tape: Tape, latest: boolean): Promise<HeldEvents> {
  const held: HeldEvents = { at: [], kinds: [], byId: new Map(), byGrade: new Map(), voids: new Map() };
  for await (const item of items) {
    const at = tape.put(itemText(item));
    const standard = accepted(item);
    if (standard === undefined || (item.kind !== "record" && item.kind !== "reject") || !item.event) continue;
    const n = held.at.push(at) - 1;
    const value = item.event.value;
    const record = item.kind === "record" ? item.record : undefined;
    const ownId = text(prop(value, "id"));
    held.kinds.push((standard === "xapi" ? XAPI : 0) | (record ? RECORD : 0) | (record && standard === "xapi" && ownId !== null ? VOIDABLE : 0));
    // An id names one event; an event without one (Caliper 1.0) is known by its content.
    const id = eventId(value);
    const form = id === null ? comparisonForm(item.event, standard) : undefined;
    addTo(held.byId, keyOf(id !== null ? `${standard} id ${normalId(id)}` : `${standard} content ${form!.digest} ${form!.timestamp}`), n);
    const target = standard === "xapi" ? voids(value) : null;
    if (target !== null) held.voids.set(n, keyOf(`xapi id ${target}`));
    // A record that lacks a course, a user or an item (every Brightspace record lacks its user)
    // names no grade to compare it with: "no user" is no one, not one user. It is kept as it is.
    if (latest && record && record.course !== null && record.user !== null && record.item !== null)
      addTo(held.byGrade, keyOf(JSON.stringify([record.course, record.user, record.item])), n);
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
      const item = itemFrom(text);
      if (item.kind === "diagnostic") {
        pending.push(item.diagnostic);
        continue;
      }
      const verdict = held.at[next] === at ? verdicts.get(next++) : undefined;
      if (verdict === undefined || (item.kind !== "record" && item.kind !== "reject")) {
        for (const diagnostic of pending) yield { kind: "diagnostic", diagnostic };
        pending = [];
        yield item;
        continue;
      }
      const found = verdict.diagnostic ? [verdict.diagnostic] : [];
      countDiagnostics(summary, found);
      // The verdict's finding joins the event's own, in file order (README: one event's findings are
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
      summary.dropped[verdict.reason]++;
      yield { kind: "reject", reason: verdict.reason, event, file: event.at.file, line: event.at.line, diagnostics: merged };
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

/** The verdicts, by event number; the events they compare are read back from the tape, a group at a time. */
function judge(held: HeldEvents, tape: Tape, latest: boolean): Map<number, Verdict> {
  const verdicts = new Map<number, Verdict>();
  const read = (n: number): Judged => {
    const item = itemFrom(tape.get(held.at[n]!)) as Judged["item"];
    return { n, item, event: item.event!, standard: held.kinds[n]! & XAPI ? "xapi" : "caliper" };
  };
  /** The newest of some records, by ranking.ts's order: the first of equals, as the input had them. */
  const newest = (group: readonly Judged[]) => {
    const records = new Map(group.map((e) => [e.n, e.item as Extract<GradeItem, { kind: "record" }>]));
    const rank = ranking((n) => records.get(n)!);
    return group.reduce((a, b) => (rank(b.n, a.n) > 0 ? b : a));
  };

  for (const ns of held.byId.values()) {
    if (typeof ns === "number") continue;
    const group = ns.map(read);
    if (sameContent(group)) {
      const records = group.filter((e) => e.item.kind === "record");
      if (records.length === 0) continue;
      const kept = newest(records);
      for (const e of records) if (e !== kept) verdicts.set(e.n, { reason: "duplicate" });
      continue;
    }
    const inPlace = [...group].sort((a, b) => byPlace(a.event, b.event));
    for (const e of group) verdicts.set(e.n, { reason: "conflict", diagnostic: conflict(e, inPlace) });
  }

  // Of statements in conflict, which one an LRS stored cannot be told: none of them voids.
  const voided = new Set<string>();
  for (const [n, target] of held.voids) if (verdicts.get(n)?.reason !== "conflict") voided.add(target);
  if (voided.size > 0)
    for (const [key, ns] of held.byId)
      if (voided.has(key)) for (const n of typeof ns === "number" ? [ns] : ns) if (held.kinds[n]! & VOIDABLE && !verdicts.has(n)) verdicts.set(n, { reason: "voided" });

  if (latest)
    for (const ns of held.byGrade.values()) {
      const open = typeof ns === "number" ? [] : ns.filter((n) => !verdicts.has(n));
      if (open.length < 2) continue;
      const group = open.map(read);
      const kept = newest(group);
      for (const e of group) if (e !== kept) verdicts.set(e.n, { reason: "superseded" });
    }
  return verdicts;
}

/**
 * Whether events that share an id say the same thing. The same text needs no more reading; else
 * their comparison forms must agree, and so must the xAPI timestamps of those that have one.
 */
function sameContent(group: readonly Judged[]): boolean {
  const texts = new Set(group.map((e) => e.event.source.text));
  if (texts.size === 1) return true;
  const forms = group.map((e) => comparisonForm(e.event, e.standard));
  const digests = new Set(forms.map((form) => form.digest));
  const times = new Set(forms.flatMap((form) => form.timestamp ?? []));
  return digests.size === 1 && times.size <= 1;
}

/**
 * An LRS answers 409 Conflict to a statement whose id it holds with other content
 * (xAPI-Communication.md §2.1.1), keeping whichever came first; files read together have no
 * "first" to go by, so gradeev cannot tell which one is right, and converts none of them. On a
 * statement no profile knows (not converted anyway) it is a warning: it voids nothing. `inPlace`
 * is the group in order of place (file, line), so that the message does not depend on input order.
 */
function conflict(e: Judged, inPlace: readonly Judged[]): Diagnostic {
  // The first three others, without a pass over the group for each of its events: thousands may share one id.
  const others = inPlace.length - 1;
  const first = inPlace.slice(0, 4).filter((o) => o !== e).slice(0, 3).map((o) => `${o.event.at.file}:${o.event.at.line}`);
  const listed = `${first.join(", ")}${others > 3 ? ` and ${others - 3} more` : ""}`;
  const id = eventId(e.event.value)!;
  const pointer = prop(e.event.value, "id") !== undefined ? "/id" : "/@id";
  const { line, column } = positionInEvent(e.event, pointer);
  const record = e.item.kind === "record" ? e.item.record : undefined;
  const outcome = record ? "so none of them is converted" : "so none of them voids a statement";
  return {
    code: "ID_CONFLICT",
    severity: record ? fixedSeverity("ID_CONFLICT", "invalid") : fixedSeverity("ID_CONFLICT", "quality"),
    message: `the id ${id} is also that of ${others === 1 ? "another event" : `${others} other events`} (${listed}), and not all of them say the same: an LRS refuses a statement whose id it holds with other content (409 Conflict), and which one is right cannot be told, ${outcome}`,
    file: e.event.at.file,
    line,
    column,
    ...(e.event.at.index >= 0 && { index: e.event.at.index }),
    eventId: id,
    pointer: e.event.at.pointer + pointer,
    ...(record && { profile: record.profile }),
  };
}
