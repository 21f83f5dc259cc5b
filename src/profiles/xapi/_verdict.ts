/**
 * Pass or fail, as a statement says it: `result.success` (xAPI-Data §2.4.5), or the verb itself.
 * ADL's `passed` and `failed` state the verdict (ADL vocabulary; cmi5 §9.3.4–9.3.5 uses the same
 * IRIs, and Open edX sends them with no result at all), so a record must carry it in `success`.
 */
import { idOf, resultOf, successOf, verbOf } from "./_parts.js";

const PASSED = "http://adlnet.gov/expapi/verbs/passed";
const FAILED = "http://adlnet.gov/expapi/verbs/failed";

/**
 * The verdict the verb states, or null for a verb that states none. Compared, not looked up in a
 * Map: a verb id fresh from JSON.parse would have its hash computed, on every statement.
 */
export function verbVerdict(statement: unknown): boolean | null {
  const verb = idOf(verbOf(statement));
  return verb === PASSED ? true : verb === FAILED ? false : null;
}

/** result.success when it is a boolean, else null. */
function resultSuccess(statement: unknown): boolean | null {
  const given = successOf(resultOf(statement));
  return typeof given === "boolean" ? given : null;
}

/**
 * result.success and the verb's verdict, whichever is given; when both are and disagree, neither:
 * the table must not state a verdict the statement contradicts.
 */
export function verdictOf(statement: unknown): boolean | null {
  const fromResult = resultSuccess(statement);
  const fromVerb = verbVerdict(statement);
  if (fromResult !== null && fromVerb !== null && fromResult !== fromVerb) return null;
  return fromResult ?? fromVerb;
}

/** Whether the verb and result.success both give a verdict, and they disagree. */
export function verdictsConflict(statement: unknown): boolean {
  const fromResult = resultSuccess(statement);
  if (fromResult === null) return false;
  const fromVerb = verbVerdict(statement);
  return fromVerb !== null && fromResult !== fromVerb;
}
