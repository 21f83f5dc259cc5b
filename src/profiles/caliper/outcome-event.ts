/**
 * IMS Caliper 1.0 OutcomeEvent (Outcome Profile; deprecated in 1.1): action `…/action#Graded`,
 * object an Attempt whose `actor` is the learner, `generated` a Result with normalScore, penaltyScore,
 * extraCreditScore, totalScore. Sent by Blackboard Learn (1.0) and Moodle's logstore_caliper.
 * Spec: contexts/v1p0/Context.json and fixtures/v1p0 of caliper-spec.
 *
 * The score: totalScore is by definition normal + extra credit − penalty, and is the score when it
 * agrees with its parts. Blackboard sends totalScore 0.0 beside a real normalScore; Moodle sends only
 * totalScore. So: totalScore when normalScore is absent or the sum agrees; otherwise normalScore, with
 * a warning. The maximum comes from the item (Result has none); Moodle's is known to be unreliable.
 */
import { iriTerm, prop, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { annotated, diagnostic, type DiagnosticDraft } from "../../diagnostics.js";
import { hasTypeTerm } from "../../standards/caliper-vocabulary.js";
import { defineProfile, type EventContext } from "../profile.js";
import { courseKey, noCourse, entityOfType, nodeId, personKey, ReadOnce, typeName, type Key } from "./_caliper.js";

interface OutcomeEvent extends JsonObject {
  action: string;
  eventTime: string;
  actor: JsonObject | string;
  object: JsonObject | string;
  generated?: JsonObject | string;
  target?: JsonObject | string;
  group?: JsonObject | string;
}

const RESULT_SCORES = [
  "normalScore",
  "penaltyScore",
  "extraCreditScore",
  "totalScore",
  "curvedTotalScore",
  "curveFactor",
];

const schema: JsonSchema = {
  $id: "https://gradeev.dev/schemas/caliper-outcome-event.json",
  title: "IMS Caliper 1.0 OutcomeEvent",
  type: "object",
  properties: {
    action: {
      enum: [
        "http://purl.imsglobal.org/vocab/caliper/v1/action#Graded",
        "Graded",
        "http://purl.imsglobal.org/caliper/actions/Graded",
      ],
      "x-message": annotated("ENUM.outcomeAction"),
    },
    object: entityOfType("Attempt", "ENTITY_TYPE", annotated("ENTITY_TYPE.outcomeObject")),
    generated: entityOfType("Result", "ENTITY_TYPE", annotated("ENTITY_TYPE.outcomeGenerated"), {
      properties: Object.fromEntries(
        RESULT_SCORES.map((key) => [
          key,
          {
            type: ["number", "null"],
            "x-code": "SCORE_NOT_NUMBER",
            "x-message": annotated("SCORE_NOT_NUMBER.gradeSchema", { key }),
          },
        ]),
      ),
    }),
  },
};

type ScoreChoice = { key: "totalScore" | "normalScore" | undefined; value: number | undefined; disagrees: boolean };

function chooseScore(result: JsonObject | undefined): ScoreChoice {
  const num = (key: string) => {
    const v = prop(result, key);
    return typeof v === "number" ? v : undefined;
  };
  const total = num("totalScore");
  const normal = num("normalScore");
  if (normal === undefined)
    return { key: total === undefined ? undefined : "totalScore", value: total, disagrees: false };
  if (total === undefined) return { key: "normalScore", value: normal, disagrees: false };
  const expected = normal + (num("extraCreditScore") ?? 0) - (num("penaltyScore") ?? 0);
  // Compare as decimals written with a few places, not as binary doubles.
  if (Math.abs(expected - total) < 1e-9 * Math.max(1, Math.abs(total)))
    return { key: "totalScore", value: total, disagrees: false };
  return { key: "normalScore", value: normal, disagrees: true };
}

/** What check and flatten read of an outcome, resolved once. */
interface Outcome {
  result: JsonObject | undefined;
  learner: Key;
  course: Key;
  /** The graded item as the Attempt, the Result or the event's target names it. */
  assignable: unknown;
  choice: ScoreChoice;
}

function read(event: OutcomeEvent, context: EventContext): Outcome {
  const attempt = context.resolve(event.object);
  const result = context.resolve(event.generated);
  return {
    result,
    learner: personKey(attempt?.actor ?? result?.actor, context),
    course: courseKey(event.group, context),
    assignable: attempt?.assignable ?? result?.assignable ?? event.target,
    choice: chooseScore(result),
  };
}

const outcomes = new ReadOnce(read);

function check(event: OutcomeEvent, context: EventContext): DiagnosticDraft[] {
  const out: DiagnosticDraft[] = [];
  const { learner, course, assignable, result, choice } = outcomes.forCheck(event, context);
  if (learner.ref === null) out.push(diagnostic("NO_LEARNER.noActor", "invalid", "/object"));
  if (course.ref === null) out.push(noCourse(course, "group", "/group"));
  else if (course.fallback) out.push(diagnostic("NO_COURSE.outcomeIri", "quality", "/group"));
  if (nodeId(assignable) === null) out.push(diagnostic("NO_ITEM.outcome", "invalid", "/object/assignable"));
  if (result === undefined) out.push(diagnostic("NO_SCORE.noResult", "quality", "/generated"));
  else if (choice.key === undefined) out.push(diagnostic("NO_SCORE.noResultScore", "quality", "/generated"));
  if (choice.disagrees)
    out.push(
      diagnostic("OUTCOME_TOTAL_INCONSISTENT.total", "quality", "/generated/totalScore", {
        total: String(prop(result, "totalScore")),
        normal: choice.value,
      }),
    );
  return out;
}

export default defineProfile<OutcomeEvent>({
  id: "caliper-outcome-event",
  title: "IMS Caliper 1.0 OutcomeEvent (incl. Blackboard 1.0 and Moodle)",
  standard: "caliper",
  recognises: "Caliper events whose type is OutcomeEvent (1.0 IRI or term)",
  detect: (value) => hasTypeTerm(typeName(value), "OutcomeEvent"),
  schema,
  check,
  flatten: (event, context) => {
    const { result, learner, course, choice, assignable: assignableRef } = outcomes.forFlatten(event, context);
    const actor = personKey(event.actor, context);
    const assignable = context.resolve(assignableRef) ?? context.resolve(event.target);
    return {
      course: course.key,
      user: learner.key,
      score: choice.key === undefined ? null : context.number(result, choice.key),
      score_max: context.number(assignable, "maxScore"),
      score_min: null,
      score_percent: null, // computed by the core
      score_scaled: null,
      success: null,
      grade_text: null,
      item: nodeId(assignableRef),
      is_final: null,
      event_time: event.eventTime,
      action: iriTerm(event.action),
      actor: actor.key,
      actor_ref: actor.ref,
      course_ref: course.ref,
      user_ref: learner.ref,
      item_ref: nodeId(event.object),
      grade_version: null,
      source: "caliper",
      profile: "caliper-outcome-event",
      event_id: nodeId(event),
    };
  },
});
