/**
 * cmi5 "defined" statements with a grade: passed and failed (the only cmi5 verbs that may carry a
 * score). cmi5 is stricter than xAPI (cmi5_spec.md §9.5.1, §9.3.4–9.3.5): raw, min and max are
 * integers, min and max come with raw, scaled is in 0..1, a score appears only on passed/failed, and
 * passed means scaled ≥ the mastery score (failed, below it). Deviations are warnings (errors under --strict).
 * cmi5 statements name no course: grouping[0] is "the unaltered value of the AU's id attribute from
 * the course structure" (§9.6.2.3), the publisher's id of the AU, so it is item_ref beside the AU as
 * the LMS identifies it (object.id, §9.4). The course is a context activity typed as a course, when
 * the LMS adds one. The registration (§9.6.1) is the learner's enrolment, not the grade: not written.
 */
import { prop, text, type JsonObject } from "../../core/json.js";
import { diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import {
  activityType,
  commonRecord,
  courseActivity,
  findContextActivity,
  isCourseType,
  type Statement,
} from "./_record.js";
import { gradeChecks, hasGrade } from "./_grade.js";
import { idOf } from "./_parts.js";

const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const PASSED = "http://adlnet.gov/expapi/verbs/passed";
const FAILED = "http://adlnet.gov/expapi/verbs/failed";

function isCmi5Category(activity: JsonObject): boolean {
  return activity.id === CMI5;
}

function isCmi5(value: Record<string, unknown>): boolean {
  return findContextActivity(value as Statement, "category", isCmi5Category) !== undefined;
}

function cmi5Rules(statement: Statement): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  const score = statement.result?.score;
  if (score === undefined) return out;
  const verb = statement.verb.id;
  if (verb !== PASSED && verb !== FAILED) out.push(diagnostic("CMI5_SCORE.verb", "deviation", "/result/score"));
  for (const key of ["raw", "min", "max"]) {
    const value = prop(score, key);
    if (typeof value === "number" && !Number.isInteger(value))
      out.push(diagnostic("CMI5_SCORE.integer", "deviation", `/result/score/${key}`, { key, value }));
  }
  if (prop(score, "raw") !== undefined && (prop(score, "min") === undefined || prop(score, "max") === undefined))
    out.push(diagnostic("CMI5_SCORE.rawWithoutRange", "deviation", "/result/score"));
  const scaled = prop(score, "scaled");
  if (typeof scaled === "number" && (scaled < 0 || scaled > 1))
    out.push(diagnostic("CMI5_SCORE.scaled", "deviation", "/result/score/scaled", { scaled }));
  const mastery = prop(statement.context?.extensions, MASTERY);
  if (typeof scaled === "number" && typeof mastery === "number") {
    if (verb === PASSED && scaled < mastery)
      out.push(diagnostic("CMI5_SCORE.passedBelow", "deviation", "/result/score/scaled", { scaled, mastery }));
    if (verb === FAILED && scaled >= mastery)
      out.push(diagnostic("CMI5_SCORE.failedAbove", "deviation", "/result/score/scaled", { scaled, mastery }));
  }
  return out;
}

/** The grouping activity that carries the AU's publisher id (§9.6.2.3): the one not typed as a course. */
function publisherActivity(statement: Statement) {
  return findContextActivity(statement, "grouping", isNotCourse);
}

function isNotCourse(activity: JsonObject): boolean {
  return !isCourseType(activityType(activity));
}

export default defineProfile<Statement>({
  id: "xapi-cmi5",
  title: "cmi5 passed/failed statements",
  standard: "xapi",
  recognises: `xAPI grade statements in the cmi5 category (${CMI5})`,
  detect: (value) => isCmi5(value) && hasGrade(value),
  check: (statement) => {
    const out = gradeChecks(statement).concat(cmi5Rules(statement));
    if (courseActivity(statement) === undefined)
      out.push(diagnostic("NO_COURSE.cmi5", "quality", "/context/contextActivities"));
    return out;
  },
  flatten: (statement, context) => {
    const course = text(idOf(courseActivity(statement)));
    return commonRecord(statement, context, "xapi-cmi5", {
      course,
      course_ref: course,
      item: text(idOf(statement.object)),
      item_ref: text(idOf(publisherActivity(statement))),
      grade_text: null,
    });
  },
});
