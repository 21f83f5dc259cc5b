/**
 * Grades from Moodle's logstore_xapi plugin (xAPI-vle/moodle-logstore_xapi), both forms:
 * - current (2025 rewrite): TLA `scored`, object `…/view.php?id=N#submission`, course in
 *   contextActivities.parent typed cmi5 course, `scaled` = ((raw−min)/(max−min))·2−1;
 * - legacy (v4.x, before 2025): ADL `scored`, course in contextActivities.grouping typed
 *   TinCan lms/course, `scaled` = raw/max.
 * Either way `scaled` is passed through untouched and the percentage is computed from raw/min/max.
 * Recognised by the plugin's Learning Locker info extension or `context.platform` "Moodle".
 * The learner is the actor (a Moodle user id or username, by site setting); the grader context.instructor.
 */
import { prop, text } from "../../core/json.js";
import { finding } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import { activityType, commonRecord, contextActivities, contextActivityOfType, extensionOf, type Statement } from "./_record.js";
import { gradeChecks, hasGrade } from "./_grade.js";

const INFO = "http://lrs.learninglocker.net/define/extensions/info";
const CURRENT_COURSE = "https://w3id.org/xapi/cmi5/activitytype/course";
const LEGACY_COURSE = "http://id.tincanapi.com/activitytype/lms/course";
const EXTERNAL_ID = "https://w3id.org/learning-analytics/learning-management-system/external-id";
const SHORT_ID = "https://w3id.org/learning-analytics/learning-management-system/short-id";
const ASSIGNMENT = "https://xapi.edlm/profiles/edlm-lms/concepts/activity-types/assignment";

function isMoodle(value: Record<string, unknown>): boolean {
  const context = prop(value, "context");
  if (prop(context, "platform") === "Moodle") return true;
  const info = prop(prop(context, "extensions"), INFO);
  return typeof info === "object" && info !== null && "http://moodle.org" in info;
}

function courseOf(statement: Statement) {
  return contextActivityOfType(statement, [CURRENT_COURSE, LEGACY_COURSE]);
}

export default defineProfile<Statement>({
  id: "xapi-moodle",
  title: "Moodle logstore_xapi grade statements (current and pre-2025 forms)",
  source: "xapi",
  recognises: "xAPI grade statements whose context names Moodle (platform, or the plugin's info extension)",
  detect: (value) => isMoodle(value) && hasGrade(value),
  schema: { $id: "https://gradeev.dev/schemas/xapi-moodle.json", title: "Moodle logstore_xapi grade statement", type: "object" },
  check: (statement) => {
    const out = gradeChecks(statement);
    if (!courseOf(statement)) out.push(finding("NO_COURSE", "quality", "/context/contextActivities", "no Moodle course activity (cmi5 course in parent, or lms/course in grouping)"));
    return out;
  },
  flatten: (statement, context) => {
    const course = courseOf(statement);
    const courseId = text(prop(course, "id"));
    // The assignment (current form: a parent activity; the object is its #submission).
    const assignment = contextActivities(statement, "parent").find((a) => activityType(a) === ASSIGNMENT);
    const objectId = text(prop(statement.object, "id"));
    const item = text(prop(assignment, "id")) ?? (objectId === null ? null : objectId.replace(/#submission$/, ""));
    return commonRecord(statement, context, "xapi-moodle", {
      // The course's idnumber (the SIS key) when the plugin sends it, else its shortname, else its URL.
      course: text(extensionOf(prop(course, "definition"), EXTERNAL_ID)) ?? text(extensionOf(prop(course, "definition"), SHORT_ID)) ?? courseId,
      course_ref: courseId,
      item,
      item_ref: objectId,
      grade_text: null,
    });
  },
});
