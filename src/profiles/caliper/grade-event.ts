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
import { annotated, diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { notFiniteNumbers } from "../../standards/caliper.js";
import { hasTypeTerm } from "../../standards/caliper-vocabulary.js";
import { defineProfile, type EventContext } from "../profile.js";
import {
  canvasGrade,
  courseKey,
  noCourse,
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
      "x-message": annotated("SCORE_NOT_NUMBER.gradeSchema", { key: "scoreGiven" }),
    },
    maxScore: {
      type: "number",
      "x-code": "SCORE_NOT_NUMBER",
      "x-message": annotated("SCORE_NOT_NUMBER.gradeSchema", { key: "maxScore" }),
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
      "x-message": annotated("ENUM.gradeAction"),
    },
    object: entityOfType("Attempt", "ENTITY_TYPE", annotated("ENTITY_TYPE.gradeObject")),
    generated: entityOfType("Score", "ENTITY_TYPE", annotated("ENTITY_TYPE.gradeGenerated"), score),
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
function unusableMax(grade: Grade): DiagnosticDraft | undefined {
  const generated = typeof grade.generatedMax === "number" && grade.generatedMax <= 0 ? grade.generatedMax : undefined;
  const item = typeof grade.itemMax === "number" && grade.itemMax <= 0 ? grade.itemMax : undefined;
  const pointer = "/generated/maxScore";
  if (generated !== undefined && item !== undefined)
    return diagnostic("MAX_SCORE_UNKNOWN.both", "quality", pointer, { generated, item });
  if (generated !== undefined) return diagnostic("MAX_SCORE_UNKNOWN.generated", "quality", pointer, { generated });
  if (item !== undefined) return diagnostic("MAX_SCORE_UNKNOWN.item", "quality", pointer, { item });
  return undefined;
}

const grades = new ReadOnce(read);

function check(event: GradeEvent, context: EventContext): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  const grade = grades.forCheck(event, context);
  if (grade.learner.ref === null) {
    const actorIsPerson = nodeTerm(context.resolve(event.actor)) === "Person";
    out.push(
      actorIsPerson
        ? diagnostic("LEARNER_IS_ACTOR.grader", "invalid", "/object")
        : diagnostic("NO_LEARNER.noAssignee", "invalid", "/object"),
    );
  } else if (grade.learner.key === null) out.push(diagnostic("NO_LEARNER.anonymous", "quality", "/object/assignee"));
  const course = grade.course;
  if (course.ref === null) out.push(noCourse(course, "group", "/group"));
  else if (course.fallback) out.push(diagnostic("NO_COURSE.gradeIri", "quality", "/group"));
  if (nodeId(grade.assignable) === null) out.push(diagnostic("NO_ITEM.noAssignable", "invalid", "/object/assignable"));
  // A Score described beside the event met no schema here: its numbers are checked as the schema would.
  if (typeof event.generated === "string" && grade.score)
    for (const { key, value } of notFiniteNumbers(grade.score, ["scoreGiven", "maxScore"]))
      out.push(
        diagnostic("SCORE_NOT_NUMBER.describedScore", "invalid", "/generated", { score: event.generated, key, value }),
      );
  const given = grade.score?.scoreGiven;
  if (grade.score === undefined) out.push(diagnostic("NO_SCORE.noScore", "quality", "/generated"));
  else if (given === undefined) out.push(diagnostic("NO_SCORE.noScoreGiven", "quality", "/generated"));
  const max = grade.max;
  if (grade.maxFallback)
    out.push(
      diagnostic("MAX_SCORE_FALLBACK.fromItem", "quality", "/generated/maxScore", {
        generated: grade.generatedMax ?? null,
        max,
      }),
    );
  if (max === undefined) {
    const unusable = unusableMax(grade);
    if (unusable !== undefined) out.push(unusable);
  }
  if (typeof given === "number" && max !== undefined && given > max)
    out.push(diagnostic("SCORE_ABOVE_MAX.caliper", "quality", "/generated/scoreGiven", { score: given, max }));
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
