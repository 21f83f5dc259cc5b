// "The same CSV flattening" for the other tools: per profile, a jq program and a DuckDB SELECT that
// output course,user,score,score_max,item,event_time, taking each from where gradeev takes it for
// these files (README, "Where each column comes from"). They do no validation: that is the point of
// the comparison, gradeev validates every event and still has to keep up.

const XAPI_COURSE_JQ = `(((.context.contextActivities.grouping // []) + (.context.contextActivities.parent // [])) | map(select((.definition.type // "") | endswith("/course"))) | .[0].id)`;

export const JQ = {
  bb: `.data[] | [.object.course.courseNumber, .object.user.extensions["bb:user.externalId"], .object.score, .object.scorePossible, .object.itemId, .eventTime] | @csv`,
  caliper: `[.group.courseNumber, .object.assignee.id, .generated.scoreGiven, .generated.maxScore, .object.assignable.id, .eventTime] | @csv`,
  xapi: `[${XAPI_COURSE_JQ}, .actor.account.name, .result.score.raw, .result.score.max, .object.id, .timestamp] | @csv`,
};

const s = (path) => `json_extract_string(e, '${path}')`;
const XAPI_COURSE_SQL = `json_extract_string(list_filter(
    list_concat(coalesce(json_extract(e, '$.context.contextActivities.grouping[*]'), []), coalesce(json_extract(e, '$.context.contextActivities.parent[*]'), [])),
    a -> json_extract_string(a, '$.definition.type') LIKE '%/course')[1], '$.id')`;

/** SELECT lists over `e`, one event as JSON; FROM clauses that produce `e` from read_ndjson_objects. */
export const DUCKDB = {
  bb: {
    from: (file) => `(SELECT unnest(json_extract(json, '$.data[*]')) AS e FROM read_ndjson_objects(${quote(file)}))`,
    select: [
      s("$.object.course.courseNumber"),
      s(`$.object.user.extensions."bb:user.externalId"`),
      s("$.object.score"),
      s("$.object.scorePossible"),
      s("$.object.itemId"),
      s("$.eventTime"),
    ],
  },
  caliper: {
    from: (file) => `(SELECT json AS e FROM read_ndjson_objects(${quote(file)}))`,
    select: [
      s("$.group.courseNumber"),
      s("$.object.assignee.id"),
      s("$.generated.scoreGiven"),
      s("$.generated.maxScore"),
      s("$.object.assignable.id"),
      s("$.eventTime"),
    ],
  },
  xapi: {
    from: (file) => `(SELECT json AS e FROM read_ndjson_objects(${quote(file)}))`,
    select: [
      XAPI_COURSE_SQL,
      s("$.actor.account.name"),
      s("$.result.score.raw"),
      s("$.result.score.max"),
      s("$.object.id"),
      s("$.timestamp"),
    ],
  },
};

export const COLUMNS = ["course", "user", "score", "score_max", "item", "event_time"];

/** The COPY statement for one profile's file. */
export function duckdbCopy(profile, file, out) {
  const { from, select } = DUCKDB[profile];
  const cols = select.map((expr, i) => `${expr} AS ${COLUMNS[i]}`).join(", ");
  return `COPY (SELECT ${cols} FROM ${from(file)}) TO ${quote(out)} (FORMAT csv, HEADER true)`;
}

function quote(text) {
  return `'${text.replaceAll("'", "''")}'`;
}
