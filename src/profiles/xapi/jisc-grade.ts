/**
 * Jisc Learning Data Hub recipes (jiscdev/xapi) for VLE grades, from Moodle and Blackboard: ADL
 * `scored`, a non-numeric grade in the `http://xapi.jisc.ac.uk/grade` result extension, the module
 * code in `context.extensions[…/courseArea][…/vle_mod_id]`, the course in contextActivities.grouping.
 * `scaled` is passed through as sent (the Blackboard sample has raw 20 of 100 with scaled 0).
 */
import { prop, text } from "../../core/json.js";
import { diagnostic } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import { commonRecord, courseActivity, extensionOf, hasKeyUnder, type Statement } from "./_record.js";
import { gradeChecks, hasGrade } from "./_grade.js";
import { contextOf, extensionsOf, idOf, resultOf } from "./_parts.js";

const JISC = "http://xapi.jisc.ac.uk/";
const COURSE_AREA = `${JISC}courseArea`;
const MODULE_ID = `${JISC}vle_mod_id`;
const GRADE = `${JISC}grade`;

function usesJisc(value: Record<string, unknown>): boolean {
  return hasKeyUnder(partExtensions(value, "context"), JISC) || hasKeyUnder(partExtensions(value, "result"), JISC);
}

function partExtensions(value: Record<string, unknown>, part: "context" | "result"): unknown {
  return extensionsOf(part === "context" ? contextOf(value) : resultOf(value));
}

export default defineProfile<Statement>({
  id: "xapi-jisc",
  title: "Jisc Learning Data Hub VLE grade statements (Moodle and Blackboard recipes)",
  standard: "xapi",
  recognises: `xAPI grade statements with ${JISC} extensions`,
  detect: (value) => usesJisc(value) && hasGrade(value),
  check: (statement) => {
    const out = gradeChecks(statement);
    if (!courseActivity(statement) && text(prop(extensionOf(statement.context, COURSE_AREA), MODULE_ID)) === null)
      out.push(diagnostic("NO_COURSE.jisc", "quality", "/context"));
    return out;
  },
  flatten: (statement, context) => {
    const course = text(idOf(courseActivity(statement)));
    const objectId = text(idOf(statement.object));
    const grade = prop(statement.result?.extensions, GRADE);
    return commonRecord(statement, context, "xapi-jisc", {
      // The module code (the SIS key), kept exactly as sent, else the course activity's id.
      course: text(prop(extensionOf(statement.context, COURSE_AREA), MODULE_ID)) ?? course,
      course_ref: course,
      item: objectId,
      item_ref: objectId,
      grade_text: typeof grade === "string" ? grade : typeof grade === "number" ? String(grade) : null,
    });
  },
});
