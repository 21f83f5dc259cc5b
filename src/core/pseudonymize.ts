import { createHmac } from "node:crypto";
import type { GradeRecord } from "../types.js";

/** The columns that identify a person: learners and the people who graded them. */
const PERSON_COLUMNS = ["user", "user_ref", "actor", "actor_ref"] as const;

/**
 * Replaces people's identifiers with a keyed hash (HMAC-SHA-256, hex), stable across runs with the
 * same key, so that grade data can be shared for research without identities (FERPA/GDPR). Without
 * the key the hashes cannot be reversed or recomputed from a list of known ids.
 */
export function pseudonymizer(key: string): (record: GradeRecord) => GradeRecord {
  const hash = (value: string) => createHmac("sha256", key).update(wtf8(value)).digest("hex");
  return (record) => {
    const out = { ...record };
    for (const column of PERSON_COLUMNS) {
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
