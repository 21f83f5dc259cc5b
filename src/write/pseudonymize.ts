import { createHmac } from "node:crypto";
import { GradeevError } from "../errors.js";
import type { GradeRecord } from "../types.js";

/**
 * Every column that can carry a person's identity, hashed whole (a pattern that looked for ids
 * inside a value would miss the next LMS's way of writing one):
 * - `user`, `user_ref`: the learner; `actor`, `actor_ref`: who graded (a person as often as a tool);
 * - `item_ref`: an attempt or submission is often named by its learner (Caliper's
 *   `…/users/554433/attempts/1`, Moodle's `…/user/7/attempt/3`); `item` names the item for grouping;
 * - `event_id`: it finds the event, learner and all, in the LRS or the export it came from.
 * `course`, `course_ref` and `item` name no person and stay, so that research can group by them.
 */
export const PSEUDONYMIZED_COLUMNS = ["user", "user_ref", "actor", "actor_ref", "item_ref", "event_id"] as const;

/**
 * The shortest key accepted: 128 bits at most, below which a key can be searched for. RFC 2104 §2
 * strongly discourages keys shorter than the hash's output (32 bytes here); `openssl rand -hex 32` gives 64.
 */
export const MIN_PSEUDONYM_KEY_BYTES = 16;

/**
 * Replaces identifying values with a keyed hash (HMAC-SHA-256, hex), stable across runs with the
 * same key, so that grade data can be shared for research without identities (FERPA/GDPR). Without
 * the key the hashes cannot be reversed or recomputed from a list of known ids. A key shorter than
 * MIN_PSEUDONYM_KEY_BYTES (in UTF-8) is refused.
 */
export function pseudonymizer(key: string): (record: GradeRecord) => GradeRecord {
  // The environment reaches Node as UTF-8 text, each byte that is not replaced by U+FFFD: two keys
  // of random bytes would hash alike, and the length counted would not be the key's.
  if (key.includes("\uFFFD"))
    throw new GradeevError(
      "GRADEEV_PSEUDONYM_KEY is not UTF-8 text (bytes that are not are read as U+FFFD, and keys differing only there would be one); give the key as text, for example: openssl rand -hex 32",
    );
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes < MIN_PSEUDONYM_KEY_BYTES)
    throw new GradeevError(
      `GRADEEV_PSEUDONYM_KEY is ${bytes} ${bytes === 1 ? "byte" : "bytes"} long; --pseudonymize needs a secret key of at least ${MIN_PSEUDONYM_KEY_BYTES} bytes (for example: openssl rand -hex 32)`,
    );
  const hash = (value: string) => createHmac("sha256", key).update(wtf8(value)).digest("hex");
  return (record) => {
    const out = { ...record };
    for (const column of PSEUDONYMIZED_COLUMNS) {
      const value = out[column];
      if (value !== null) out[column] = hash(value);
    }
    return out;
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The id's bytes to hash: UTF-8, or for an id holding a lone surrogate (which UTF-8 would turn into
 * U+FFFD, merging different ids) WTF-8, which encodes it as the three bytes its code point would
 * take. The same bytes as UTF-8 for every well-formed id, so pseudonyms do not change; never the
 * bytes of a well-formed id otherwise (UTF-8 has no ED A0–ED BF), so ids stay distinct.
 */
function wtf8(value: string): Buffer | string {
  if (!LONE_SURROGATE.test(value)) return value;
  const bytes: number[] = [];
  for (const c of value) {
    const p = c.codePointAt(0) as number;
    if (p < 0x80) bytes.push(p);
    else if (p < 0x800) bytes.push(0xc0 | (p >> 6), 0x80 | (p & 0x3f));
    else if (p < 0x10000) bytes.push(0xe0 | (p >> 12), 0x80 | ((p >> 6) & 0x3f), 0x80 | (p & 0x3f));
    else bytes.push(0xf0 | (p >> 18), 0x80 | ((p >> 12) & 0x3f), 0x80 | ((p >> 6) & 0x3f), 0x80 | (p & 0x3f));
  }
  return Buffer.from(bytes);
}
