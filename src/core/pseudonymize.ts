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
  const hash = (value: string) => createHmac("sha256", key).update(value, "utf8").digest("hex");
  return (record) => {
    const out = { ...record };
    for (const column of PERSON_COLUMNS) {
      const value = out[column];
      if (value !== null) out[column] = hash(value);
    }
    return out;
  };
}
