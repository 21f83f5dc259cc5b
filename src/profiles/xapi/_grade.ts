/**
 * What makes an xAPI statement a grade, and the checks every xAPI grade profile shares.
 * Spec: xAPI-Data.md §2.4.5.1 (score).
 */
import { prop } from "../../core/json.js";
import { finding, type DiagnosticDraft } from "../../diagnostics.js";
import { agentKey, type Statement } from "./_record.js";

const VERDICT_VERBS = ["http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/failed"];

/** Whether a statement carries a grade: a score, or a pass/fail verdict. */
export function hasGrade(value: Record<string, unknown>): boolean {
  const score = prop(prop(value, "result"), "score");
  if (typeof score === "object" && score !== null) return true;
  const verb = prop(prop(value, "verb"), "id");
  return typeof verb === "string" && VERDICT_VERBS.includes(verb);
}

/** Checks every xAPI grade profile shares: a learner, and a score that says something. */
export function gradeChecks(statement: Statement): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  if (agentKey(statement.actor).key === null)
    out.push(finding("NO_LEARNER", "invalid", "/actor", "the actor (the learner) has no identifier gradeev can key on (an anonymous group?)"));
  const score = statement.result?.score;
  if (score !== undefined && prop(score, "raw") === undefined && prop(score, "scaled") === undefined)
    out.push(finding("NO_SCORE", "quality", "/result/score", "result.score has neither raw nor scaled"));
  return out;
}
