/**
 * Checking held in memory, synchronously: one value (an event, an envelope, an array of events) or
 * one text (JSON or NDJSON) with the name its diagnostics give as the file. A text goes through the
 * reader and the checks every run goes through (read-held.ts, EventFinder, gradeItem), so it is
 * judged as a file of that text is; a value is judged as the one line JSON.stringify writes of it.
 */
import type { Checker, Outcome } from "./core/check.js";
import { emptySummary } from "./core/tally.js";
import { fixedSeverity, worded, type Diagnostic } from "./diagnostics.js";
import { checkerFor, exitCodeOf, gradeItem, type GradeItem, type GradeOptions } from "./grade.js";
import type { ParsedUnit } from "./read/documents.js";
import { DEFAULT_MAX_LINE_BYTES } from "./read/lines.js";
import { readHeld } from "./read/read-held.js";
import { endOfFile } from "./run/read-items.js";
import { EventFinder, type ReadItem } from "./standards/events.js";
import { recordColumns, type GradeRecord, type RecordColumn } from "./types.js";

export interface CheckValueOptions extends Pick<
  GradeOptions,
  "strict" | "failOnUnknown" | "xapiVersion" | "profile" | "profiles"
> {
  /** What diagnostics call the file: "<value>" for checkEvent, "<text>" for checkText by default. */
  name?: string;
  /**
   * The record's numeric columns (scores, grade_version): exact decimal strings as written ("string",
   * the default), or JavaScript numbers ("number": a number of 17 or more significant digits may come
   * out inexact, as JSON.parse would give it).
   */
  numbers?: "string" | "number";
}

/** A record whose numeric columns are JavaScript numbers (numbers: "number"). */
export type NumericRecord = {
  [K in RecordColumn]: (typeof recordColumns)[K] extends "number" ? number | null : GradeRecord[K];
};

/** "unrecognised": no profile knows the event (not an error unless failOnUnknown). */
export type CheckVerdict = "valid" | "invalid" | "unrecognised";

/** What became of one event (or one part of a text that could not be parsed: invalid, with its JSON_SYNTAX). */
export interface EventCheck<R = GradeRecord> {
  verdict: CheckVerdict;
  /** The profile that judged it (valid, or invalid once recognised). */
  profile?: string;
  /** Its grade record, when valid. */
  record?: R;
  /** Its own diagnostics, in file order. */
  diagnostics: Diagnostic[];
}

export interface Checked<R = GradeRecord> extends EventCheck<R> {
  /**
   * "invalid" when anything is (an event, an envelope's own properties, an unparsable part: what
   * makes the command line exit 1); else "unrecognised" when an event is, or there is none; else
   * "valid". `profile` and `record` are the only event's, when there is exactly one.
   */
  verdict: CheckVerdict;
  /** Every diagnostic, in the order the command line reports them (the envelope's and the file's included). */
  diagnostics: Diagnostic[];
  /** Each event's outcome, in order. */
  events: EventCheck<R>[];
}

type Options<N> = CheckValueOptions & { numbers?: N };

/** Checks one value held in memory: an event, a Caliper envelope or an array of events. Never throws on the value. */
export function checkEvent(value: unknown, options?: Options<"string">): Checked;
export function checkEvent(value: unknown, options: Options<"number">): Checked<NumericRecord>;
export function checkEvent(value: unknown, options?: CheckValueOptions): Checked | Checked<NumericRecord>;
export function checkEvent(value: unknown, options: CheckValueOptions = {}): Checked | Checked<NumericRecord> {
  const name = options.name ?? "<value>";
  const text = jsonOf(value);
  if (typeof text !== "string")
    return checked(itemsOf([{ kind: "unreadable", diagnostic: notJson(name, text.reason) }], name), options);
  // Perhaps longer than a line may be: read as a file of it is (EVENT_TOO_LARGE past the limit).
  if (text.length * 3 > DEFAULT_MAX_LINE_BYTES) return checkText(text, { ...options, name });
  // The line JSON.stringify writes, as the reader takes such a line (read/documents.ts): its value is the text's.
  return checked(
    itemsOf([{ kind: "value", value: JSON.parse(text) as unknown, source: { text, firstLine: 1 } }], name),
    options,
  );
}

/** Checks a JSON or NDJSON text (or its bytes, perhaps gzipped) held in memory, as a file named `name` holding it is checked. */
export function checkText(text: string | Uint8Array, options?: Options<"string">): Checked;
export function checkText(text: string | Uint8Array, options: Options<"number">): Checked<NumericRecord>;
export function checkText(text: string | Uint8Array, options?: CheckValueOptions): Checked | Checked<NumericRecord>;
export function checkText(
  text: string | Uint8Array,
  options: CheckValueOptions = {},
): Checked | Checked<NumericRecord> {
  // From JavaScript anything may come: a wrong argument is the caller's error, said as such.
  if (typeof text !== "string" && !(text instanceof Uint8Array))
    throw new TypeError(`checkText takes a string or bytes (a Uint8Array), not ${kindOf(text)}`);
  const name = options.name ?? "<text>";
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  return checked(itemsOf(readHeld(bytes, name), name), options);
}

/** The items a run reads from one file of these units (run/read-items.ts's readInputs, for one input). */
function itemsOf(units: readonly ParsedUnit[], name: string): ReadItem[] {
  const tally = { indexes: 0, describes: false };
  const finder = new EventFinder(name, tally);
  const items: ReadItem[] = [{ kind: "file", file: name }];
  for (const unit of units) finder.add(unit, items);
  const end = endOfFile(name, tally);
  if (end) items.push({ kind: "unreadable", diagnostic: end });
  return items;
}

/** The items checked as a run checks them (gradeItem), each event's outcome kept. */
function checked(items: readonly ReadItem[], options: CheckValueOptions): Checked | Checked<NumericRecord> {
  const outcomes: Outcome[] = [];
  const checker = watched(checkerOf(options), outcomes);
  const summary = emptySummary();
  const diagnostics: Diagnostic[] = [];
  const events: EventCheck<GradeRecord | NumericRecord>[] = [];
  const numbers = options.numbers === "number" ? numericRecord : (record: GradeRecord) => record;
  for (const item of items) {
    const graded: GradeItem[] = [];
    gradeItem(item, checker, summary, (g) => void graded.push(g));
    for (const g of graded) if (g.kind === "diagnostic") diagnostics.push(g.diagnostic);
    if (item.kind === "event") {
      const outcome = outcomes.pop()!;
      events.push({
        verdict: outcome.kind,
        ...(outcome.kind !== "unrecognised" && outcome.profile !== undefined && { profile: outcome.profile }),
        ...(outcome.kind === "valid" && { record: numbers(outcome.record) }),
        diagnostics: outcome.diagnostics,
      });
    } else if (graded.some((g) => g.kind === "reject"))
      events.push({ verdict: "invalid", diagnostics: item.kind === "unreadable" ? [item.diagnostic] : [] });
  }
  const verdict =
    exitCodeOf(summary) !== 0 ? "invalid" : summary.unrecognised > 0 || summary.valid === 0 ? "unrecognised" : "valid";
  const only = events.length === 1 ? events[0]! : undefined;
  return {
    verdict,
    ...(only?.profile !== undefined && { profile: only.profile }),
    ...(only?.record !== undefined && { record: only.record }),
    diagnostics,
    events,
  } as Checked | Checked<NumericRecord>;
}

/** Checkers by their options (and profiles): one costs far more to build (its schemas compiled) than a check. */
const defaultCheckers = new Map<string, Checker>();
const givenCheckers = new WeakMap<object, Map<string, Checker>>();

function checkerOf(options: CheckValueOptions): Checker {
  const key = JSON.stringify([
    options.strict === true,
    options.failOnUnknown === true,
    options.xapiVersion ?? null,
    options.profile ?? null,
  ]);
  let checkers = defaultCheckers;
  if (options.profiles) {
    checkers = givenCheckers.get(options.profiles) ?? new Map();
    givenCheckers.set(options.profiles, checkers);
  }
  let checker = checkers.get(key);
  if (!checker) checkers.set(key, (checker = checkerFor(options)));
  return checker;
}

/** The checker, each event's outcome kept in `outcomes` as it is checked. */
function watched(checker: Checker, outcomes: Outcome[]): Checker {
  return {
    check: (event) => {
      const outcome = checker.check(event);
      outcomes.push(outcome);
      return outcome;
    },
    judge: (event) => checker.judge(event),
    checkDescribe: (describe) => checker.checkDescribe(describe),
    checkEnvelope: (envelope) => checker.checkEnvelope(envelope),
  };
}

function numericRecord(record: GradeRecord): NumericRecord {
  const out: Record<string, unknown> = { ...record };
  for (const [column, type] of Object.entries(recordColumns)) {
    const value = record[column as RecordColumn];
    if (type === "number" && typeof value === "string") out[column] = Number(value);
  }
  return out as NumericRecord;
}

/** The value as JSON text, or why it has none (a cycle, a BigInt, nesting deeper than the stack, undefined). */
function jsonOf(value: unknown): string | { reason: string } {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text ?? { reason: `${typeof value} has no JSON form` };
  } catch (error) {
    return { reason: shownError(error) };
  }
}

/** What was thrown, in words; a thrown value that cannot be shown (its toString throws) is said to be one. */
function shownError(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "a thrown value that cannot be shown";
  }
}

function notJson(file: string, reason: string): Diagnostic {
  return {
    code: "JSON_SYNTAX",
    severity: fixedSeverity("JSON_SYNTAX", "invalid"),
    file,
    line: 1,
    ...worded("JSON_SYNTAX.notWritable", { reason }),
  };
}

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
