/**
 * What every xAPI grade profile reads the same way: the learner from the actor's inverse functional
 * identifier, the course from context activities, the score (raw, min, max, scaled as given).
 * xAPI-Data.md §2.4.2 (agents), §2.4.5.1 (score), §2.4.6.2 (contextActivities).
 */
import { isObject, iriTerm, joinPointer, prop, text, type JsonObject } from "../../core/json.js";
import type { GradeRecord } from "../../types.js";
import type { EventContext } from "../profile.js";
import {
  accountOf,
  contextActivitiesIn,
  definitionOf,
  extensionsOf,
  homePageOf,
  idOf,
  maxOf,
  mboxOf,
  mboxSha1sumOf,
  minOf,
  nameOf,
  openidOf,
  rawOf,
  scaledOf,
  storedOf,
  typeOf,
} from "./_parts.js";
import { verdictOf } from "./_verdict.js";

export interface Statement extends JsonObject {
  id?: string;
  actor: JsonObject;
  verb: { id: string };
  object: JsonObject;
  result?: { score?: JsonObject; success?: boolean; extensions?: JsonObject };
  context?: JsonObject & {
    contextActivities?: JsonObject;
    instructor?: JsonObject;
    registration?: string;
    extensions?: JsonObject;
  };
  timestamp?: string;
}

/** The first of an agent's mbox, mbox_sha1sum and openid that it gives. */
function otherIdentifier(agent: unknown): string | null {
  return text(mboxOf(agent)) ?? text(mboxSha1sumOf(agent)) ?? text(openidOf(agent));
}

/** An agent's key: `account.name`, else mbox, mbox_sha1sum, openid; null for none. */
export function agentKey(agent: unknown): string | null {
  return text(nameOf(accountOf(agent))) ?? otherIdentifier(agent);
}

/** An agent's reference: `homePage|name` for an account, else the key. */
export function agentRef(agent: unknown): string | null {
  const account = accountOf(agent);
  const name = text(nameOf(account));
  if (name === null) return otherIdentifier(agent);
  const home = text(homePageOf(account));
  // Learning Locker keys agents the same way: homePage|name is unique across sites.
  return home === null ? name : `${home}|${name}`;
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
 * is for (forAgent): then that agent is the learner and the actor graded. context.instructor, when
 * given, is the grader either way.
 */
export function forAgent(statement: Statement): unknown {
  const value = prop(statement.context?.extensions, FOR_EXTENSION);
  return namesSomeone(value) ? value : undefined;
}

export function learnerOf(statement: Statement): unknown {
  return forAgent(statement) ?? statement.actor;
}

/** Where the learner is, for a diagnostic about it. */
export function learnerPointer(statement: Statement): string {
  return forAgent(statement) === undefined ? "/actor" : joinPointer("/context/extensions", FOR_EXTENSION);
}

export function graderOf(statement: Statement): unknown {
  const instructor = statement.context?.instructor;
  return forAgent(statement) === undefined ? instructor : (instructor ?? statement.actor);
}

export type ContextActivityKind = "parent" | "grouping" | "category" | "other";

/**
 * The first context activity of `kind` that `accepts`. contextActivities values may be one activity
 * or an array of them (1.0.3 allows both). Read in place: detection and flattening ask this of
 * every statement, so it makes no list.
 */
export function findContextActivity(
  statement: Statement,
  kind: ContextActivityKind,
  accepts: (activity: JsonObject) => boolean,
): JsonObject | undefined {
  const value = contextActivitiesIn(statement.context?.contextActivities, kind);
  if (!Array.isArray(value)) return isObject(value) && accepts(value) ? value : undefined;
  for (let i = 0; i < value.length; i++) {
    const activity: unknown = value[i];
    if (isObject(activity) && accepts(activity)) return activity;
  }
  return undefined;
}

export function activityType(activity: unknown): string | null {
  return text(typeOf(definitionOf(activity)));
}

function isCourse(activity: JsonObject): boolean {
  return isCourseType(activityType(activity));
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
  if (gradesCourse(statement)) return statement.object;
  return findContextActivity(statement, "parent", isCourse) ?? findContextActivity(statement, "grouping", isCourse);
}

/** Whether a statement grades the whole course: its object is the course. */
function gradesCourse(statement: Statement): boolean {
  return isCourseType(activityType(statement.object));
}

export function isCourseType(type: string | null): boolean {
  return type !== null && COURSE_TYPES.includes(type);
}

export function extensionOf(node: unknown, key: string): unknown {
  return prop(extensionsOf(node), key);
}

const ownProperty = Object.prototype.hasOwnProperty;

/** Whether an extensions object has a key under `prefix` (a producer's namespace). Reads keys in place, making no list. */
export function hasKeyUnder(extensions: unknown, prefix: string): boolean {
  if (!isObject(extensions)) return false;
  for (const key in extensions) if (ownProperty.call(extensions, key) && key.startsWith(prefix)) return true;
  return false;
}

/** What each xAPI profile decides for itself: the course and the item (and rarely more). */
export type OwnFields = Pick<GradeRecord, "course" | "course_ref" | "item" | "item_ref" | "grade_text"> &
  Partial<Pick<GradeRecord, "is_final">>;

/**
 * A record with the parts every xAPI profile fills the same way, and the profile's own. Built as
 * one object literal (not spread into another): this runs once per statement.
 */
export function commonRecord(
  statement: Statement,
  context: EventContext,
  profile: string,
  own: OwnFields,
): GradeRecord {
  // learnerOf and graderOf, asking forAgent once.
  const gradedFor = forAgent(statement);
  const learner = gradedFor ?? statement.actor;
  const instructor = statement.context?.instructor;
  const grader = gradedFor === undefined ? instructor : (instructor ?? statement.actor);
  const score = statement.result?.score;
  return {
    course: own.course,
    user: agentKey(learner),
    score: context.decimal(rawOf(score), "/result/score/raw"),
    score_max: context.decimal(maxOf(score), "/result/score/max"),
    score_min: context.decimal(minOf(score), "/result/score/min"),
    score_percent: null,
    score_scaled: context.decimal(scaledOf(score), "/result/score/scaled"),
    success: verdictOf(statement),
    grade_text: own.grade_text,
    item: own.item,
    is_final: own.is_final ?? (gradesCourse(statement) ? true : null),
    event_time: text(statement.timestamp) ?? text(storedOf(statement)),
    action: iriTerm(idOf(statement.verb)),
    // The grader when the statement names one (context.instructor, or the actor of a grade "for" someone).
    actor: agentKey(grader),
    actor_ref: agentRef(grader),
    course_ref: own.course_ref,
    user_ref: agentRef(learner),
    item_ref: own.item_ref,
    grade_version: null,
    source: "xapi",
    profile,
    event_id: text(statement.id),
  };
}
