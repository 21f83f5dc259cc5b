// Blackboard Learn CalculatedGradeSnapshotEvent envelopes, shaped like
// samples/valid/bb-calculated-grade/nightly-envelopes.ndjson: the nightly snapshot Blackboard sends,
// one envelope per line, with the full user, course and membership entities it embeds.
import { clock, rng, score, SUBJECTS, TERMS } from "./rng.js";

const CTX = ["http://caliper.blackboard.com/ctx/caliper/v1/Context", "http://purl.imsglobal.org/ctx/caliper/v1p1"];

export function bbEvents(seed) {
  const r = rng(seed);
  const site = r.uuid();
  const base = `https://caliper-mapping.cloudbb.blackboard.com/v1/sites/${site}`;
  const app = { id: `${base}/applications/learn`, type: "SoftwareApplication" };
  const now = clock(r, "2024-05-02T02:00:00.000Z");
  let version = 900000;

  const person = (u) => ({
    id: `${base}/users/_${u}_1`,
    type: "Person",
    extensions: { "bb:user.id": `_${u}_1`, "bb:user.externalId": `s${u + 100000}` },
  });
  const course = (c) => ({
    id: `${base}/courses/_${c}_1`,
    type: "CourseOffering",
    extensions: { "bb:course.id": `_${c}_1` },
    members: [],
    courseNumber: courseNumber(c),
  });

  /** The next event: a random learner's grade on a random item of a random course (2% ungraded). */
  return function next() {
    const c = r.int(300, 699); // 400 course sections
    const u = r.int(2000, 31999); // 30 000 learners
    const isCourseGrade = r.next() < 0.1;
    const item = isCourseGrade ? `_${c * 10}_1` : `_${c * 10 + r.int(1, 9)}_1`;
    const possible = isCourseGrade ? r.pick([500, 1000, 100]) : r.pick([10, 20, 25, 50, 100]);
    version += r.int(1, 3);
    const eventTime = now();
    const event = {
      "@context": CTX,
      type: "http://caliper.blackboard.com/caliper/v1/CalculatedGradeSnapshotEvent",
      id: `urn:uuid:${r.uuid()}`,
      actor: app,
      action: "Graded",
      object: {
        "@context": CTX,
        type: "http://caliper.blackboard.com/caliper/v1/CalculatedGrade",
        id: `${base}/gradableItems/${item}/calculatedGrade/${version}`,
        name: "",
        description: "",
        itemId: item,
        scorePossible: possible,
        isCourseGrade,
        syncVersion: version,
        user: person(u),
        course: course(c),
        extensions: {},
        score: r.next() < 0.02 ? null : score(r, possible),
      },
      eventTime,
      edApp: app,
      membership: {
        id: `${base}/courses/_${c}_1/members/_${u}_1`,
        type: "Membership",
        extensions: {
          "bb:course.id": `_${c}_1`,
          "bb:course.externalId": courseNumber(c),
          "bb:user.id": `_${u}_1`,
          "bb:user.externalId": `s${u + 100000}`,
        },
        member: person(u),
        organization: course(c),
        roles: ["Learner"],
        status: "Active",
      },
      extensions: {},
    };
    return {
      sensor: `urn:uuid:${site}`,
      sendTime: sendTime(eventTime),
      dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p1",
      data: [event],
    };
  };
}

/** The envelope leaves a few seconds after the event, as Blackboard batches them. */
const sendTime = (iso) => new Date(Date.parse(iso) + 9000).toISOString();

/** MATH-201.2024S: subject, level and term all follow from the section number. */
export function courseNumber(c) {
  return `${SUBJECTS[c % SUBJECTS.length]}-${100 + ((c * 37) % 400)}.${TERMS[c % TERMS.length]}`;
}
