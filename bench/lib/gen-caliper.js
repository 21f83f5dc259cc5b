// Caliper 1.2 GradeEvents, shaped like samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json
// (the spec's own example): an Attempt with its assignee and assignable, the Score it generated, and
// the CourseSection as group. One event per NDJSON line, as an LRS or event store exports them.
import { clock, rng, score, SUBJECTS } from "./rng.js";

export function caliperEvents(seed) {
  const r = rng(seed);
  const edu = "https://example.edu";
  const now = clock(r, "2024-09-02T08:00:00.000Z");
  const autograder = { id: `${edu}/autograder`, type: "SoftwareApplication", version: "v2" };

  return function next() {
    const term = r.pick(["201601", "201609", "202401", "202409"]);
    const course = r.int(1, 300);
    const section = r.int(1, 4);
    const assess = r.int(1, 12);
    const user = r.int(100000, 999999);
    const attempt = r.int(1, 3);
    const sectionIri = `${edu}/terms/${term}/courses/${course}/sections/${section}`;
    const attemptIri = `${sectionIri}/assess/${assess}/users/${user}/attempts/${attempt}`;
    const maxScore = r.pick([10, 15, 20, 50, 100]);
    const eventTime = now();
    const started = new Date(Date.parse(eventTime) - r.int(600, 7200) * 1000);
    const ended = new Date(Date.parse(eventTime) - r.int(5, 300) * 1000);
    const grader = r.next() < 0.7 ? autograder : { id: `${edu}/users/instr-${r.int(1, 400)}`, type: "Person" };
    return {
      "@context": "http://purl.imsglobal.org/ctx/caliper/v1p2",
      id: `urn:uuid:${r.uuid()}`,
      type: "GradeEvent",
      profile: "GradingProfile",
      actor: grader,
      action: "Graded",
      object: {
        id: attemptIri,
        type: "Attempt",
        assignee: { id: `${edu}/users/${user}`, type: "Person" },
        assignable: { id: `${sectionIri}/assess/${assess}`, type: "Assessment" },
        count: attempt,
        dateCreated: started.toISOString(),
        startedAtTime: started.toISOString(),
        endedAtTime: ended.toISOString(),
        duration: `PT${Math.floor((ended - started) / 60000)}M${Math.floor(((ended - started) / 1000) % 60)}S`,
      },
      eventTime,
      edApp: edu,
      generated: {
        id: `${attemptIri}/scores/1`,
        type: "Score",
        attempt: attemptIri,
        maxScore,
        scoreGiven: score(r, maxScore),
        scoredBy: grader.id,
        comment: r.pick(["auto-graded exam", "graded by instructor", "late penalty applied", "well argued"]),
        dateCreated: ended.toISOString(),
      },
      group: {
        id: sectionIri,
        type: "CourseSection",
        courseNumber: `${SUBJECTS[course % SUBJECTS.length]} ${100 + course}-0${section}`,
        academicSession: `${term.endsWith("01") ? "Spring" : "Fall"} ${term.slice(0, 4)}`,
      },
    };
  };
}
