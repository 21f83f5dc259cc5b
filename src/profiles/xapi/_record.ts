/**
 * What every xAPI grade profile reads the same way: the learner from the actor's inverse functional
 * identifier, the course from context activities, the score (raw, min, max, scaled as given).
 * xAPI-Data.md §2.4.2 (agents), §2.4.5.1 (score), §2.4.6.2 (contextActivities).
 */
import { isObject, iriTerm, joinPointer, prop, text, type JsonObject } from "../../core/json.js";
import type { Decimal, GradeRecord } from "../../types.js";
import type { EventContext } from "../profile.js";
import { verdictOf } from "./_verdict.js";

export interface Statement extends JsonObject {
  id?: string;
  actor: JsonObject;
  verb: { id: string };
  object: JsonObject;
  result?: { score?: JsonObject; success?: boolean; extensions?: JsonObject };
  context?: JsonObject & { contextActivities?: JsonObject; instructor?: JsonObject; registration?: string; extensions?: JsonObject };
  timestamp?: string;
}

/** An agent's key and reference: `account.name` (and `homePage|name`), else mbox, mbox_sha1sum, openid. */
export function agentKey(agent: unknown): { key: string | null; ref: string | null } {
  const account = prop(agent, "account");
  const name = text(prop(account, "name"));
  if (name !== null) {
    const home = text(prop(account, "homePage"));
    // Learning Locker keys agents the same way: homePage|name is unique across sites.
    return { key: name, ref: home === null ? name : `${home}|${name}` };
  }
  for (const ifi of ["mbox", "mbox_sha1sum", "openid"]) {
    const value = text(prop(agent, ifi));
    if (value !== null) return { key: value, ref: value };
  }
  return { key: null, ref: null };
}

/**
 * The agent a statement's action is for, when it says (Yet Analytics' prepositions profile, which
 * Moodle's logstore_xapi uses where the actor marks another's work: lesson essay_assessed).
 */
export const FOR_EXTENSION = "https://yetanalytics.com/profiles/prepositions/concepts/context-extensions/for";

/**
 * Whether a `for` value names someone. The prepositions profile makes every value "an xAPI object
 * (Activity, StatementRef, SubStatement, Agent or Group)": an Activity, a StatementRef or a
 * SubStatement (by its objectType, or an `id`, which only those have) is a thing, and null (xAPI
 * allows it in extensions) is nothing. Anything else claims a person, to be keyed or reported.
 */
function namesSomeone(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!isObject(value)) return true;
  const objectType = value.objectType;
  if (objectType === "Activity" || objectType === "StatementRef" || objectType === "SubStatement") return false;
  return objectType !== undefined || value.id === undefined;
}

/**
 * The learner and the grader. The learner is the actor, unless the statement says whom the action
 * is for: then that agent is the learner and the actor graded. context.instructor, when given, is
 * the grader either way.
 */
export function people(statement: Statement): { learner: unknown; learnerPointer: string; grader: unknown } {
  const forAgent = prop(statement.context?.extensions, FOR_EXTENSION);
  if (namesSomeone(forAgent))
    return { learner: forAgent, learnerPointer: joinPointer("/context/extensions", FOR_EXTENSION), grader: statement.context?.instructor ?? statement.actor };
  return { learner: statement.actor, learnerPointer: "/actor", grader: statement.context?.instructor };
}

/** contextActivities values may be one activity or an array of them (1.0.3 allows both). */
export function contextActivities(statement: Statement, kind: "parent" | "grouping" | "category" | "other"): JsonObject[] {
  const value = prop(statement.context?.contextActivities, kind);
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function activityType(activity: unknown): string | null {
  return text(prop(prop(activity, "definition"), "type"));
}

/** The first context activity (parent, then grouping) whose type is one of `types`. */
export function contextActivityOfType(statement: Statement, types: readonly string[]): JsonObject | undefined {
  for (const kind of ["parent", "grouping"] as const)
    for (const activity of contextActivities(statement, kind)) {
      const type = activityType(activity);
      if (type !== null && types.includes(type)) return activity;
    }
  return undefined;
}

/**
 * Activity types that mean "a course", across the vocabularies in real use (docs/mapping.md lists
 * each with the vocabulary that defines it).
 */
export const COURSE_TYPES: readonly string[] = [
  "http://adlnet.gov/expapi/activities/course",
  "http://id.tincanapi.com/activitytype/lms/course",
  "https://w3id.org/xapi/cmi5/activitytype/course",
  "http://xapi.jisc.ac.uk/courseArea",
  "http://vocab.xapi.fr/activities/course",
];

/**
 * The course a statement names: its object, when that is typed as a course (a grade of the whole
 * course: ADL's SCORM profile sets course status so, Open edX sends its course grades so), else the
 * first context activity (parent, then grouping) typed as a course.
 */
export function courseActivity(statement: Statement): JsonObject | undefined {
  return isCourseType(activityType(statement.object)) ? statement.object : contextActivityOfType(statement, COURSE_TYPES);
}

/** Whether a statement grades the whole course: its object is the course. */
function gradesCourse(statement: Statement): boolean {
  return isCourseType(activityType(statement.object));
}

export function isCourseType(type: string | null): boolean {
  return type !== null && COURSE_TYPES.includes(type);
}

export function extensionOf(node: unknown, key: string): unknown {
  return prop(prop(node, "extensions"), key);
}

/** What each xAPI profile decides for itself: the course and the item (and rarely more). */
export type OwnFields = Pick<GradeRecord, "course" | "course_ref" | "item" | "item_ref" | "grade_text"> & Partial<Pick<GradeRecord, "is_final">>;

/**
 * A record with the parts every xAPI profile fills the same way, and the profile's own. Built as
 * one object literal (not spread into another): this runs once per statement.
 */
export function commonRecord(statement: Statement, context: EventContext, profile: string, own: OwnFields): GradeRecord {
  const who = people(statement);
  const learner = agentKey(who.learner);
  const grader = agentKey(who.grader);
  const score = statement.result?.score;
  const number = (key: string): Decimal | null => context.decimal(prop(score, key), `/result/score/${key}`);
  return {
    course: own.course,
    user: learner.key,
    score: number("raw"),
    score_max: number("max"),
    score_min: number("min"),
    score_percent: null,
    score_scaled: number("scaled"),
    success: verdictOf(statement).success,
    grade_text: own.grade_text,
    item: own.item,
    is_final: own.is_final ?? (gradesCourse(statement) ? true : null),
    event_time: text(statement.timestamp) ?? text(prop(statement, "stored")),
    action: iriTerm(prop(statement.verb, "id")),
    // The grader when the statement names one (context.instructor, or the actor of a grade "for" someone).
    actor: grader.key,
    actor_ref: grader.ref,
    course_ref: own.course_ref,
    user_ref: learner.ref,
    item_ref: own.item_ref,
    grade_version: null,
    source: "xapi",
    profile,
    event_id: text(statement.id),
  };
}
