import type { GradeRecord } from "../types.js";

/** One cell's value, as a record holds it. */
export type RecordValue = GradeRecord[keyof GradeRecord];

/**
 * A record's values in RECORD_COLUMNS order, each read by its own name. `record[column]` with the
 * column in a variable goes through V8's generic keyed lookup for every cell; these named reads
 * see one record shape. A test holds the order to RECORD_COLUMNS.
 */
export function valuesInColumnOrder(r: GradeRecord): RecordValue[] {
  return [
    r.course,
    r.user,
    r.score,
    r.score_max,
    r.score_min,
    r.score_percent,
    r.score_scaled,
    r.success,
    r.grade_text,
    r.item,
    r.is_final,
    r.event_time,
    r.action,
    r.actor,
    r.actor_ref,
    r.course_ref,
    r.user_ref,
    r.item_ref,
    r.grade_version,
    r.source,
    r.profile,
    r.event_id,
  ];
}
