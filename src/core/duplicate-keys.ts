/**
 * JSON.parse keeps the last of duplicate keys ({"score": 1, "score": 9} reads as 9) and says
 * nothing. gradeev does the same, and warns. Finding them takes the text: a cheap count first (key
 * separators in the text against keys in the parsed value), the exact scan only when they differ.
 * The reader makes the count once over each parsed text (a line, a document), so clean input costs
 * one count per line rather than a walk to every event's offset.
 */
import { skipSpace, skipValue } from "./json-scan.js";
import { joinPointer } from "./json.js";

/** Keys in a parsed value, all levels. Only objects and arrays go on the stack: most values are not. */
function countKeys(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === "object" && item !== null) stack.push(item);
    } else if (typeof node === "object" && node !== null)
      for (const key in node) {
        count++;
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) stack.push(child);
      }
  }
  return count;
}

/**
 * How many colons follow a closing quote, with JSON whitespace between allowed: every key ends so,
 * `"key": 1` and also `"key" : 1` (Jackson's pretty printer). A string holding `":` only over-counts.
 */
function countKeySeparators(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf(":", start); i !== -1 && i < end; i = text.indexOf(":", i + 1)) {
    let before = i - 1;
    let c = text.charCodeAt(before);
    while (before > start && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(--before);
    if (c === 34) count++; // "
  }
  return count;
}

/** Whether some object in `text` (which parses to `value`) may repeat a key: the cheap count. */
export function keysMayRepeat(text: string, value: unknown): boolean {
  return countKeySeparators(text, 0, text.length) > countKeys(value);
}

/** The pointers (relative to the value at `start`) of keys that appear twice in one object. */
export function duplicateKeys(text: string, start: number, value: unknown): string[] {
  const end = skipValue(text, start);
  if (countKeySeparators(text, start, end) <= countKeys(value)) return [];
  const found: string[] = [];
  const stack: { at: number; pointer: string }[] = [{ at: skipSpace(text, start), pointer: "" }];
  while (stack.length > 0) {
    const { at, pointer } = stack.pop()!;
    const open = text[at];
    if (open === "[") {
      let i = skipSpace(text, at + 1);
      for (let index = 0; i < end && text[i] !== "]"; index++) {
        stack.push({ at: i, pointer: joinPointer(pointer, index) });
        i = skipSpace(text, skipValue(text, i));
        if (text[i] === ",") i = skipSpace(text, i + 1);
      }
    } else if (open === "{") {
      const seen = new Set<string>();
      let i = skipSpace(text, at + 1);
      while (i < end && text[i] === '"') {
        const keyEnd = skipValue(text, i);
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipSpace(text, keyEnd);
        if (text[i] === ":") i = skipSpace(text, i + 1);
        if (seen.has(key)) found.push(joinPointer(pointer, key));
        seen.add(key);
        stack.push({ at: i, pointer: joinPointer(pointer, key) });
        i = skipSpace(text, skipValue(text, i));
        if (text[i] === ",") i = skipSpace(text, i + 1);
      }
    }
  }
  return found;
}
