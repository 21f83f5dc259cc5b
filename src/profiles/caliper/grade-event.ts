/**
 * IMS Caliper 1.1 and 1.2 GradeEvent (Grading Profile): action Graded, object an Attempt whose
 * `assignee` is the learner and `assignable` the graded item, `generated` a Score. Covers Blackboard
 * Learn's 1.1 GradeEvent (bare-UUID ids, Score.maxScore 0 beside the item's real maximum) and Canvas's
 * grade_change (urn:instructure:canvas ids, SIS id in extensions).
 * Spec: caliper-spec.md §3.7 GradeEvent, §4 Attempt, Score (1.1); 1.2 fragments/events/GradeEvent.
 * The event's actor is the grader or an autograder, never the learner. Comments are dropped (free text).
 */
import { iriTerm, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { finding, type DiagnosticDraft } from "../../diagnostics.js";
import { notFiniteNumbers } from "../../standards/caliper.js";
import { hasTypeTerm } from "../../standards/caliper-vocabulary.js";
import { defineProfile, type EventContext } from "../profile.js";
import {
  canvasGrade,
  courseKey,
  noCourseReason,
  entityOfType,
  nodeId,
  nodeTerm,
  personKey,
  ReadOnce,
  typeName,
  type Key,
} from "./_caliper.js";

interface GradeEvent extends JsonObject {
  id?: string;
  action: string;
  eventTime: string;
  actor: JsonObject | string;
  object: JsonObject | string;
  generated?: JsonObject | string;
  group?: JsonObject | string;
}

const score: JsonSchema = {
  properties: {
    scoreGiven: {
      type: "number",
      "x-code": "SCORE_NOT_NUMBER",
      "x-message": "generated.scoreGiven must be a finite number",
    },
    maxScore: {
      type: "number",
      "x-code": "SCORE_NOT_NUMBER",
      "x-message": "generated.maxScore must be a finite number",
    },
  },
};

const schema: JsonSchema = {
  $id: "https://gradeev.dev/schemas/caliper-grade-event.json",
  title: "IMS Caliper 1.1/1.2 GradeEvent",
  type: "object",
  properties: {
    action: {
      enum: ["Graded", "http://purl.imsglobal.org/caliper/actions/Graded"],
      "x-message": "a GradeEvent's action must be Graded",
    },
    object: entityOfType("Attempt", "ENTITY_TYPE", "a GradeEvent's object must be an Attempt"),
    generated: entityOfType("Score", "ENTITY_TYPE", "a GradeEvent generates a Score", score),
  },
};

interface Grade {
  attempt: JsonObject | undefined;
  score: JsonObject | undefined;
  learner: Key;
  course: Key;
  /** The graded item as the Attempt (or the Score's Attempt) names it: an IRI or an entity. */
  assignable: unknown;
  /** The entity whose maxScore is the maximum: the Score, or (falling back) the graded item. */
  maxFrom: JsonObject | undefined;
  max: number | undefined;
  maxFallback: boolean;
  /** The Score's and the item's maxScore, as given. */
  generatedMax: unknown;
  itemMax: unknown;
}

/** Reads the parts of a grade, resolving IRIs against the event and its envelope. */
function read(event: GradeEvent, context: EventContext): Grade {
  const attempt = context.resolve(event.object);
  const score = context.resolve(event.generated);
  // The learner is the Attempt's assignee; the Score may carry the Attempt too (Canvas does).
  const scoreAttempt = score === undefined ? undefined : context.resolve(score.attempt);
  const learner = personKey(attempt?.assignee ?? scoreAttempt?.assignee, context);
  const assignable = attempt?.assignable ?? scoreAttempt?.assignable;
  const item = context.resolve(assignable);
  const generatedMax = score?.maxScore;
  const itemMax = item?.maxScore;
  const grade: Grade = {
    attempt,
    score,
    learner,
    course: courseKey(event.group, context),
    assignable,
    maxFrom: undefined,
    max: undefined,
    maxFallback: false,
    generatedMax,
    itemMax,
  };
  if (typeof generatedMax === "number" && generatedMax > 0) ((grade.maxFrom = score), (grade.max = generatedMax));
  else if (typeof itemMax === "number" && itemMax > 0)
    ((grade.maxFrom = item), (grade.max = itemMax), (grade.maxFallback = true));
  return grade;
}

/** maxScores given but not above 0, which no maximum can be (Blackboard sends 0 for one it does not know). */
function unusableMax(grade: Grade): string[] {
  const unusable: string[] = [];
  if (typeof grade.generatedMax === "number" && grade.generatedMax <= 0)
    unusable.push(`generated.maxScore is ${grade.generatedMax}`);
  if (typeof grade.itemMax === "number" && grade.itemMax <= 0)
    unusable.push(`object.assignable.maxScore is ${grade.itemMax}`);
  return unusable;
}

const grades = new ReadOnce(read);

function check(event: GradeEvent, context: EventContext): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  const grade = grades.forCheck(event, context);
  if (grade.learner.ref === null) {
    const actorIsPerson = nodeTerm(context.resolve(event.actor)) === "Person";
    out.push(
      actorIsPerson
        ? finding(
            "LEARNER_IS_ACTOR",
            "invalid",
            "/object",
            "the Attempt names no assignee; the event's actor is the grader, not the learner, so the grade has no learner",
          )
        : finding("NO_LEARNER", "invalid", "/object", "the Attempt names no assignee (the learner)"),
    );
  } else if (grade.learner.key === null)
    out.push(finding("NO_LEARNER", "quality", "/object/assignee", "the learner is anonymous"));
  const course = grade.course;
  if (course.ref === null) out.push(finding("NO_COURSE", "invalid", "/group", noCourseReason(course, "group")));
  else if (course.fallback)
    out.push(
      finding(
        "NO_COURSE",
        "quality",
        "/group",
        "the course has no courseNumber, SIS id or LMS id up its subOrganizationOf chain; the course column holds its IRI",
      ),
    );
  if (nodeId(grade.assignable) === null)
    out.push(
      finding(
        "NO_ITEM",
        "invalid",
        "/object/assignable",
        "the Attempt names no assignable with an id: the graded item is unknown",
      ),
    );
  // A Score described beside the event met no schema here: its numbers are checked as the schema would.
  if (typeof event.generated === "string" && grade.score)
    for (const { key, shown } of notFiniteNumbers(grade.score, ["scoreGiven", "maxScore"]))
      out.push(
        finding(
          "SCORE_NOT_NUMBER",
          "invalid",
          "/generated",
          `the Score ${event.generated} (described beside the event) has ${key} ${shown}: it must be a finite number`,
        ),
      );
  const given = grade.score?.scoreGiven;
  if (grade.score === undefined)
    out.push(
      finding(
        "NO_SCORE",
        "quality",
        "/generated",
        "the event generates no Score the file describes, so the score is empty",
      ),
    );
  else if (given === undefined) out.push(finding("NO_SCORE", "quality", "/generated", "the Score has no scoreGiven"));
  const max = grade.max;
  if (grade.maxFallback)
    out.push(
      finding(
        "MAX_SCORE_FALLBACK",
        "quality",
        "/generated/maxScore",
        `generated.maxScore is ${JSON.stringify(grade.generatedMax ?? null)}; the maximum ${max} comes from the graded item (object.assignable.maxScore)`,
      ),
    );
  if (max === undefined) {
    const unusable = unusableMax(grade);
    if (unusable.length > 0)
      out.push(
        finding(
          "MAX_SCORE_UNKNOWN",
          "quality",
          "/generated/maxScore",
          `${unusable.join(" and ")}: a maximum must be above 0 (Blackboard sends 0 for one it does not know), so score_max is empty`,
        ),
      );
  }
  if (typeof given === "number" && max !== undefined && given > max)
    out.push(
      finding("SCORE_ABOVE_MAX", "quality", "/generated/scoreGiven", `scoreGiven ${given} is above the maximum ${max}`),
    );
  return out;
}

export default defineProfile<GradeEvent>({
  id: "caliper-grade-event",
  title: "IMS Caliper 1.1 / 1.2 GradeEvent (incl. Blackboard and Canvas)",
  standard: "caliper",
  recognises: "Caliper events whose type is GradeEvent (short term or IMS IRI)",
  detect: (value) => hasTypeTerm(typeName(value), "GradeEvent"),
  schema,
  check,
  flatten: (event, context) => {
    const grade = grades.forFlatten(event, context);
    const actor = personKey(event.actor, context);
    return {
      course: grade.course.key,
      user: grade.learner.key,
      score: context.number(grade.score, "scoreGiven"),
      score_max: context.number(grade.maxFrom, "maxScore"),
      score_min: null,
      score_percent: null, // computed by the core
      score_scaled: null,
      success: null,
      // Canvas sends the gradebook's own grade (a letter, "complete", or points) as a string.
      grade_text: canvasGrade(grade.attempt),
      item: nodeId(grade.assignable),
      is_final: null, // a GradeEvent grades one attempt; whether that makes the final grade is not said
      event_time: event.eventTime,
      action: iriTerm(event.action),
      actor: actor.key,
      actor_ref: actor.ref,
      course_ref: grade.course.ref,
      user_ref: grade.learner.ref,
      item_ref: nodeId(event.object),
      grade_version: null,
      source: "caliper",
      profile: "caliper-grade-event",
      event_id: typeof event.id === "string" ? event.id : null,
    };
  },
});
