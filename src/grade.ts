import { createChecker, type CheckOptions } from "./core/check.js";
import { standards } from "./standards/index.js";
import { countDiagnostics, emptySummary, type Summary } from "./core/tally.js";
import type { Diagnostic } from "./diagnostics.js";
import { profiles as allProfiles } from "./profiles/index.js";
import type { AnyProfile } from "./profiles/profile.js";
import type { ReadItem } from "./read/read-inputs.js";
import type { GradeRecord } from "./types.js";

export type GradeItem = { kind: "record"; record: GradeRecord } | { kind: "diagnostic"; diagnostic: Diagnostic };

export interface GradeOptions extends CheckOptions {
  /** The profiles to recognise events with; all of gradeev's by default. */
  profiles?: readonly AnyProfile[];
}

export interface GradeRun {
  /** Records and diagnostics in input order. */
  items: AsyncIterable<GradeItem>;
  /** Updated as `items` is consumed; complete once it is exhausted. */
  summary: Summary;
}

/** Checks every event read and flattens the valid ones; the loop every command runs. */
export function grade(input: AsyncIterable<ReadItem>, options: GradeOptions = {}): GradeRun {
  const summary = emptySummary();
  const checker = createChecker(standards, options.profiles ?? allProfiles, options);
  async function* items(): AsyncGenerator<GradeItem> {
    for await (const item of input) {
      switch (item.kind) {
        case "file":
          summary.files++;
          break;
        case "describe": {
          summary.describes++;
          const diagnostics = checker.checkDescribe(item.describe);
          countDiagnostics(summary, diagnostics);
          if (diagnostics.some((d) => d.severity === "error")) summary.invalidDescribes++;
          for (const diagnostic of diagnostics) yield { kind: "diagnostic", diagnostic };
          break;
        }
        case "problem":
          countDiagnostics(summary, [item.diagnostic]);
          if (item.diagnostic.severity === "error") {
            // An unparsable line or document stands for an event that was not read: rejected.
            summary.events++;
            summary.invalid++;
            summary.unparsable++;
          }
          yield { kind: "diagnostic", diagnostic: item.diagnostic };
          break;
        case "event": {
          summary.events++;
          const outcome = checker.check(item.event);
          countDiagnostics(summary, outcome.diagnostics);
          for (const diagnostic of outcome.diagnostics) yield { kind: "diagnostic", diagnostic };
          if (outcome.kind === "unrecognised") {
            summary.unrecognised++;
            summary.unrecognisedKinds[outcome.label] = (summary.unrecognisedKinds[outcome.label] ?? 0) + 1;
            break;
          }
          if (outcome.kind === "valid") {
            summary.valid++;
            yield { kind: "record", record: outcome.record };
          } else summary.invalid++;
          break;
        }
      }
    }
  }
  return { items: items(), summary };
}

/** 0 when no event (or entity describe) was invalid or unreadable, 1 otherwise. */
export function exitCodeOf(summary: Summary): 0 | 1 {
  return summary.invalid > 0 || summary.invalidDescribes > 0 ? 1 : 0;
}
