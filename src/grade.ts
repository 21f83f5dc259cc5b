import { createChecker, type Checker, type CheckOptions } from "./core/check.js";
import type { Tape } from "./repeats/tape.js";
import { standards } from "./standards/index.js";
import { countDiagnostics, countKind, emptySummary, type Summary } from "./core/tally.js";
import type { Diagnostic } from "./diagnostics.js";
import { profiles as allProfiles } from "./profiles/index.js";
import type { AnyProfile } from "./profiles/profile.js";
import type { ReadItem } from "./standards/events.js";
import type { GradeRecord, SourcedEvent } from "./types.js";

/** Why an event read did not become a record. */
export type RejectReason =
  "invalid" | "unparsable" | "unrecognised" | "duplicate" | "conflict" | "voided" | "superseded";

export type GradeItem =
  /** A file (or standard input) begins: reports list every file read, clean or not. */
  | { kind: "file"; file: string }
  | { kind: "record"; record: GradeRecord; event: SourcedEvent }
  | { kind: "diagnostic"; diagnostic: Diagnostic }
  /** An event (or unparsable text) that did not become a record, with why: for the rejects file. */
  | {
      kind: "reject";
      reason: RejectReason;
      event?: SourcedEvent;
      text?: string;
      bytesBase64?: string;
      file: string;
      line: number;
      diagnostics: Diagnostic[];
    };

export interface GradeOptions extends CheckOptions {
  /** The profiles to recognise events with; all of gradeev's by default. */
  profiles?: readonly AnyProfile[];
  /**
   * Drop repeated events (same id and same content, or no id and the same content) and xAPI statements
   * voided in the same input; events that share an id but not their content are all rejected (ID_CONFLICT).
   */
  dedupe?: boolean;
  /** Keep only the newest record per (course, user, item); implies dedupe. */
  latest?: boolean;
  /**
   * Where dedupe and latest write down the items read until every verdict is known (repeats/tape.ts):
   * in memory unless given. The command line gives a temporary file.
   */
  tape?: () => Tape;
}

export interface GradeRun {
  /** Records and diagnostics in input order. */
  items: AsyncIterable<GradeItem>;
  /** Updated as `items` is consumed; complete once it is exhausted. */
  summary: Summary;
}

/**
 * Checks the items read and flattens the valid ones, in order, counting into `summary`: the one
 * per-event loop every run goes through, on any thread. Synchronous: items come an array at a time.
 */
export function gradeItems(items: readonly ReadItem[], checker: Checker, summary: Summary): GradeItem[] {
  const out: GradeItem[] = [];
  const emit = (graded: GradeItem) => void out.push(graded);
  for (const item of items) gradeItem(item, checker, summary, emit);
  return out;
}

/**
 * One item read, checked, counted into `summary`; what becomes of it handed to `emit`, in order.
 * Without `records`, valid events are counted, not flattened.
 */
export function gradeItem(
  item: ReadItem,
  checker: Checker,
  summary: Summary,
  emit: (graded: GradeItem) => void,
  records = true,
): void {
  switch (item.kind) {
    case "file":
      summary.files++;
      emit(item);
      break;
    case "envelope": {
      const diagnostics = checker.checkEnvelope(item.envelope);
      countDiagnostics(summary, diagnostics);
      if (diagnostics.some((d) => d.severity === "error")) summary.invalidEnvelopes++;
      for (const diagnostic of diagnostics) emit({ kind: "diagnostic", diagnostic });
      break;
    }
    case "describe": {
      summary.describes++;
      const diagnostics = checker.checkDescribe(item.describe);
      countDiagnostics(summary, diagnostics);
      summary.internalErrors += diagnostics.filter((d) => d.code === "INTERNAL_ERROR").length;
      if (diagnostics.some((d) => d.severity === "error")) summary.invalidDescribes++;
      for (const diagnostic of diagnostics) emit({ kind: "diagnostic", diagnostic });
      break;
    }
    case "unreadable":
      countDiagnostics(summary, [item.diagnostic]);
      if (item.diagnostic.code === "INTERNAL_ERROR") summary.internalErrors++; // the reader's own bug
      emit({ kind: "diagnostic", diagnostic: item.diagnostic });
      if (item.diagnostic.severity === "error") {
        // An unparsable line or document stands for an event that was not read: rejected.
        summary.events++;
        summary.invalid++;
        summary.unparsable++;
        emit({
          kind: "reject",
          reason: "unparsable",
          file: item.diagnostic.file,
          line: item.diagnostic.line,
          diagnostics: [item.diagnostic],
          ...(item.text !== undefined && { text: item.text }),
          ...(item.bytesBase64 !== undefined && { bytesBase64: item.bytesBase64 }),
        });
      }
      break;
    case "event": {
      summary.events++;
      // A run that keeps no record has the valid judged only: no record item is emitted.
      const outcome = records ? checker.check(item.event) : checker.judge(item.event);
      const diagnostics = outcome.diagnostics;
      if (diagnostics.length > 0) {
        countDiagnostics(summary, diagnostics);
        for (const diagnostic of diagnostics) {
          if (diagnostic.code === "INTERNAL_ERROR") summary.internalErrors++;
          emit({ kind: "diagnostic", diagnostic });
        }
      }
      if (outcome.kind === "valid") {
        summary.valid++;
        if (outcome.record !== undefined) emit({ kind: "record", record: outcome.record, event: item.event });
        break;
      }
      const at = { event: item.event, file: item.event.at.file, line: item.event.at.line, diagnostics };
      if (outcome.kind === "unrecognised") {
        summary.unrecognised++;
        countKind(summary.unrecognisedKinds, outcome.label, 1);
        emit({ kind: "reject", reason: "unrecognised", ...at });
      } else {
        summary.invalid++;
        emit({ kind: "reject", reason: "invalid", ...at });
      }
      break;
    }
  }
}

/** The checker every run builds once: gradeev's standards, the profiles given (all by default), the options. */
export function checkerFor(options: GradeOptions): Checker {
  return createChecker(standards, options.profiles ?? allProfiles, options);
}

/** Checks every event read and flattens the valid ones, an item at a time: the library's view of gradeItems. */
export function grade(input: AsyncIterable<ReadItem>, options: GradeOptions = {}): GradeRun {
  const summary = emptySummary();
  const checker = checkerFor(options);
  async function* items(): AsyncGenerator<GradeItem> {
    for await (const item of input) yield* gradeItems([item], checker, summary);
  }
  const repeats = { latest: options.latest === true, ...(options.tape && { tape: options.tape }) };
  // Loaded by the runs that drop repeats only.
  async function* withoutRepeats(): AsyncGenerator<GradeItem> {
    const { dropRepeats } = await import("./repeats/repeats.js");
    yield* dropRepeats(items(), summary, repeats);
  }
  const filtered = options.dedupe || options.latest ? withoutRepeats() : items();
  return { items: filtered, summary };
}

/**
 * 0 when no event (or entity describe) was invalid or unreadable and no grade's id was in conflict,
 * 1 otherwise. Dropped repeats and unrecognised events do not count against a run. 2 when a worker
 * thread stopped part-way through a file (input left unread), 3 for a bug met on an event.
 */
export function exitCodeOf(summary: Summary): 0 | 1 | 2 | 3 {
  if (summary.internalErrors > 0) return 3;
  if (summary.failedTasks > 0) return 2; // input left unread, as for a file that cannot be read
  return summary.invalid > 0 ||
    summary.invalidDescribes > 0 ||
    summary.invalidEnvelopes > 0 ||
    summary.dropped.conflict > 0
    ? 1
    : 0;
}
