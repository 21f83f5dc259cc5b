/**
 * What makes an xAPI statement a grade, and the checks every xAPI grade profile shares.
 * Spec: xAPI-Data.md §2.4.5.1 (score).
 */
import { objectTypeOf, rawOf, resultOf, scaledOf, scoreOf } from "./_parts.js";
import { diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { agentKey, learnerOf, learnerPointer, type Statement } from "./_record.js";
import { verbVerdict, verdictsConflict } from "./_verdict.js";

/** Whether a statement carries a grade: a score, or a pass/fail verdict. */
export function hasGrade(value: Record<string, unknown>): boolean {
  const score = scoreOf(resultOf(value));
  if (typeof score === "object" && score !== null) return true;
  return verbVerdict(value) !== null;
}

/** Checks every xAPI grade profile shares: a learner, and a score that says something. */
export function gradeChecks(statement: Statement): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  if (agentKey(learnerOf(statement)) === null) {
    const pointer = learnerPointer(statement);
    out.push(diagnostic(pointer === "/actor" ? "NO_LEARNER.xapiActor" : "NO_LEARNER.xapiAgent", "invalid", pointer));
  }
  // §2.4.4: the object is an Activity (objectType by default), an Agent or Group, a SubStatement or
  // a StatementRef. An Activity is the thing graded, and a StatementRef names the statement graded by
  // its id; an Agent, a Group or a SubStatement (which "does not represent an event that has occurred")
  // is no item, and a record without one cannot be placed.
  const objectType = objectTypeOf(statement.object);
  if (objectType === "Agent" || objectType === "Group" || objectType === "SubStatement")
    out.push(diagnostic("NO_ITEM.xapiObject", "invalid", "/object", { kind: objectType }));
  const score = statement.result?.score;
  if (score !== undefined && rawOf(score) === undefined && scaledOf(score) === undefined)
    out.push(diagnostic("NO_SCORE.xapi", "quality", "/result/score"));
  if (verdictsConflict(statement))
    out.push(
      diagnostic("VERDICT_CONFLICT.disagree", "deviation", "/result/success", {
        verb: statement.verb.id,
        success: String(statement.result?.success),
      }),
    );
  return out;
}
