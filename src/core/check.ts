import type { Diagnostic, DiagnosticDraft } from "../diagnostics.js";
import type { AnyProfile, FlattenContext } from "../profiles/profile.js";
import type { Decimal, GradeRecord, SourcedEvent } from "../types.js";
import { isObject, iriTerm, prop, text } from "./json.js";
import { mayHoldUnusualNumbers, numberTextInEvent, positionInEvent } from "./locate.js";
import { schemaValidator } from "./schema.js";

/** What became of one event. */
export type Outcome =
  | { kind: "valid"; event: SourcedEvent; profile: string; record: GradeRecord; diagnostics: Diagnostic[] }
  | { kind: "invalid"; event: SourcedEvent; profile: string; diagnostics: Diagnostic[] }
  | { kind: "unrecognised"; event: SourcedEvent; label: string };

export interface Checker {
  check(event: SourcedEvent): Outcome;
}

/** Builds the per-event pipeline: detect → schema → check → flatten. Pure: values in, values out. */
export function createChecker(profiles: readonly AnyProfile[]): Checker {
  const validators = new Map(profiles.map((p) => [p, schemaValidator(p.schema)] as const));
  return {
    check(event) {
      const value = event.value;
      const profile = isObject(value) ? profiles.find((p) => p.detect(value)) : undefined;
      if (!profile) return { kind: "unrecognised", event, label: labelOf(value) };
      let drafts = validators.get(profile)?.(value) ?? [];
      if (!drafts.some(isError)) drafts = drafts.concat(profile.check?.(value) ?? []);
      const diagnostics = drafts.map((d) => locate(d, event, profile.id));
      if (diagnostics.some(isError)) return { kind: "invalid", event, profile: profile.id, diagnostics };
      const record = profile.flatten(value, flattenContext(event));
      return { kind: "valid", event, profile: profile.id, record, diagnostics };
    },
  };
}

function isError(d: { severity: string }): boolean {
  return d.severity === "error";
}

function locate(draft: DiagnosticDraft, event: SourcedEvent, profile: string): Diagnostic {
  const pointer = event.at.pointer + draft.pointer;
  const { line, column } = positionInEvent(event, draft.pointer);
  const id = eventId(event.value);
  return {
    code: draft.code,
    severity: draft.severity,
    message: draft.message,
    file: event.at.file,
    line,
    column,
    index: event.at.index,
    ...(id !== null && { eventId: id }),
    pointer,
    profile,
  };
}

export function eventId(value: unknown): string | null {
  return text(prop(value, "id")) ?? text(prop(value, "@id"));
}

const unusual = new WeakMap<object, boolean>();

function flattenContext(event: SourcedEvent): FlattenContext {
  return {
    decimal(value, pointer): Decimal | null {
      if (typeof value !== "number") return null;
      const plain = String(value);
      let suspicious = unusual.get(event.source);
      if (suspicious === undefined) {
        suspicious = mayHoldUnusualNumbers(event.source.text);
        unusual.set(event.source, suspicious);
      }
      // String() is exact for the common case; otherwise take the number's own text from the source.
      if (!suspicious && !plain.includes("e") && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return plain;
      return numberTextInEvent(event, pointer) ?? plain;
    },
  };
}

/** A short name for an event no profile recognised, for the summary's list. */
export function labelOf(value: unknown): string {
  if (!isObject(value)) return `not an object (${Array.isArray(value) ? "array" : value === null ? "null" : typeof value})`;
  const type = text(prop(value, "type")) ?? text(prop(value, "@type"));
  if (type !== null) {
    const action = text(prop(value, "action"));
    return `Caliper ${iriTerm(type)}${action !== null ? ` (${iriTerm(action)})` : ""}`;
  }
  const verb = text(prop(prop(value, "verb"), "id"));
  if (verb !== null) return `xAPI statement, verb ${verb}`;
  return "object of unknown kind";
}
