/**
 * D2L Brightspace Data Streams "Grades events": an xAPI statement sent when a grade record is
 * created, updated, deleted, restored, released or predicted.
 * Docs: docs.datastreams.desire2learn.com/xapi/gradesevent.html (July 2023).
 * Two traps: the actor is whoever *changed* the grade (an instructor or the system), never the
 * learner, and the statement carries no score. So the record is a grade-change notice: course,
 * item and actor filled, `user` and `score` empty, to be joined with Brightspace Data Sets.
 */
import { iriTerm, joinPointer, type JsonObject } from "../../core/json.js";
import type { JsonSchema } from "../../core/schema.js";
import { annotated } from "../../diagnostics.js";
import { defineProfile, type EventContext } from "../profile.js";
import { definitionOf, objectOf, typeOf } from "./_parts.js";

const VERB = "https://api.brightspace.com/xapi/verbs/";
const ACTIVITY = "https://api.brightspace.com/xapi/activities/tools/grade";
const KEY = "https://api.brightspace.com/xapi/extension_keys/context/";
const CONTEXT_ACTOR = `${KEY}actor`;
const CONTEXT_OBJECT = `${KEY}object`;
const CONTEXT_CONTEXT = `${KEY}context`;
const GRADE_TYPES = { [ACTIVITY]: "overall", [`${ACTIVITY}/item`]: "item", [`${ACTIVITY}/final`]: "final" } as const;
const VERBS = ["created", "updated", "deleted", "restored", "released", "predicted"].map((v) => VERB + v);
const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

type Id = string | number;

interface BrightspaceGradeStatement extends JsonObject {
  id?: string;
  timestamp: string;
  actor: { account: { homePage: string; name: string } };
  verb: { id: string };
  object: { id: string; definition: { type: keyof typeof GRADE_TYPES } };
  context: {
    registration?: string;
    extensions: {
      [CONTEXT_ACTOR]?: { userId?: Id; impersonatingUserId?: Id };
      [CONTEXT_OBJECT]: { id: Id };
      [CONTEXT_CONTEXT]: { orgUnitId: Id; tenantId?: string };
    };
  };
}

const idValue: JsonSchema = { type: ["string", "integer"], minLength: 1 };

const schema: JsonSchema = {
  $id: "https://gradeev.dev/schemas/brightspace-grade.json",
  title: "D2L Brightspace Data Streams grade event (xAPI statement)",
  type: "object",
  required: ["actor", "verb", "object", "context", "timestamp"],
  allOf: [{ required: ["id"], "x-level": "deviation", "x-message": annotated("REQUIRED.brightspaceId") }],
  properties: {
    // The id's and the timestamp's formats are xAPI's base rules (src/standards/xapi/).
    actor: {
      type: "object",
      required: ["account"],
      "x-code": "NO_ACTOR_ID",
      properties: {
        account: {
          type: "object",
          required: ["homePage", "name"],
          "x-code": "NO_ACTOR_ID",
          properties: { name: { type: "string", minLength: 1 } },
        },
      },
    },
    verb: { type: "object", required: ["id"], properties: { id: { type: "string", enum: VERBS } } },
    object: {
      type: "object",
      required: ["id", "definition"],
      properties: {
        id: {
          type: "string",
          pattern: `^urn:uuid:${UUID}$`,
          "x-level": "deviation",
          "x-message": annotated("PATTERN.brightspaceId"),
        },
        definition: {
          type: "object",
          required: ["type"],
          properties: { type: { type: "string", enum: Object.keys(GRADE_TYPES) } },
        },
      },
    },
    context: {
      type: "object",
      required: ["extensions"],
      "x-code": "NO_COURSE",
      properties: {
        extensions: {
          type: "object",
          allOf: [
            {
              required: [CONTEXT_CONTEXT],
              "x-code": "NO_COURSE",
              "x-message": annotated("NO_COURSE.brightspaceSchema", { extension: CONTEXT_CONTEXT }),
            },
            {
              required: [CONTEXT_OBJECT],
              "x-code": "NO_ITEM",
              "x-message": annotated("NO_ITEM.brightspaceSchema", { extension: CONTEXT_OBJECT }),
            },
          ],
          properties: {
            [CONTEXT_CONTEXT]: {
              type: "object",
              required: ["orgUnitId"],
              "x-code": "NO_COURSE",
              "x-message": annotated("NO_COURSE.brightspaceExtension"),
              properties: {
                orgUnitId: { ...idValue, "x-code": "NO_COURSE" },
                tenantId: { type: "string" },
                orgUnitType: { type: "string" },
              },
            },
            [CONTEXT_OBJECT]: {
              type: "object",
              required: ["id"],
              "x-code": "NO_ITEM",
              "x-message": annotated("NO_ITEM.brightspaceExtension"),
              properties: { id: { ...idValue, "x-code": "NO_ITEM" } },
            },
            [CONTEXT_ACTOR]: {
              type: "object",
              properties: {
                userId: idValue,
                roleId: idValue,
                impersonatingUserId: idValue,
                imsRoleIds: { type: "array" },
              },
            },
          },
        },
      },
    },
  },
};

/** Ids are strings in D2L's docs; a number is kept exactly as written. */
function idText(value: Id | undefined, pointer: string, context: EventContext): string | null {
  if (typeof value === "number") return context.decimal(value, pointer);
  return value ?? null;
}

const ext = (key: string) => joinPointer("/context/extensions", key);

export default defineProfile<BrightspaceGradeStatement>({
  id: "brightspace-grade",
  title: "D2L Brightspace Data Streams grade event (xAPI)",
  standard: "xapi",
  recognises: `xAPI statements whose object.definition.type starts with ${ACTIVITY}`,
  detect: (value) => {
    const type = typeOf(definitionOf(objectOf(value)));
    return typeof type === "string" && type.startsWith(ACTIVITY);
  },
  schema,
  flatten: (statement, context) => {
    const extensions = statement.context.extensions;
    const kind = GRADE_TYPES[statement.object.definition.type];
    const action = iriTerm(statement.verb.id);
    const editor = extensions[CONTEXT_ACTOR];
    return {
      course: idText(extensions[CONTEXT_CONTEXT].orgUnitId, `${ext(CONTEXT_CONTEXT)}/orgUnitId`, context),
      user: null, // the actor edited the grade; the learner is not in the event
      score: null, // Brightspace grade events carry no score
      score_max: null,
      score_min: null,
      score_percent: null, // computed by the core
      score_scaled: null,
      success: null,
      grade_text: null,
      item: idText(extensions[CONTEXT_OBJECT].id, `${ext(CONTEXT_OBJECT)}/id`, context),
      // The overall grade is the course's final grade; a predicted one is not final yet.
      is_final: action === "predicted" ? false : kind !== "item",
      event_time: statement.timestamp,
      action,
      actor: idText(editor?.userId, `${ext(CONTEXT_ACTOR)}/userId`, context) ?? statement.actor.account.name,
      actor_ref: statement.actor.account.name,
      course_ref: statement.context.registration ?? null,
      user_ref: null,
      item_ref: statement.object.id,
      grade_version: null,
      source: "xapi",
      profile: "brightspace-grade",
      event_id: statement.id ?? null,
    };
  },
});
