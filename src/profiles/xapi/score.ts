/**
 * Any xAPI statement that carries a grade: a `result.score` (ADL scored/passed/failed/completed,
 * TLA scored, TinCan earned, …: no verb allow-list), or an ADL passed/failed verdict without one.
 * The learner is the actor; the grader, when named, is context.instructor. The course is the first
 * context activity typed as a course. Profiles for known producers come before this one.
 * Spec: xAPI-Data.md §2.4.5.1 (score), §2.4.6.2 (contextActivities).
 */
import { text } from "../../core/json.js";
import { diagnostic } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import { gradeChecks, hasGrade } from "./_grade.js";
import { commonRecord, courseActivity, type Statement } from "./_record.js";
import { idOf } from "./_parts.js";

export default defineProfile<Statement>({
  id: "xapi-score",
  title: "xAPI statement with a score or a pass/fail verdict (any producer)",
  standard: "xapi",
  recognises: "xAPI statements with result.score, or with the ADL passed/failed verb",
  detect: hasGrade,
  check: (statement) => {
    const course = courseActivity(statement);
    const out = gradeChecks(statement);
    if (!course) out.push(diagnostic("NO_COURSE.untyped", "quality", "/context/contextActivities"));
    return out;
  },
  flatten: (statement, context) => {
    const course = courseActivity(statement);
    const courseId = typeof course?.id === "string" ? course.id : null;
    const itemId = text(idOf(statement.object));
    return commonRecord(statement, context, "xapi-score", {
      course: courseId,
      course_ref: courseId,
      item: itemId,
      item_ref: itemId,
      grade_text: null,
    });
  },
});
