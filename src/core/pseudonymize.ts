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
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes < MIN_PSEUDONYM_KEY_BYTES)
    throw new GradeevError(
      `GRADEEV_PSEUDONYM_KEY is ${bytes} ${bytes === 1 ? "byte" : "bytes"} long; --pseudonymize needs a secret key of at least ${MIN_PSEUDONYM_KEY_BYTES} bytes (for example: openssl rand -hex 32)`,
    );
  const hash = (value: string) => createHmac("sha256", key).update(value, "utf8").digest("hex");
  return (record) => {
    const out = { ...record };
    for (const column of PSEUDONYMIZED_COLUMNS) {
      const value = out[column];
      if (value !== null) out[column] = hash(value);
    }
    return out;
  };
}
