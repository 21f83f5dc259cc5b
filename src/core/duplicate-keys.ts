/**
 * JSON.parse keeps the last of duplicate keys ({"score": 1, "score": 9} reads as 9) and says
 * nothing. gradeev does the same, and warns. Finding them takes the text: a cheap count first (key
 * separators in the text against keys in the parsed value), the exact scan only when they differ.
 * The reader makes the count once over each parsed text (a line, a document: see text-survey.ts),
 * so clean input costs one count per line rather than a walk to every event's offset.
 */
import { skipSpace, skipValue } from "./json-scan.js";
import { joinPointer } from "./json.js";
import { countKeys, countKeySeparators } from "./text-survey.js";

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
