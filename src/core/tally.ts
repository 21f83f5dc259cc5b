import type { Diagnostic } from "../diagnostics.js";
import { cutLongText } from "./long-text.js";

export { MAX_KIND_LENGTH } from "./long-text.js";

/** The run's counts. events = valid + invalid + unrecognised, always. */
export interface Summary {
  files: number;
  events: number;
  valid: number;
  invalid: number;
  /** Of the invalid: parts of the input that could not be parsed or read at all. */
  unparsable: number;
  unrecognised: number;
  /** Caliper entity describes (beside events in envelopes, or alone): not events, not counted in `events`. */
  describes: number;
  /** Of the describes: those that break Caliper's rules (exit code 1). */
  invalidDescribes: number;
  /** Caliper envelopes whose own properties break the rules under --strict (exit code 1). */
  invalidEnvelopes: number;
  /** Valid events dropped by --dedupe / --latest, by why: not written, not invalid (a conflict still fails the run). */
  dropped: { duplicate: number; conflict: number; voided: number; superseded: number };
  errors: number;
  warnings: number;
  /** Events gradeev itself failed on (a bug): counted invalid, and the run exits 3. */
  internalErrors: number;
  /** Files or parts of files a worker thread stopped on (out of memory, a crash): not read to their end, and the run exits 2. */
  failedTasks: number;
  /** Of those, the bytes not read (whose events are not counted anywhere above). */
  unreadBytes: number;
  /** How many unrecognised events of each kind. */
  unrecognisedKinds: Record<string, number>;
  /** Lines read (of the text, after any gunzip), and bytes read (as stored: a gzip file's compressed bytes). Parts of a file add up to the file's. */
  lines: number;
  bytes: number;
  /** Diagnostics by rule code, every one, also those a text report's --max-diagnostics or --quiet leaves out. */
  byCode: Record<string, number>;
}

export function emptySummary(): Summary {
  return {
    files: 0,
    events: 0,
    valid: 0,
    invalid: 0,
    unparsable: 0,
    unrecognised: 0,
    describes: 0,
    invalidDescribes: 0,
    invalidEnvelopes: 0,
    dropped: { duplicate: 0, conflict: 0, voided: 0, superseded: 0 },
    errors: 0,
    warnings: 0,
    internalErrors: 0,
    failedTasks: 0,
    unreadBytes: 0,
    unrecognisedKinds: counts(),
    lines: 0,
    bytes: 0,
    byCode: counts(),
  };
}

/**
 * A map of names to counts with no prototype: the names come from the data (kinds of events, and
 * a merged part's codes), so `constructor` or `__proto__` must be a name like any other.
 */
export function counts(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/**
 * Kinds of unrecognised event a summary names: past them, events are counted under OTHER_KINDS, so
 * that the tally stays small whatever the input (a verb new on every line). The first named are the
 * first met in input order, on any --jobs: a batch holds far fewer events than this, so only the
 * run's total ever reaches it.
 */
export const MAX_KINDS = 1000;
export const OTHER_KINDS = "(other kinds)";

/** Adds `events` of `kind` (its name cut by cutLongText) to `kinds`, under OTHER_KINDS once MAX_KINDS are named. */
export function countKind(kinds: Record<string, number>, kind: string, events: number): void {
  kind = cutLongText(kind);
  if (kind in kinds) kinds[kind]! += events;
  else if (!(OTHER_KINDS in kinds) && Object.keys(kinds).length < MAX_KINDS) kinds[kind] = events;
  else kinds[OTHER_KINDS] = (kinds[OTHER_KINDS] ?? 0) + events;
}

/** Kinds listed in a report's summary, most events first; a pathological input names a thousand. */
export const KINDS_LISTED = 50;

/**
 * What a summary lists of `kinds`: at most KINDS_LISTED, most events first (then by name); how many
 * named kinds are left out; and the events of the kinds past MAX_KINDS, never named.
 */
export function kindsToList(kinds: Record<string, number>): {
  listed: [kind: string, events: number][];
  unlisted: number;
  unnamedEvents: number;
} {
  const named = Object.entries(kinds)
    .filter(([kind]) => kind !== OTHER_KINDS)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
  return {
    listed: named.slice(0, KINDS_LISTED),
    unlisted: Math.max(0, named.length - KINDS_LISTED),
    unnamedEvents: kinds[OTHER_KINDS] ?? 0,
  };
}

export function countDiagnostics(summary: Summary, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.severity === "error") summary.errors++;
    else summary.warnings++;
    summary.byCode[d.code] = (summary.byCode[d.code] ?? 0) + 1;
  }
}

/** Records written: the valid events less those dropped as repeats. */
export function recordsWritten(summary: Summary): number {
  const { duplicate, conflict, voided, superseded } = summary.dropped;
  return summary.valid - duplicate - conflict - voided - superseded;
}

/** The counts that add up: every key of Summary but the nested ones, checked against Summary itself. */
const ADDED = {
  files: true,
  events: true,
  valid: true,
  invalid: true,
  unparsable: true,
  unrecognised: true,
  describes: true,
  invalidDescribes: true,
  invalidEnvelopes: true,
  errors: true,
  warnings: true,
  internalErrors: true,
  failedTasks: true,
  unreadBytes: true,
  lines: true,
  bytes: true,
} as const satisfies Record<Exclude<keyof Summary, "dropped" | "unrecognisedKinds" | "byCode">, true>;
const ADDED_KEYS = Object.keys(ADDED) as (keyof typeof ADDED)[];

/** Adds `part`'s counts to `total`'s: how a run's counts grow, batch by batch, on any thread. */
export function addSummary(total: Summary, part: Summary): void {
  for (const key of ADDED_KEYS) total[key] += part[key];
  for (const key of Object.keys(total.dropped) as (keyof Summary["dropped"])[]) total.dropped[key] += part.dropped[key];
  for (const kind of Object.keys(part.unrecognisedKinds))
    countKind(total.unrecognisedKinds, kind, part.unrecognisedKinds[kind]!);
  for (const code of Object.keys(part.byCode)) total.byCode[code] = (total.byCode[code] ?? 0) + part.byCode[code]!;
}

/** The summary as reports write it: byCode in code order, whichever order the codes came in (threads, parts). */
export function reportSummary(summary: Summary): Summary {
  const byCode = counts();
  for (const code of Object.keys(summary.byCode).sort()) byCode[code] = summary.byCode[code]!;
  return { ...summary, byCode };
}
