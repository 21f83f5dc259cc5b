// xAPI statements with scores, as an LRS exports them (id, timestamp, stored, authority added).
// Three shapes, in the mix a campus LRS sees: the generic scored statement of
// samples/valid/xapi-score/lrs-export-mixed-scores.ndjson (half), Moodle logstore_xapi's current TLA
// form (samples/valid/xapi-moodle/moodle-logstore_xapi-assign-graded-comment.json) and its pre-2025
// ADL form (samples/valid/xapi-moodle/moodle-logstore_xapi-v4-assign-graded-comment.json).
import { clock, rng, score } from "./rng.js";

const activity = (id, type, name) => ({
  objectType: "Activity",
  id,
  definition: { ...(name && { name: { en: name } }), type },
});
const account = (homePage, name) => ({ objectType: "Agent", account: { homePage, name } });

export function xapiEvents(seed) {
  const r = rng(seed);
  const now = clock(r, "2024-04-02T10:00:00.000Z");
  const authority = { objectType: "Agent", name: "LRS client", mbox: "mailto:lrs@example.edu" };
  const moodleInfo = {
    event_function: "\\src\\transformer\\events\\mod_assign\\assignment_graded",
    event_name: "\\mod_assign\\event\\submission_graded",
    "http://moodle.org": "4.1.0",
    "https://github.com/xAPI-vle/moodle-logstore_xapi": "4.7.0",
  };

  /** The generic LRS statement: ADL or TLA verb, a course in grouping, an instructor. */
  function generic(t) {
    const lms = "https://lms.example.edu";
    const max = r.pick([10, 20, 50, 100]);
    const min = r.next() < 0.8 ? 0 : 1;
    const raw = Math.max(min, score(r, max));
    return {
      actor: account(lms, `learner-${r.int(1, 40000)}`),
      verb: r.pick([
        { id: "http://adlnet.gov/expapi/verbs/scored", display: { "en-US": "scored" } },
        { id: "https://w3id.org/xapi/tla/verbs/scored", display: { "en-US": "scored" } },
      ]),
      object: activity(`${lms}/activities/quiz-${r.int(1, 5000)}`, "http://adlnet.gov/expapi/activities/assessment"),
      timestamp: t,
      result: {
        score: { raw, min, max, scaled: Math.round((raw / max) * 1e4) / 1e4 },
        ...(r.next() < 0.5 && { success: raw >= max / 2 }),
      },
      context: {
        contextActivities: {
          grouping: [activity(`${lms}/courses/C${r.int(1, 800)}`, "http://adlnet.gov/expapi/activities/course")],
        },
        instructor: { objectType: "Agent", mbox: `mailto:teacher${r.int(1, 500)}@example.edu` },
      },
    };
  }

  /** Moodle's current form: TLA scored, the assignment and course as parents. */
  function moodle(t) {
    const site = "https://moodle.example.edu";
    const cm = r.int(1, 20000);
    const course = r.int(2, 900);
    const max = r.pick([2, 10, 20, 100]);
    const raw = score(r, max);
    return {
      actor: { ...account(site, String(r.int(3, 40000))), name: `Student ${r.int(1, 99999)}` },
      verb: { id: "https://w3id.org/xapi/tla/verbs/scored", display: { en: "Scored" } },
      object: activity(
        `${site}/mod/assign/view.php?id=${cm}#submission`,
        "https://xapi.edlm/profiles/edlm-lms/concepts/activity-types/submission",
        `Assignment ${cm} Submission`,
      ),
      timestamp: t,
      result: {
        response: r.pick(["Good work", "See comments", "Resubmit the proof"]),
        score: { max, min: 0, raw, scaled: Math.round(((raw / max) * 2 - 1) * 1e4) / 1e4 },
        success: raw >= max / 2,
      },
      context: {
        contextActivities: {
          category: [activity(site, "http://id.tincanapi.com/activitytype/lms", "Example Moodle")],
          parent: [
            activity(
              `${site}/mod/assign/view.php?id=${cm}`,
              "https://xapi.edlm/profiles/edlm-lms/concepts/activity-types/assignment",
              `Assignment ${cm}`,
            ),
            activity(
              `${site}/course/view.php?id=${course}`,
              "https://w3id.org/xapi/cmi5/activitytype/course",
              `Course ${course}`,
            ),
          ],
        },
        extensions: { "http://lrs.learninglocker.net/define/extensions/info": moodleInfo },
        instructor: { ...account(site, String(r.int(1, 2))), name: "Teacher" },
        language: "en",
      },
    };
  }

  /** Moodle before 2025: ADL scored, the course in grouping typed lms/course, scaled = raw/max. */
  function moodleLegacy(t) {
    const site = "https://moodle.example.edu";
    const cm = r.int(1, 20000);
    const course = r.int(2, 900);
    const max = r.pick([2, 10, 20, 100]);
    const raw = score(r, max);
    return {
      actor: { name: `Student ${r.int(1, 99999)}`, account: { homePage: site, name: String(r.int(3, 40000)) } },
      verb: { id: "http://adlnet.gov/expapi/verbs/scored", display: { en: "attained grade for" } },
      object: {
        id: `${site}/mod/assign/view.php?id=${cm}`,
        definition: { type: "http://adlnet.gov/expapi/activities/assessment", name: { en: `Assignment ${cm}` } },
      },
      result: {
        score: { raw, min: 0, max, scaled: Math.round((raw / max) * 1e4) / 1e4 },
        completion: true,
        success: raw >= max / 2,
      },
      timestamp: t,
      context: {
        instructor: { name: "Teacher", account: { homePage: site, name: "2" } },
        platform: "Moodle",
        language: "en",
        extensions: { "http://lrs.learninglocker.net/define/extensions/info": moodleInfo },
        contextActivities: {
          grouping: [
            {
              id: site,
              definition: { type: "http://id.tincanapi.com/activitytype/lms", name: { en: "Example Moodle" } },
            },
            {
              id: `${site}/course/view.php?id=${course}`,
              definition: { type: "http://id.tincanapi.com/activitytype/lms/course", name: { en: `Course ${course}` } },
            },
          ],
          category: [
            {
              id: "http://moodle.org",
              definition: { type: "http://id.tincanapi.com/activitytype/source", name: { en: "Moodle" } },
            },
          ],
        },
      },
    };
  }

  return function next() {
    const t = now();
    const p = r.next();
    const body = p < 0.5 ? generic(t) : p < 0.8 ? moodle(t) : moodleLegacy(t);
    const stored = new Date(Date.parse(t) + r.int(100, 60000)).toISOString();
    return { id: r.uuid(), ...body, stored, authority, version: "1.0.0" };
  };
}
