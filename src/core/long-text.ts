import { hash32 } from "./hash32.js";

/**
 * The longest text quoted from an event that gradeev holds whole: the name of a kind of unrecognised
 * event (a thousand kinds of 1 MB verbs were a gigabyte), or a placeholder's text in a diagnostic.
 */
export const MAX_KIND_LENGTH = 1000;
const SUFFIX_ROOM = 40;

/**
 * A text as held: whole up to MAX_KIND_LENGTH characters, else its start, its length and a hash of
 * the whole, so that two long texts that share their start stay two.
 */
export function cutLongText(kind: string): string {
  if (kind.length <= MAX_KIND_LENGTH) return kind;
  let cut = MAX_KIND_LENGTH - SUFFIX_ROOM;
  const last = kind.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // not inside a surrogate pair
  // Copied, not sliced: V8's slice would keep the whole text alive.
  const start = Array.from(kind.slice(0, cut)).join("");
  return `${start}… (${kind.length} characters, #${hash32(kind).toString(16).padStart(8, "0")})`;
}
