/**
 * Blackboard Learn CalculatedGradeSnapshotEvent: the nightly snapshot of every recalculated grade,
 * in its Caliper 1.0 form (`@id`/`@type`, action `…#GradeCalculated`, `synVersion`) and its 1.1 form
 * (`id`/`type`, action `Graded`, `syncVersion`, `score` may be absent).
 * Docs: docs.blackboard.com, caliper/events/calculated-grade-snapshot-events.md (1.1) and
 * standards/caliper/events/calculated-grade-snapshot-events.md (1.0).
 * The learner is `object.user`; the actor is the Learn application. Names and descriptions are dropped.
 */
import { iriTerm, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { annotated, diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { defineProfile, type EventContext } from "../profile.js";
import { courseKey, noCourse, entityOrIri, nodeId, nodeType, personKey, ReadOnce } from "./_caliper.js";

const EVENT_TYPE = "http://caliper.blackboard.com/caliper/v1/CalculatedGradeSnapshotEvent";
const ACTIONS = [
  "http://caliper.blackboard.com/vocab/caliper/v1/action#GradeCalculated", // 1.0
  "Graded", // 1.1
  "http://purl.imsglobal.org/caliper/actions/Graded", // 1.1, the term's full IRI
  "http://purl.imsglobal.org/vocab/caliper/v1/action#Graded", // 1.0 IMS action IRI
];

interface CalculatedGrade extends JsonObject {
  itemId: string;
  score?: number | null;
  scorePossible?: number | null;
  isCourseGrade?: boolean | null;
  synVersion?: number | null;
  syncVersion?: number | null;
  user: JsonObject | string;
  course: JsonObject | string;
}

interface BbCalculatedGradeEvent extends JsonObject {
  id?: string;
  action: string;
  eventTime: string;
  actor?: JsonObject | string;
  object: CalculatedGrade;
}

const schema: JsonSchema = {
  $id: "https://gradeev.dev/schemas/bb-calculated-grade.json",
  title: "Blackboard Learn CalculatedGradeSnapshotEvent (Caliper 1.0 and 1.1)",
  type: "object",
  // Required properties, ids and times are Caliper's base rules (src/standards/caliper.ts).
  properties: {
    action: { type: "string", enum: ACTIONS },
    actor: entityOrIri(),
    object: {
      type: "object",
      allOf: [
        {
          required: ["user"],
          "x-code": "NO_LEARNER",
          "x-message": annotated("NO_LEARNER.bbSchema"),
        },
        {
          required: ["course"],
          "x-code": "NO_COURSE",
          "x-message": annotated("NO_COURSE.bbSchema"),
        },
        {
          required: ["itemId"],
          "x-code": "NO_ITEM",
          "x-message": annotated("NO_ITEM.bbSchema"),
        },
      ],
      properties: {
        itemId: { type: "string", minLength: 1, "x-code": "NO_ITEM" },
        score: {
          type: ["number", "null"],
          "x-code": "SCORE_NOT_NUMBER",
          "x-message": annotated("SCORE_NOT_NUMBER.bbSchema"),
        },
        scorePossible: { type: ["number", "null"] },
        isCourseGrade: { type: ["boolean", "null"] },
        synVersion: { type: ["number", "null"] },
        syncVersion: { type: ["number", "null"] },
        user: entityOrIri({
          properties: {
            extensions: {
              type: ["object", "null"],
              properties: {
                "bb:user.id": { type: ["string", "null"] },
                "bb:user.externalId": { type: ["string", "null"] },
              },
            },
          },
        }),
        course: entityOrIri({
          properties: {
            courseNumber: { type: ["string", "null"] },
            extensions: { type: ["object", "null"], properties: { "bb:course.id": { type: ["string", "null"] } } },
          },
        }),
      },
    },
  },
};

/** The learner and the course, resolved once for check and flatten. */
const keys = new ReadOnce((event: BbCalculatedGradeEvent, context: EventContext) => ({
  who: personKey(event.object.user, context),
  where: courseKey(event.object.course, context),
}));

function check(event: BbCalculatedGradeEvent, context: EventContext): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  const { who, where } = keys.forCheck(event, context);
  const { score, scorePossible } = event.object;
  if (typeof score === "number" && !Number.isFinite(score))
    out.push(diagnostic("SCORE_NOT_NUMBER.bbTooLarge", "invalid", "/object/score"));
  if (typeof score === "number" && typeof scorePossible === "number" && scorePossible > 0 && score > scorePossible)
    out.push(diagnostic("SCORE_ABOVE_MAX.bb", "quality", "/object/score", { score, max: scorePossible }));
  if (who.key === null) out.push(diagnostic("NO_LEARNER.bbNone", "invalid", "/object/user"));
  else if (who.fallback) out.push(diagnostic("NO_LEARNER.bbIri", "quality", "/object/user/extensions"));
  if (where.key === null) out.push(noCourse(where, "object.course", "/object/course"));
  else if (where.fallback) out.push(diagnostic("NO_COURSE.bbIri", "quality", "/object/course"));
  return out;
}

export default defineProfile<BbCalculatedGradeEvent>({
  id: "bb-calculated-grade",
  title: "Blackboard Learn CalculatedGradeSnapshotEvent (Caliper 1.0 / 1.1)",
  standard: "caliper",
  recognises: `Caliper events whose type is ${EVENT_TYPE}`,
  detect: (value) => nodeType(value) === EVENT_TYPE,
  schema,
  check,
  flatten: (event, context) => {
    const grade = event.object;
    const { who, where } = keys.forFlatten(event, context);
    const actor = personKey(event.actor, context);
    const versionKey = grade.synVersion != null ? "synVersion" : "syncVersion";
    return {
      course: where.key,
      user: who.key,
      score: context.number(grade, "score"),
      score_max: context.number(grade, "scorePossible"),
      score_min: null,
      score_percent: null, // computed by the core
      score_scaled: null,
      success: null,
      grade_text: null,
      item: grade.itemId,
      is_final: grade.isCourseGrade ?? null,
      event_time: event.eventTime,
      action: iriTerm(event.action),
      actor: actor.key,
      actor_ref: actor.ref,
      course_ref: nodeId(grade.course),
      user_ref: nodeId(grade.user),
      item_ref: nodeId(grade),
      grade_version: context.number(grade, versionKey),
      source: "caliper",
      profile: "bb-calculated-grade",
      event_id: typeof event.id === "string" ? event.id : null,
    };
  },
});
