/**
 * Where the walk over one statement is, and what it has found. The path is a stack of JSON
 * Pointer segments that is read only when something is wrong, so a valid statement costs no
 * string building and no allocation. checkStatement is synchronous and not re-entrant, which is
 * what makes module state safe here.
 */
import { pointerToken } from "../../core/json.js";
import {
  draftOf,
  templateOf,
  type CodeOf,
  type DiagnosticDraft,
  type LevelOf,
  type MessageId,
  type RuleCode,
  type TemplateOf,
} from "../../diagnostics.js";
import type { ArgsOf } from "../../templates.js";
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

const placing = new Map<string, { path: boolean; here: boolean }>();

/** Which of the walk's places template `id` says: looked up once per template. */
function places(id: MessageId): { path: boolean; here: boolean } {
  let found = placing.get(id);
  if (found === undefined) {
    const dot = id.indexOf(".");
    const template = templateOf(id.slice(0, dot) as RuleCode, id.slice(dot + 1)) ?? "";
    found = { path: template.includes("{path}"), here: template.includes("{here}") };
    placing.set(id, found);
  }
  return found;
}

/** The placeholders the walk fills itself: `{path}`, where the value at `key` is; `{here}`, the value being walked. */
type Placed = "path" | "here";

/** What a call gives for template `T`, less what the walk fills. */
type WalkArgs<T extends string> = [keyof Omit<ArgsOf<T>, Placed>] extends [never]
  ? []
  : [args: Omit<ArgsOf<T>, Placed>];

/**
 * A diagnostic of the rule code of `id` at one of its levels, at the current value or at its `key`;
 * `{path}` and `{here}` in its template are the walk's place, as a reader would write it.
 */
export function diagnosticAt<K extends MessageId>(
  id: K,
  level: LevelOf<CodeOf<K>>,
  key: Segment | undefined,
  ...args: WalkArgs<TemplateOf<K>>
): void {
  const { path, here } = places(id);
  // Each call passes an object literal of its own (or none): filled in place, not copied.
  const placed = (args[0] ?? {}) as Record<string, unknown>;
  if (path) placed.path = pathTo(key);
  if (here) placed.here = pathTo();
  (found ??= []).push(draftOf(id, level, pointerTo(key), placed));
}
