/**
 * Open edX grades sent by event-routing-backends: course and subsection grades (TinCan `earned`,
 * letter grade in the grade_classification result extension), problem grades (`attempted`,
 * acrossx `evaluated`) and pass/fail verdicts (`passed`/`failed`, no score).
 * All carry `"version": "1.0.3"`; the actor is an anonymised account. When nothing was possible the
 * score is `min 0, max 0`: kept as sent, with no percentage.
 */
import { prop, text } from "../../core/json.js";
import { diagnostic } from "../../diagnostics.js";
import { defineProfile } from "../profile.js";
import { commonRecord, courseActivity, hasKeyUnder, type Statement } from "./_record.js";
import { gradeChecks, hasGrade } from "./_grade.js";
import { contextOf, extensionsOf, idOf } from "./_parts.js";

const OPENEDX_EXTENSION = "https://w3id.org/xapi/openedx/";
const LETTER = "http://www.tincanapi.co.uk/activitytypes/grade_classification";

function isOpenEdx(value: Record<string, unknown>): boolean {
  return hasKeyUnder(extensionsOf(contextOf(value)), OPENEDX_EXTENSION);
}

/** The course's IRI: the object itself for a course grade, else the parent course activity. */
function courseOf(statement: Statement): string | null {
  return text(idOf(courseActivity(statement)));
}

/** `…/course/course-v1:edX+DemoX+Demo_Course` → `course-v1:edX+DemoX+Demo_Course`, Open edX's course key. */
/**
 * A percent-encoded segment, decoded; as written when its escapes are no UTF-8 (`%C0%80`, `%FF`):
 * RFC 3987's pct-encoded allows any octet, and decodeURIComponent throws on those.
 */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function courseKey(iri: string | null): string | null {
  if (iri === null) return null;
  const match = /\/course\/([^/?#]+)$/.exec(iri);
  return match ? decoded(match[1]!) : iri;
}

export default defineProfile<Statement>({
  id: "xapi-openedx",
  title: "Open edX grade statements (event-routing-backends)",
  standard: "xapi",
  recognises: "xAPI grade statements with an https://w3id.org/xapi/openedx/ context extension",
  detect: (value) => isOpenEdx(value) && hasGrade(value),
  check: (statement) => {
    const out = gradeChecks(statement);
    if (courseOf(statement) === null)
      out.push(diagnostic("NO_COURSE.openedx", "quality", "/context/contextActivities"));
    return out;
  },
  flatten: (statement, context) => {
    const course = courseOf(statement);
    const objectId = text(idOf(statement.object));
    return commonRecord(statement, context, "xapi-openedx", {
      course: courseKey(course),
      course_ref: course,
      item: objectId,
      item_ref: objectId,
      grade_text: text(prop(statement.result?.extensions, LETTER)),
    });
  },
});
