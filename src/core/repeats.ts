/**
 * Exports overlap (nightly snapshots, retried deliveries) and LRSs void statements. This stage drops
 * repeated events, statements voided by a `voided` statement in the same input, and (with `latest`)
 * every record but the newest per (course, user, item). It must see the whole input before it can
 * say which record survives, so it holds records in memory: memory grows with the records, not the
 * input's bytes. Everything dropped goes on as a reject with its reason; the order stays the input's.
 */
import type { GradeItem, RejectReason } from "../grade.js";
import type { GradeRecord, SourcedEvent } from "../types.js";
import { digestOf, parseTree } from "./canonical.js";
import { isObject, prop, text } from "./json.js";
import type { Summary } from "./tally.js";

const VOIDED = "http://adlnet.gov/expapi/verbs/voided";

/** Ids compare as written, except UUIDs, which RFC 4122 makes case-insensitive. */
function normalId(id: string): string {
  return /^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/i.test(id) ? id.toLowerCase() : id;
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
function accepted(item: GradeItem): SourcedEvent | undefined {
  if (item.kind === "record") return item.event;
  if (item.kind !== "reject" || !item.event) return undefined;
  if (item.reason === "unrecognised") return item.event;
  const refused = item.reason !== "invalid" || item.diagnostics.some((d) => d.severity === "error" && d.code !== "UNRECOGNISED");
  return refused ? undefined : item.event;
}

/**
 * An event's identity: its id, else a digest of its content (Caliper 1.0 events have no id), read
 * from its text without recursion: JSON.stringify of the value ran out of stack 5 000 levels down.
 */
function identity(event: SourcedEvent): string {
  const id = text(prop(event.value, "id")) ?? text(prop(event.value, "@id"));
  return id !== null ? `id:${normalId(id)}` : `content:${digestOf(parseTree(event.source.text, event.anchor.offset))}`;
}

/** Newer first: by event time, then by the LMS's version counter (compared as integers when it is one). */
function isNewer(a: GradeRecord, b: GradeRecord): boolean {
  const ta = Date.parse(a.event_time ?? "");
  const tb = Date.parse(b.event_time ?? "");
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta > tb;
  const va = a.grade_version;
  const vb = b.grade_version;
  if (va !== null && vb !== null && /^-?\d+$/.test(va) && /^-?\d+$/.test(vb)) return BigInt(va) > BigInt(vb);
  return false; // a tie keeps the earlier record
}

/**
 * Holds every item to the end, then decides in this order: repeats of an event already seen are
 * duplicates; statements voided anywhere in the input are voided; of what is left, all but the
 * newest record per (course, user, item) are superseded. Voiding comes before choosing the newest,
 * so that a voided grade never hides the one before it.
 */
export async function* dropRepeats(items: AsyncIterable<GradeItem>, summary: Summary, options: { latest: boolean }): AsyncGenerator<GradeItem> {
  const held: GradeItem[] = [];
  const seen = new Set<string>();
  const voided = new Set<string>();
  const drop = new Map<number, RejectReason>();
  for await (const item of items) {
    const index = held.push(item) - 1;
    const event = accepted(item);
    if (event && isObject(event.value)) {
      const target = voids(event.value);
      if (target !== null) voided.add(target);
    }
    if (item.kind !== "record") continue;
    const key = identity(item.event);
    if (seen.has(key)) drop.set(index, "duplicate");
    else seen.add(key);
  }
  for (const [index, item] of held.entries()) {
    if (item.kind !== "record" || drop.has(index)) continue;
    const id = text(prop(item.event.value, "id"));
    if (id !== null && voided.has(normalId(id))) drop.set(index, "voided");
  }
  if (options.latest) {
    const newest = new Map<string, number>(); // (course, user, item) → index of the newest record so far
    for (const [index, item] of held.entries()) {
      if (item.kind !== "record" || drop.has(index)) continue;
      const group = JSON.stringify([item.record.course, item.record.user, item.record.item]);
      const previous = newest.get(group);
      const previousItem = previous === undefined ? undefined : held[previous];
      if (previousItem?.kind !== "record") newest.set(group, index);
      else if (isNewer(item.record, previousItem.record)) {
        drop.set(previous!, "superseded");
        newest.set(group, index);
      } else drop.set(index, "superseded");
    }
  }
  for (const [index, item] of held.entries()) {
    const reason = drop.get(index);
    if (item.kind !== "record" || reason === undefined) {
      yield item;
      continue;
    }
    summary.dropped[reason as "duplicate" | "voided" | "superseded"]++;
    yield { kind: "reject", reason, event: item.event, file: item.event.at.file, line: item.event.at.line, diagnostics: [] };
  }
}
