/**
 * Exports overlap (nightly snapshots, retried deliveries) and LRSs void statements. This stage drops
 * repeated events, statements voided by a `voided` statement in the same input, and (with `latest`)
 * every record but the newest per (course, user, item). It must see the whole input before it can
 * say which record survives, so it holds records in memory: memory grows with the records, not the
 * input's bytes. Everything dropped goes on as a reject with its reason; the order stays the input's.
 * No verdict depends on the order of the inputs: where a record must be chosen, ranking.ts chooses.
 */
import { fixedSeverity, type Diagnostic } from "../diagnostics.js";
import type { GradeItem } from "../grade.js";
import { standards } from "../standards/index.js";
import type { GradeRecord, SourcedEvent } from "../types.js";
import { eventId } from "./check.js";
import { isObject, prop, text } from "./json.js";
import { skipValue } from "./json-scan.js";
import { positionInEvent } from "./locate.js";
import { byPlace, ranking } from "./ranking.js";
import { comparisonForm, type ComparisonForm } from "./same-event.js";
import { countDiagnostics, type Summary } from "./tally.js";

const VOIDED = "http://adlnet.gov/expapi/verbs/voided";

type Drop = "duplicate" | "conflict" | "voided" | "superseded";

/** Why a record is dropped, and for an id in conflict the finding that says so (on any event that shares the id). */
interface Verdict {
  reason: Drop;
  diagnostic?: Diagnostic;
}

/** An event an LRS would have stored, with its standard and, for a grade, its record. */
interface Accepted {
  index: number;
  event: SourcedEvent;
  standard: "xapi" | "caliper";
  record?: GradeRecord;
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
 * The event, when it is one an LRS would have stored: a record, or a statement no profile knows
 * that breaks no rule (--fail-on-unknown's UNRECOGNISED error says only that gradeev has no profile
 * for it). A statement is voided when the LRS "also contains a voiding Statement" (xAPI-Data.md
 * §2.3.2), and an LRS refuses an invalid one (400 Bad Request, xAPI-Communication.md §3.2).
 */
function accepted(item: GradeItem, index: number): Accepted | undefined {
  if (item.kind === "record") return { index, event: item.event, standard: item.record.source, record: item.record };
  if (item.kind !== "reject" || !item.event || !isObject(item.event.value)) return undefined;
  const refused = item.reason !== "unrecognised" && (item.reason !== "invalid" || item.diagnostics.some((d) => d.severity === "error" && d.code !== "UNRECOGNISED"));
  const value = item.event.value;
  const standard = refused ? undefined : standards.find((s) => s.detect(value))?.id;
  return standard === undefined ? undefined : { index, event: item.event, standard };
}

/**
 * Holds every item to the end, then decides in this order: events that share an id but not their
 * content are in conflict; of events with the same content, one record is kept and the rest are
 * duplicates; statements voided by a statement in the input are voided; of what is left, all but the
 * newest record per (course, user, item) are superseded (a record without one of the three is
 * compared with none, and kept). Voiding comes before choosing the newest,
 * so that a voided grade never hides the one before it.
 */
export async function* dropRepeats(items: AsyncIterable<GradeItem>, summary: Summary, options: { latest: boolean }): AsyncGenerator<GradeItem> {
  const held: GradeItem[] = [];
  for await (const item of items) held.push(item);
  const verdicts = judge(held, options.latest);
  // The diagnostics read since the last event: an event's own come right before it.
  let pending: Diagnostic[] = [];
  for (const [index, item] of held.entries()) {
    if (item.kind === "diagnostic") {
      pending.push(item.diagnostic);
      continue;
    }
    const verdict = verdicts.get(index);
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

function judge(held: readonly GradeItem[], latest: boolean): Map<number, Verdict> {
  const events = held.flatMap((item, index) => accepted(item, index) ?? []);
  const verdicts = new Map<number, Verdict>();
  const forms = new Map<number, ComparisonForm>();
  const formOf = (e: Accepted) => forms.get(e.index) ?? forms.set(e.index, comparisonForm(e.event, e.standard)).get(e.index)!;
  const rank = ranking(held);
  const newest = (group: readonly Accepted[]) => group.reduce((a, b) => (rank(b.index, a.index) > 0 ? b : a));

  // An id names one event; an event without one (Caliper 1.0) is known by its content.
  const byId = new Map<string, Accepted[]>();
  for (const e of events) {
    const id = eventId(e.event.value);
    const key = id !== null ? `${e.standard} id ${normalId(id)}` : `${e.standard} content ${formOf(e).digest} ${formOf(e).timestamp}`;
    const group = byId.get(key);
    if (group) group.push(e);
    else byId.set(key, [e]);
  }
  const conflicting = new Set<number>();
  for (const group of byId.values()) {
    if (group.length < 2) continue;
    if (sameContent(group, formOf)) {
      const records = group.filter((e) => e.record);
      if (records.length === 0) continue;
      const kept = newest(records);
      for (const e of records) if (e !== kept) verdicts.set(e.index, { reason: "duplicate" });
      continue;
    }
    const inPlace = [...group].sort((a, b) => byPlace(a.event, b.event));
    for (const e of group) {
      conflicting.add(e.index);
      verdicts.set(e.index, { reason: "conflict", diagnostic: conflict(e, inPlace) });
    }
  }

  // Of statements in conflict, which one an LRS stored cannot be told: none of them voids.
  const voided = new Set<string>();
  for (const e of events) {
    const target = e.standard === "xapi" && !conflicting.has(e.index) ? voids(e.event.value) : null;
    if (target !== null) voided.add(target);
  }
  for (const e of events) {
    const id = e.record && e.standard === "xapi" && !verdicts.has(e.index) ? text(prop(e.event.value, "id")) : null;
    if (id !== null && voided.has(normalId(id))) verdicts.set(e.index, { reason: "voided" });
  }

  if (latest) {
    const groups = new Map<string, Accepted[]>();
    for (const e of events) {
      if (!e.record || verdicts.has(e.index)) continue;
      // A record that lacks a course, a user or an item (every Brightspace record lacks its user)
      // names no grade to compare it with: "no user" is no one, not one user. It is kept as it is.
      const { course, user, item } = e.record;
      if (course === null || user === null || item === null) continue;
      const key = JSON.stringify([course, user, item]);
      const group = groups.get(key);
      if (group) group.push(e);
      else groups.set(key, [e]);
    }
    for (const group of groups.values()) {
      const kept = newest(group);
      for (const e of group) if (e !== kept) verdicts.set(e.index, { reason: "superseded" });
    }
  }
  return verdicts;
}

/**
 * Whether events that share an id say the same thing. The same text needs no more reading; else
 * their comparison forms must agree, and so must the xAPI timestamps of those that have one.
 */
function sameContent(group: readonly Accepted[], formOf: (e: Accepted) => ComparisonForm): boolean {
  const texts = new Set(group.map((e) => e.event.source.text.slice(e.event.anchor.offset, skipValue(e.event.source.text, e.event.anchor.offset))));
  if (texts.size === 1) return true;
  const digests = new Set(group.map((e) => formOf(e).digest));
  const times = new Set(group.flatMap((e) => formOf(e).timestamp ?? []));
  return digests.size === 1 && times.size <= 1;
}

/**
 * An LRS answers 409 Conflict to a statement whose id it holds with other content
 * (xAPI-Communication.md §2.1.1), keeping whichever came first; files read together have no
 * "first" to go by, so gradeev cannot tell which one is right, and converts none of them. On a
 * statement no profile knows (not converted anyway) it is a warning: it voids nothing. `inPlace`
 * is the group in order of place (file, line), so that the message does not depend on input order.
 */
function conflict(e: Accepted, inPlace: readonly Accepted[]): Diagnostic {
  // The first three others, without a pass over the group for each of its events: thousands may share one id.
  const others = inPlace.length - 1;
  const first = inPlace.slice(0, 4).filter((o) => o !== e).slice(0, 3).map((o) => `${o.event.at.file}:${o.event.at.line}`);
  const listed = `${first.join(", ")}${others > 3 ? ` and ${others - 3} more` : ""}`;
  const id = eventId(e.event.value)!;
  const pointer = prop(e.event.value, "id") !== undefined ? "/id" : "/@id";
  const { line, column } = positionInEvent(e.event, pointer);
  const outcome = e.record ? "so none of them is converted" : "so none of them voids a statement";
  return {
    code: "ID_CONFLICT",
    severity: e.record ? fixedSeverity("ID_CONFLICT", "invalid") : fixedSeverity("ID_CONFLICT", "quality"),
    message: `the id ${id} is also that of ${others === 1 ? "another event" : `${others} other events`} (${listed}), and not all of them say the same: an LRS refuses a statement whose id it holds with other content (409 Conflict), and which one is right cannot be told, ${outcome}`,
    file: e.event.at.file,
    line,
    column,
    ...(e.event.at.index >= 0 && { index: e.event.at.index }),
    eventId: id,
    pointer: e.event.at.pointer + pointer,
    ...(e.record && { profile: e.record.profile }),
  };
}
