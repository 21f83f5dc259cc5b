/**
 * Grades from Moodle's logstore_xapi plugin (xAPI-vle/moodle-logstore_xapi), both forms:
 * - current (2025 rewrite): TLA `scored`, object `…/view.php?id=N#submission`, course in
 *   contextActivities.parent typed cmi5 course, `scaled` = ((raw−min)/(max−min))·2−1;
 * - legacy (v4.x, before 2025): ADL `scored`, course in contextActivities.grouping typed
 *   TinCan lms/course, `scaled` = raw/max.
 * Either way `scaled` is passed through untouched and the percentage is computed from raw/min/max.
 * The item is the course module, by its canonical URL `…/mod/<name>/view.php?id=<cmid>`, whichever
 * form the plugin sends: the object itself (legacy), the object less its fragment (`#submission`,
 * `#lesson`, `#sco`: a part that stands for the module's grade), or, for an attempt
 * (`…/mod/quiz/attempt.php`), the module in contextActivities.parent. A score on a question or a page
 * stays on that question or page. So the same quiz gives the same item before and after the rewrite.
 * Recognised by the plugin's Learning Locker info extension or `context.platform` "Moodle".
 * The learner is the actor (a Moodle user id or username, by site setting); the grader context.instructor.
 */
import { prop, text, type JsonObject } from "../../core/json.js";
import { diagnostic } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import {
  activityType,
  commonRecord,
  courseActivity,
  extensionOf,
  findContextActivity,
  type Statement,
} from "./_record.js";
import { gradeChecks, hasGrade } from "./_grade.js";
import { contextOf, definitionOf, extensionsOf, idOf, platformOf } from "./_parts.js";

const INFO = "http://lrs.learninglocker.net/define/extensions/info";
const EXTERNAL_ID = "https://w3id.org/learning-analytics/learning-management-system/external-id";
const SHORT_ID = "https://w3id.org/learning-analytics/learning-management-system/short-id";
/** Moodle's URL of a course module (mod/<name>/view.php?id=<cmid>), with nothing but a fragment after it. */
const MODULE_URL = /^(.*\/mod\/[a-z][a-z0-9_]*\/view\.php\?id=\d+)(?:#.*)?$/;
/** Moodle's URL of an attempt at a module (a quiz attempt: mod/quiz/attempt.php?attempt=…). */
const ATTEMPT_URL = /\/mod\/[a-z][a-z0-9_]*\/attempt\.php\?/;
const ATTEMPT = "http://adlnet.gov/expapi/activities/attempt";

/**
 * A statement tagged with an xAPI profile follows that profile's rules, not logstore_xapi's, even
 * from a Moodle site (TRAX Logs sends xAPI-fr's VLE profile with platform "Moodle"). xAPI-Data
 * §2.4.6.2: "Category SHOULD be used to indicate a profile", its example the cmi5 profile. A profile
 * tag is a category activity of ADL's type `profile`, or cmi5's category, which cmi5 §9.6.2.1
 * requires by its id alone. logstore_xapi tags none.
 */
const PROFILE_TYPE = "http://adlnet.gov/expapi/activities/profile";
const CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";

function tagsProfile(activity: JsonObject): boolean {
  return activityType(activity) === PROFILE_TYPE || activity.id === CMI5_CATEGORY;
}

function isMoodle(value: Record<string, unknown>): boolean {
  if (findContextActivity(value as Statement, "category", tagsProfile) !== undefined) return false;
  const context = contextOf(value);
  if (platformOf(context) === "Moodle") return true;
  const info = prop(extensionsOf(context), INFO);
  return typeof info === "object" && info !== null && "http://moodle.org" in info;
}

/** The course module a grade is for (see above); null when the object is part of no module. */
function moduleOf(statement: Statement): string | null {
  const objectId = text(idOf(statement.object));
  if (objectId === null) return null;
  const module = MODULE_URL.exec(objectId);
  if (module) return module[1]!;
  if (activityType(statement.object) === ATTEMPT || ATTEMPT_URL.test(objectId)) {
    const id = text(idOf(findContextActivity(statement, "parent", isModule)));
    if (id !== null) return MODULE_URL.exec(id)![1]!;
  }
  return objectId;
}

function isModule(activity: JsonObject): boolean {
  const id = text(idOf(activity));
  return id !== null && MODULE_URL.test(id);
}

export default defineProfile<Statement>({
  id: "xapi-moodle",
  title: "Moodle logstore_xapi grade statements (current and pre-2025 forms)",
  standard: "xapi",
  recognises: "xAPI grade statements whose context names Moodle (platform, or the plugin's info extension)",
  detect: (value) => isMoodle(value) && hasGrade(value),
  check: (statement) => {
    const out = gradeChecks(statement);
    if (!courseActivity(statement)) out.push(diagnostic("NO_COURSE.moodle", "quality", "/context/contextActivities"));
    return out;
  },
  flatten: (statement, context) => {
    const course = courseActivity(statement);
    const courseId = text(idOf(course));
    return commonRecord(statement, context, "xapi-moodle", {
      // The course's idnumber (the SIS key) when the plugin sends it, else its shortname, else its URL.
      course:
        text(extensionOf(definitionOf(course), EXTERNAL_ID)) ??
        text(extensionOf(definitionOf(course), SHORT_ID)) ??
        courseId,
      course_ref: courseId,
      item: moduleOf(statement),
      item_ref: text(idOf(statement.object)),
      grade_text: null,
    });
  },
});
