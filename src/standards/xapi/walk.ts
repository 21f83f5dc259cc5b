/**
 * Where the walk over one statement is, and what it has found. The path is a stack of JSON
 * Pointer segments that is read only when something is wrong, so a valid statement costs no
 * string building and no allocation. checkStatement is synchronous and not re-entrant, which is
 * what makes module state safe here.
 */
import { describeValue, pointerToken } from "../../core/json.js";
import type { DiagnosticDraft, LevelOf, RuleCode } from "../../diagnostics.js";
import type { XapiVersion } from "./formats.js";

export type Segment = string | number;

const segments: Segment[] = [];
let depth = 0;
let found: DiagnosticDraft[] | null = null;

/** The xAPI version the current statement is judged by. */
export const judged: { version: XapiVersion } = { version: "1.0.3" };

export function startWalk(version: XapiVersion): void {
  depth = 0;
  found = null;
  judged.version = version;
}

export function endWalk(): DiagnosticDraft[] {
  const diagnostics = found ?? [];
  found = null;
  return diagnostics;
}

export function enter(segment: Segment): void {
  segments[depth++] = segment;
}

export function leave(): void {
  depth--;
}

/** RFC 6901 pointer, relative to the statement, to the current value or to its `key`. */
export function pointerTo(key?: Segment): string {
  let pointer = "";
  for (let i = 0; i < depth; i++) pointer += `/${pointerToken(segments[i]!)}`;
  return key === undefined ? pointer : `${pointer}/${pointerToken(key)}`;
}

/** The same place as a reader would write it: `result.score.scaled`, `context.contextActivities.parent[0]`. */
export function pathTo(key?: Segment): string {
  let path = "";
  const last = key === undefined ? depth : depth + 1;
  for (let i = 0; i < last; i++) {
    const segment = i < depth ? segments[i]! : key!;
    if (typeof segment === "number") path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += i === 0 ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment.length > 60 ? `${segment.slice(0, 57)}...` : segment)}]`;
  }
  return path === "" ? "the statement" : path;
}

/** A finding of the rule `code` at one of its levels, at the current value or at its `key`. */
export function finding<C extends RuleCode>(
  code: C,
  level: LevelOf<C>,
  key: Segment | undefined,
  message: string,
): void {
  (found ??= []).push({ code, level, message, pointer: pointerTo(key) } as DiagnosticDraft);
}

/** `value` for a message: the string "x", the number 3, an object. */
export function shown(value: unknown): string {
  return describeValue(value);
}
