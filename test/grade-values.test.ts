/**
 * The values a registrar signs: each row is one class of mistake found on real producers' payloads
 * (issue 13), with the spec or producer rule that decides it. Events start from real samples and
 * change only what the row is about.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert, createChecker, profiles, type Outcome, type SourcedEvent } from "../src/index.js";
import { standards } from "../src/standards/index.js";
import { startOf } from "../src/core/json-scan.js";
import { ROOT, scratchFolder } from "./helpers.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function check(value: unknown, options: { strict?: boolean } = {}, text = JSON.stringify(value)): Outcome {
  const event: SourcedEvent = {
    value,
    at: { file: "test.ndjson", line: 1, index: 0, pointer: "" },
    source: { text, firstLine: 1 },
    anchor: startOf(text, 1),
    entities: new Map(),
  };
  return createChecker(standards, profiles, options).check(event);
}

function record(value: unknown) {
  const outcome = check(value);
  if (outcome.kind !== "valid")
    throw new Error(
      `expected a valid event, got ${JSON.stringify(outcome.kind === "invalid" ? outcome.diagnostics : outcome.kind)}`,
    );
  return outcome.record;
}

const codes = (outcome: Outcome) => outcome.diagnostics.map((d) => `${d.severity} ${d.code}`);
const sample = (path: string): Json => JSON.parse(readFileSync(join(ROOT, "samples", path), "utf8")) as Json;
const first = (value: Json): Json => (Array.isArray(value) ? (value[0] as Json) : value);
function edited(base: Json, edit: (e: Json) => void): Json {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

const PASSED = "http://adlnet.gov/expapi/verbs/passed";
const FAILED = "http://adlnet.gov/expapi/verbs/failed";
const cmi5Passed = sample("valid/xapi-cmi5/aicc-cmi5-passed-masteryscore.json");
const cmi5Failed = sample("valid/xapi-cmi5/aicc-cmi5-failed-masteryscore.json");
const openedxPassed = first(sample("valid/xapi-openedx/openedx-erb-course-grade-now-passed.json"));
const moodleQuizCurrent = first(sample("valid/xapi-moodle/moodle-logstore_xapi-quiz-attempt-submitted.json"));
const moodleQuizLegacy = first(sample("valid/xapi-moodle/moodle-logstore_xapi-v4-quiz-attempt-submitted.json"));
const scored = first(sample("valid/xapi-score/xapi-2.0-context-agents.json"));

describe("class 1: a verdict given by the verb is the record's success", () => {
  it.each([
    ["cmi5 passed without result.success", edited(cmi5Passed, (e) => delete e.result.success), true],
    ["cmi5 failed without result.success", edited(cmi5Failed, (e) => delete e.result.success), false],
    ["Open edX now_passed (no result at all)", openedxPassed, true],
    ["Open edX now_failed (no result at all)", edited(openedxPassed, (e) => (e.verb.id = FAILED)), false],
    [
      "a generic ADL passed with only a score",
      edited(scored, (e) => ((e.verb = { id: PASSED }), delete e.result.success)),
      true,
    ],
    ["a generic ADL failed with no result", edited(scored, (e) => ((e.verb = { id: FAILED }), delete e.result)), false],
  ])("%s", (_name, event, success) => {
    expect(record(event).success).toBe(success);
  });

  it.each([
    ["passed with result.success false", edited(cmi5Passed, (e) => (e.result.success = false))],
    ["failed with result.success true", edited(cmi5Failed, (e) => (e.result.success = true))],
    [
      "a generic passed with result.success false",
      edited(scored, (e) => ((e.verb = { id: PASSED }), (e.result.success = false))),
    ],
  ])("%s: success is empty and VERDICT_CONFLICT says why", (_name, event) => {
    const outcome = check(event);
    expect(outcome.kind).toBe("valid");
    expect(codes(outcome)).toContain("warning VERDICT_CONFLICT");
    expect(record(event).success).toBeNull();
    expect(codes(check(event, { strict: true }))).toContain("error VERDICT_CONFLICT");
  });

  it("result.success alone still decides for a verb that gives no verdict", () => {
    expect(record(edited(scored, (e) => (e.result.success = false))).success).toBe(false);
  });
});

describe("class 2: cmi5's grouping[0] is the AU's publisher id, not a course", () => {
  const publisherId = cmi5Passed.context.contextActivities.grouping[0].id as string;

  it("puts the publisher id in item_ref, the AU in item, and names no course", () => {
    const r = record(cmi5Passed);
    expect(r.course).toBeNull();
    expect(r.course_ref).toBeNull();
    expect(r.item).toBe(cmi5Passed.object.id);
    expect(r.item_ref).toBe(publisherId);
    expect(codes(check(cmi5Passed))).toContain("warning NO_COURSE");
  });

  it("takes a context activity typed as a course when the LMS sends one", () => {
    const course = {
      id: "https://lms.example.edu/course/42",
      definition: { type: "https://w3id.org/xapi/cmi5/activitytype/course" },
    };
    const r = record(edited(cmi5Passed, (e) => (e.context.contextActivities.parent = [course])));
    expect(r.course).toBe(course.id);
    expect(r.item_ref).toBe(publisherId);
  });
});

describe("class 3: a Moodle grade's item is the course module, whatever the plugin's form", () => {
  const quiz = "http://www.example.org/mod/quiz/view.php?id=1";

  it("the current form's quiz attempt gives the quiz (in contextActivities.parent), as the legacy form does", () => {
    expect(moodleQuizCurrent.object.id).toMatch(/attempt\.php/);
    expect(record(moodleQuizCurrent).item).toBe(quiz);
    expect(record(moodleQuizLegacy).item).toBe(quiz);
    expect(record(moodleQuizCurrent).item_ref).toBe(moodleQuizCurrent.object.id);
  });

  it("a lesson session (…/mod/lesson/view.php?id=N#lesson) gives the lesson", () => {
    const lesson = "http://www.example.org/mod/lesson/view.php?id=7";
    const event = edited(moodleQuizCurrent, (e) => {
      e.object = {
        id: `${lesson}#lesson`,
        definition: { type: "http://id.tincanapi.com/activitytype/lesson-session" },
        objectType: "Activity",
      };
      e.context.contextActivities.parent[0] = {
        id: lesson,
        definition: { type: "http://adlnet.gov/expapi/activities/lesson" },
        objectType: "Activity",
      };
    });
    expect(record(event).item).toBe(lesson);
  });

  it("an assignment submission gives the assignment", () => {
    const event = edited(
      moodleQuizCurrent,
      (e) => (e.object = { id: "http://www.example.org/mod/assign/view.php?id=3#submission", objectType: "Activity" }),
    );
    expect(record(event).item).toBe("http://www.example.org/mod/assign/view.php?id=3");
  });

  it("a score on one question stays on that question, not on the quiz", () => {
    const event = first(sample("valid/xapi-moodle/moodle-logstore_xapi-quiz-question-manually-graded.json"));
    expect(record(event).item).toBe(event.object.id);
  });
});

describe("class 4: course activity types of the vocabularies in real use", () => {
  it.each([
    "http://adlnet.gov/expapi/activities/course",
    "http://id.tincanapi.com/activitytype/lms/course",
    "https://w3id.org/xapi/cmi5/activitytype/course",
    "http://xapi.jisc.ac.uk/courseArea",
    "http://vocab.xapi.fr/activities/course",
  ])("a parent or grouping activity typed %s is the course", (type) => {
    for (const kind of ["parent", "grouping"]) {
      const event = edited(
        scored,
        (e) =>
          (e.context.contextActivities = { [kind]: [{ id: "https://lms.example.fr/course/7", definition: { type } }] }),
      );
      expect(record(event).course).toBe("https://lms.example.fr/course/7");
      expect(codes(check(event))).not.toContain("warning NO_COURSE");
    }
  });
});

const gradeEvent = sample("valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json");
const outcome10 = first(sample("valid/caliper-outcome-event/caliperspec-v1p0-outcomeevent-graded.json"));

describe("class 5: a Caliper time is an RFC 3339 date-time string, on the event and on every entity", () => {
  it.each([
    [
      "epoch milliseconds on the Attempt (Caliper 1.2)",
      edited(gradeEvent, (e) => (e.object.startedAtTime = 1402965614516)),
      "/object/startedAtTime",
    ],
    [
      "a malformed string on the Attempt",
      edited(gradeEvent, (e) => (e.object.dateCreated = "2017-11-15 10:15:00")),
      "/object/dateCreated",
    ],
    ["epoch milliseconds as eventTime", edited(gradeEvent, (e) => (e.eventTime = 1402965614516)), "/eventTime"],
    ["a boolean as a time", edited(gradeEvent, (e) => (e.object.endedAtTime = true)), "/object/endedAtTime"],
  ])("%s is a BAD_TIME error", (_name, event, pointer) => {
    const outcome = check(event);
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.filter((d) => d.code === "BAD_TIME").map((d) => [d.severity, d.pointer])).toEqual([
      ["error", pointer],
    ]);
  });

  // Caliper 1.2 types these DateTime too (fragments/entities: SurveyInvitation, DateTimeQuestion,
  // DateTimeResponse); commonErrorFixtures/caliperEntityDateTimeQuestion-MalformedMaxDateTimeNotValidDateTime.json.
  it.each(["dateSent", "dateTimeSelected", "minDateTime", "maxDateTime"])(
    "%s, a Caliper 1.2 date-time, is one too",
    (key) => {
      const outcome = check(edited(gradeEvent, (e) => (e.object.assignable[key] = "2018-11-15")));
      expect(outcome.diagnostics.filter((d) => d.code === "BAD_TIME").map((d) => [d.severity, d.pointer])).toEqual([
        ["error", `/object/assignable/${key}`],
      ]);
    },
  );

  it("epoch milliseconds on a Caliper 1.0 entity too", () => {
    const key = Object.keys(outcome10.object as Json).includes("startedAtTime") ? "startedAtTime" : "dateCreated";
    const outcome = check(edited(outcome10, (e) => (e.object[key] = 1402965614516)));
    expect(codes(outcome)).toContain("error BAD_TIME");
  });
});

describe("class 6: an entity embedded in a Caliper event has an IRI id and a type", () => {
  it("Open edX's generated {score: {…}} (no id, no type) is invalid, and says so rather than 'no scoreGiven'", () => {
    const event = edited(gradeEvent, (e) => (e.generated = { score: { scoreGiven: 1, maxScore: 1 } }));
    const outcome = check(event);
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.pointer])).toEqual(
      expect.arrayContaining([
        ["REQUIRED", "/generated/id"],
        ["REQUIRED", "/generated/type"],
      ]),
    );
    expect(codes(outcome)).not.toContain("warning NO_SCORE");
  });

  it("an embedded entity with an id but no type is invalid", () => {
    const outcome = check(edited(gradeEvent, (e) => delete e.object.assignee.type));
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "REQUIRED",
      "/object/assignee/type",
    ]);
  });

  it("a non-IRI id inside a grade event (Open edX's assignee anonymous_id) is an error, not a valid record", () => {
    const outcome = check(edited(gradeEvent, (e) => (e.object.assignee = { id: "anonymous_id", type: "Person" })));
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "CALIPER_NOT_IRI",
      "/object/assignee/id",
    ]);
  });

  it("a reference that is not an IRI is an error too", () => {
    const outcome = check(edited(gradeEvent, (e) => (e.object.assignable = "assignment 7")));
    expect(outcome.diagnostics.map((d) => [d.severity, d.code])).toContainEqual(["error", "CALIPER_NOT_IRI"]);
  });
});

describe("classes 5 and 6 on hostile values", () => {
  it("a time or an id that is a deeply nested array is one finding, not a crash", () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const text = JSON.stringify(
      edited(
        gradeEvent,
        (e) => ((e.eventTime = "DEEP"), (e.object.startedAtTime = "DEEP"), (e.object.assignee.id = "DEEP")),
      ),
    ).replaceAll('"DEEP"', deep);
    const outcome = check(JSON.parse(text), {}, text);
    expect(codes(outcome)).toEqual(expect.arrayContaining(["error BAD_TIME", "error CALIPER_NOT_IRI"]));
    expect(codes(outcome)).not.toContain("error INTERNAL_ERROR");
  });
});

describe("only a course fills course: a Caliper group that is not a course section or offering", () => {
  const group = { id: "https://example.edu/terms/201801/courses/7/sections/1/groups/2", type: "Group" };

  it("is no course: NO_COURSE, not the group's IRI in the course column", () => {
    const outcome = check(edited(gradeEvent, (e) => (e.group = group)));
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.map((d) => [d.severity, d.code])).toContainEqual(["error", "NO_COURSE"]);
    expect(outcome.diagnostics.find((d) => d.code === "NO_COURSE")?.message).toMatch(/Group/);
  });

  it("keys by the course section above it", () => {
    const section = {
      id: "https://example.edu/terms/201801/courses/7/sections/1",
      type: "CourseSection",
      courseNumber: "CPS 435-01",
    };
    const r = record(edited(gradeEvent, (e) => (e.group = { ...group, subOrganizationOf: section })));
    expect([r.course, r.course_ref]).toEqual(["CPS 435-01", section.id]);
  });

  it("an IRI that names no entity in the file still stands in, with a warning (its type is unknown)", () => {
    const outcome = check(edited(gradeEvent, (e) => (e.group = group.id)));
    expect(outcome.kind).toBe("valid");
    expect(codes(outcome)).toContain("warning NO_COURSE");
  });
});

describe("xapi-moodle reads logstore_xapi's statements, not every statement from a Moodle site", () => {
  it("a statement that declares another xAPI profile in its category (TRAX Logs, xAPI-fr's VLE profile) falls to xapi-score", () => {
    const trax = edited(moodleQuizLegacy, (e) => {
      e.context.contextActivities.category = [
        {
          id: "http://vocab.xapi.fr/categories/vle-profile",
          definition: { type: "http://adlnet.gov/expapi/activities/profile" },
        },
      ];
    });
    expect(record(trax).profile).toBe("xapi-score");
    expect(record(moodleQuizLegacy).profile).toBe("xapi-moodle");
  });

  it("a cmi5 statement from a Moodle site is cmi5's: its category is the spec's own example of a profile tag (xAPI-Data §2.4.6.2)", () => {
    for (const platform of [
      { platform: "Moodle" },
      {
        extensions: {
          ...cmi5Passed.context.extensions,
          "http://lrs.learninglocker.net/define/extensions/info": { "http://moodle.org": "4.1.0" },
        },
      },
    ]) {
      const r = record(edited(cmi5Passed, (e) => Object.assign(e.context, platform)));
      expect([r.profile, r.item_ref]).toEqual(["xapi-cmi5", cmi5Passed.context.contextActivities.grouping[0].id]);
    }
  });
});

describe("the learner is the one a grade is for, not always the actor", () => {
  const FOR = "https://yetanalytics.com/profiles/prepositions/concepts/context-extensions/for";
  const essay = first(sample("valid/xapi-moodle/moodle-logstore_xapi-lesson-essay-assessed.json"));
  const marked = edited(essay, (e) => {
    e.actor = { account: { homePage: "http://www.example.org", name: "7" }, name: "marker" };
    e.context.extensions[FOR] = { account: { homePage: "http://www.example.org", name: "42" }, name: "learner" };
  });

  it("Moodle's lesson essay_assessed: the marker is the actor, the learner is in the prepositions 'for' extension", () => {
    const r = record(marked);
    expect([r.user, r.user_ref]).toEqual(["42", "http://www.example.org|42"]);
    expect([r.actor, r.actor_ref]).toEqual(["7", "http://www.example.org|7"]);
  });

  it("a 'for' that names no agent gradeev can key on is NO_LEARNER, not the grader's grade", () => {
    const outcome = check(edited(marked, (e) => (e.context.extensions[FOR] = { name: "nobody" })));
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "NO_LEARNER",
      `/context/extensions/${FOR.replaceAll("/", "~1")}`,
    ]);
  });
});

describe("an envelope's own sendTime", () => {
  it("that is no time is a BAD_TIME warning: the envelope's faults leave its events' records sound", async () => {
    const file = join(scratchFolder("sendtime"), "envelope.json");
    writeFileSync(
      file,
      JSON.stringify({
        sensor: "https://example.edu/sensor",
        sendTime: 1402965614516,
        dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p2",
        data: [gradeEvent],
      }),
    );
    const { records, diagnostics } = await convert([file]);
    expect(records).toHaveLength(1);
    expect(diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "warning",
      "BAD_TIME",
      "/sendTime",
    ]);
  });
});

describe("a statement whose object is the course grades the whole course", () => {
  const courseCompleted = first(sample("valid/xapi-score/adlnet-scorm-profile-course-completed-object-is-course.json"));

  it("takes the object as the course (ADL SCORM profile's course status), and marks the grade course-level", () => {
    const r = record(courseCompleted);
    expect([r.course, r.course_ref, r.item, r.is_final]).toEqual([
      courseCompleted.object.id,
      courseCompleted.object.id,
      courseCompleted.object.id,
      true,
    ]);
    expect(codes(check(courseCompleted))).not.toContain("warning NO_COURSE");
  });

  it("a grade on anything else is not course-level: is_final stays empty", () => {
    expect(record(scored).is_final).toBeNull();
  });
});

describe("what is not Caliper data is not held to the entity rules (the spec's own valid fixtures)", () => {
  it("an inline JSON-LD @context (fixtures/v1p2/caliperEventMessagePostedInlineContext.json): its term definitions are no entities", () => {
    const inline = {
      id: "@id",
      type: "@type",
      caliper: "http://purl.imsglobal.org/caliper/",
      dateCreated: { "@id": "caliper:dateCreated", "@type": "xsd:dateTime" },
      actor: { "@id": "caliper:actor", "@type": "@id" },
    };
    const outcome = check(
      edited(gradeEvent, (e) => (e["@context"] = ["http://purl.imsglobal.org/ctx/caliper/v1p2", inline])),
    );
    expect(codes(outcome)).toEqual([]);
    expect(outcome.kind).toBe("valid");
  });

  it("an LtiSession's messageParameters (fixtures/v1p2/caliperEventToolLaunchLaunched.json): LTI's claims, 'of whatever type'", () => {
    const messageParameters = {
      "https://purl.imsglobal.org/spec/lti/claim/resource_link": {
        id: "200d101f-2c14-434a-a0f3-57c2a42369fd",
        description: "Assignment to introduce who you are",
      },
      "https://purl.imsglobal.org/spec/lti/claim/context": {
        id: "https://example.edu/terms/201801/courses/7/sections/1",
        type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection"],
      },
      exp: 1510185728,
    };
    const outcome = check(
      edited(
        gradeEvent,
        (e) =>
          (e.federatedSession = { id: "https://example.edu/lti/sessions/1", type: "LtiSession", messageParameters }),
      ),
    );
    expect(codes(outcome)).toEqual([]);
    expect(outcome.kind).toBe("valid");
  });
});

describe("every entity-valued property of Caliper holds an entity (id and type) or an IRI, not only the event's slots", () => {
  // Caliper 1.1 §C (Group/Organization members, DigitalResource creators, learningObjectives,
  // isPartOf, Assessment items, Message attachments and replyTo, …); 1.2 fragments/entities: "Each
  // array item MUST be expressed either as an object or as a string corresponding to the item's IRI".
  const section = {
    id: "https://example.edu/terms/201601/courses/7/sections/1",
    type: "CourseSection",
    courseNumber: "CPS 435-01",
  };
  it.each<[string, (e: Json) => void, string]>([
    ["a Group's members", (e) => (e.group = { ...section, members: ["learner 7"] }), "/group/members/0"],
    ["an Assessment's items", (e) => (e.object.assignable.items = ["item one"]), "/object/assignable/items/0"],
    ["a resource's creators", (e) => (e.object.assignable.creators = ["Dr Who"]), "/object/assignable/creators/0"],
    [
      "a resource's learningObjectives",
      (e) => (e.object.assignable.learningObjectives = ["objective 1"]),
      "/object/assignable/learningObjectives/0",
    ],
  ])("%s: a reference that is no IRI is CALIPER_NOT_IRI", (_name, edit, pointer) => {
    const outcome = check(edited(gradeEvent, edit));
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "CALIPER_NOT_IRI",
      pointer,
    ]);
  });

  it("a member embedded without id and type is REQUIRED, as any embedded entity", () => {
    const outcome = check(edited(gradeEvent, (e) => (e.group = { ...section, members: [{ name: "Jane" }] })));
    expect(outcome.diagnostics.filter((d) => d.code === "REQUIRED").map((d) => [d.severity, d.pointer])).toEqual([
      ["error", "/group/members/0/id"],
      ["error", "/group/members/0/type"],
    ]);
  });

  it("keywords and tags are plain strings, not references", () => {
    expect(codes(check(edited(gradeEvent, (e) => (e.object.assignable.keywords = ["week 1", "essay"]))))).toEqual([]);
  });
});

describe("an entity described beside the events is held to the same entity rules as one embedded in them", () => {
  const folder = scratchFolder("describes");
  const envelope = (name: string, ...data: unknown[]) => {
    const file = join(folder, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          sensor: "https://example.edu/sensor",
          sendTime: "2016-11-15T11:05:01.000Z",
          dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p2",
          data,
        },
        null,
        1,
      ),
    );
    return file;
  };
  const attempt = {
    id: "https://example.edu/attempts/1",
    type: "Attempt",
    assignee: "https://example.edu/users/554433",
    assignable: "https://example.edu/assess/1",
  };

  it.each<[string, Json, [string, string]]>([
    // fixtures/v1p2/commonErrorFixtures/caliperEntityAttempt-MalformedStartedAtTimeInvalidDateTime.json
    ["a date without a time", { ...attempt, startedAtTime: "2016-11-15" }, ["BAD_TIME", "/data/0/startedAtTime"]],
    ["epoch milliseconds", { ...attempt, dateCreated: 1479204300000 }, ["BAD_TIME", "/data/0/dateCreated"]],
    // commonErrorFixtures/caliperEntity-MalformedIdNotAnIRI.json
    ["an id that is no IRI", { id: "IRIs should not have spaces", type: "Person" }, ["CALIPER_NOT_IRI", "/data/0/id"]],
    ["a reference that is no IRI", { ...attempt, assignee: "learner 7" }, ["CALIPER_NOT_IRI", "/data/0/assignee"]],
    [
      "an entity embedded without a type",
      { ...attempt, assignee: { id: "https://example.edu/users/554433" } },
      ["REQUIRED", "/data/0/assignee/type"],
    ],
  ])("%s is an error, and the run exits 1", async (name, entity, [code, pointer]) => {
    const { diagnostics, summary } = await convert([envelope(name.replaceAll(" ", "-"), entity)]);
    expect(diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual(["error", code, pointer]);
    expect(summary.invalidDescribes).toBe(1);
  });

  it("a described SystemIdentifier or TextPositionSelector, which are no Entities, needs no id", async () => {
    const identifier = { type: "SystemIdentifier", identifierType: "LisSourcedId", identifier: "example.edu:71ee7e42" };
    const selector = { type: "TextPositionSelector", start: 2300, end: 2370 };
    const { diagnostics, summary } = await convert([envelope("not-entities", identifier, selector)]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(summary.invalidDescribes).toBe(0);
  });
});

describe("an xAPI grade names its item: the Activity that is its object", () => {
  // xAPI-Data §2.4.4: the object is an Activity, an Agent or Group, a SubStatement or a StatementRef;
  // only an Activity (or a statement, by its id) is a thing graded. A record without an item cannot be
  // placed, and --latest would take every such grade of a learner in a course for one.
  it.each<[string, Json]>([
    [
      "a SubStatement",
      {
        objectType: "SubStatement",
        actor: { mbox: "mailto:learner@example.edu" },
        verb: { id: "http://adlnet.gov/expapi/verbs/completed" },
        object: { id: "https://lms.example.edu/labs/1" },
      },
    ],
    ["an Agent", { objectType: "Agent", mbox: "mailto:peer@example.edu" }],
    ["a Group", { objectType: "Group", account: { homePage: "https://lms.example.edu", name: "team-4" } }],
  ])("a score on %s is NO_ITEM, not a record with an empty item", (_name, object) => {
    for (const event of [edited(scored, (e) => (e.object = object)), edited(cmi5Passed, (e) => (e.object = object))]) {
      const outcome = check(event);
      expect(outcome.kind).toBe("invalid");
      expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
        "error",
        "NO_ITEM",
        "/object",
      ]);
    }
  });

  it("a StatementRef names the statement graded: its id is the item", () => {
    const ref = "6f0d3c2a-1b4e-4c5d-8e9f-0a1b2c3d4e99";
    expect(record(edited(scored, (e) => (e.object = { objectType: "StatementRef", id: ref }))).item).toBe(ref);
  });
});

describe("an Open edX course key whose percent-escapes are no UTF-8", () => {
  it("is kept as written, not a crash (RFC 3987 pct-encoded allows any octet)", () => {
    const course = `${openedxPassed.object.id}%C0%80`;
    const r = record(edited(openedxPassed, (e) => (e.object.id = course)));
    expect(r.course_ref).toBe(course);
    expect(r.course).toBe("course-v1:edX+DemoX+Demo_Course%C0%80");
  });

  it("and one that decodes is decoded, as before", () => {
    const r = record(
      edited(
        openedxPassed,
        (e) => (e.object.id = "http://localhost:18000/course/course-v1%3AedX%2BDemoX%2BDemo_Course"),
      ),
    );
    expect(r.course).toBe("course-v1:edX+DemoX+Demo_Course");
  });
});

describe("the prepositions 'for' names the learner only when it holds an Agent or a Group", () => {
  // Yet Analytics' prepositions profile: "The value of each extension is an xAPI object (Activity,
  // StatementRef, SubStatement, Agent or Group)". A grade "for" an Activity (the course it counts
  // towards) or for nothing (null, which xAPI allows in extensions) is still the actor's.
  const FOR = "https://yetanalytics.com/profiles/prepositions/concepts/context-extensions/for";
  const withFor = (value: unknown) => edited(scored, (e) => (e.context.extensions = { [FOR]: value }));
  it.each<[string, unknown]>([
    ["an Activity", { objectType: "Activity", id: "https://lms.example.edu/courses/BIO-201" }],
    ["an Activity without its objectType (the default)", { id: "https://lms.example.edu/courses/BIO-201" }],
    ["a StatementRef", { objectType: "StatementRef", id: "6f0d3c2a-1b4e-4c5d-8e9f-0a1b2c3d4e99" }],
    [
      "a SubStatement",
      {
        objectType: "SubStatement",
        actor: { mbox: "mailto:x@example.edu" },
        verb: { id: "http://adlnet.gov/expapi/verbs/attempted" },
        object: { id: "https://lms.example.edu/q/1" },
      },
    ],
    ["null", null],
  ])("for %s: the learner is the actor, the grader the instructor", (_name, value) => {
    const r = record(withFor(value));
    expect([r.user, r.user_ref, r.actor]).toEqual([
      "learner-1",
      "https://lms.example.edu|learner-1",
      "mailto:teacher@example.edu",
    ]);
  });

  it("for an identified Group: the Group", () => {
    const r = record(
      withFor({ objectType: "Group", account: { homePage: "https://lms.example.edu", name: "team-4" } }),
    );
    expect([r.user, r.actor]).toEqual(["team-4", "mailto:teacher@example.edu"]);
  });

  it.each<[string, unknown]>([
    ["several agents", [{ mbox: "mailto:a@example.edu" }, { mbox: "mailto:b@example.edu" }]],
    ["a string", "mailto:a@example.edu"],
  ])("for %s: who the grade is for cannot be told, NO_LEARNER", (_name, value) => {
    expect(codes(check(withFor(value)))).toContain("error NO_LEARNER");
  });
});

describe("a Caliper entity property holds an entity or its IRI (or a list of them): not a number, a boolean, or a list in a list", () => {
  // 1.1 §2.1 and every entity table: "The `edApp` value MUST be expressed either as an object or as a
  // string corresponding to the edApp's IRI"; the list properties' items likewise.
  it.each<[string, (e: Json) => void, string]>([
    ["a number as edApp", (e) => (e.edApp = 5), "/edApp"],
    ["a boolean as subOrganizationOf", (e) => (e.group.subOrganizationOf = true), "/group/subOrganizationOf"],
    [
      "a number in a list as scoredBy",
      (e) => (e.generated.scoredBy = ["https://example.edu/autograder", 7]),
      "/generated/scoredBy/1",
    ],
    [
      "a number among a Group's members",
      (e) => (e.group.members = ["https://example.edu/users/1", 554433]),
      "/group/members/1",
    ],
    [
      "an array among an Assessment's items",
      (e) => (e.object.assignable.items = [["https://example.edu/items/1"]]),
      "/object/assignable/items/0",
    ],
  ])("%s is CALIPER_NOT_IRI", (_name, edit, pointer) => {
    const outcome = check(edited(gradeEvent, edit));
    expect(outcome.kind).toBe("invalid");
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "CALIPER_NOT_IRI",
      pointer,
    ]);
  });

  it("arrays 50 000 deep where entities belong are one finding each, found quickly", () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    const text = JSON.stringify(edited(gradeEvent, (e) => ((e.edApp = "DEEP"), (e.group.members = "DEEP")))).replaceAll(
      '"DEEP"',
      deep,
    );
    const started = Date.now();
    const outcome = check(JSON.parse(text), {}, text);
    expect(outcome.diagnostics.filter((d) => d.code === "CALIPER_NOT_IRI").map((d) => d.pointer)).toEqual([
      "/edApp/0",
      "/group/members/0",
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("a Caliper IRI is an RFC 3987 IRI, as an xAPI one is", () => {
  it.each([
    ["a control character", "https://example.edu/users/55\u00014433"],
    ["DEL", "https://example.edu/users/55\u007f4433"],
    ["a malformed percent-escape", "https://example.edu/users/55%ZZ4433"],
    ["a lone surrogate", "https://example.edu/users/55\ud8004433"],
  ])("an id with %s is CALIPER_NOT_IRI", (_name, id) => {
    const outcome = check(edited(gradeEvent, (e) => (e.object.assignee.id = id)));
    expect(outcome.diagnostics.map((d) => [d.severity, d.code, d.pointer])).toContainEqual([
      "error",
      "CALIPER_NOT_IRI",
      "/object/assignee/id",
    ]);
  });

  it.each([
    ["a blank node (Caliper 1.1, Terminology)", "_:b0"],
    ["non-ASCII letters", "https://example.edu/users/jürgen"],
    ["a percent-escape", "https://example.edu/users/j%C3%BCrgen"],
    ["a URN", "urn:uuid:ff9ec22a-fc59-4ae1-ae8d-2c9463ee2f8f"],
    ["a character outside the BMP", "https://example.edu/users/\u{1F600}"],
  ])("an id with %s is one", (_name, id) => {
    expect(codes(check(edited(gradeEvent, (e) => (e.object.assignee.id = id))))).toEqual([]);
  });
});

describe("an entity embedded bare ({id, type}) is the entity its id names: what the envelope or the event says of it counts", () => {
  // Caliper is JSON-LD: node objects with one id are one node. 1.1 §5.3 "Describe": entities are sent
  // apart "to reduce verbosity"; a sensor may embed {id, type} and describe the entity beside.
  const folder = scratchFolder("bare");
  const envelope = (name: string, event: Json, ...describes: Json[]) => {
    const file = join(folder, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          sensor: "https://example.edu/sensor",
          sendTime: "2016-11-15T11:05:01.000Z",
          dataVersion: "http://purl.imsglobal.org/ctx/caliper/v1p2",
          data: [...describes, event],
        },
        null,
        1,
      ),
    );
    return file;
  };
  const person = {
    id: gradeEvent.object.assignee.id,
    type: "Person",
    otherIdentifiers: [{ type: "SystemIdentifier", identifierType: "SisSourcedId", identifier: "S-554433" }],
  };
  const section = { ...gradeEvent.group };
  const score = { ...gradeEvent.generated };

  it("the learner, the course and the score are those of the describe, as when the event gives the bare IRI", async () => {
    const bare = (e: Json) => {
      e.object.assignee = { id: person.id, type: "Person" };
      e.group = { id: section.id, type: "CourseSection" };
      e.generated = { id: score.id, type: "Score" };
    };
    const iri = (e: Json) => ((e.object.assignee = person.id), (e.group = section.id), (e.generated = score.id));
    const [byObject, byIri] = await Promise.all(
      [bare, iri].map(
        async (edit, k) =>
          (await convert([envelope(`bare-${k}`, edited(gradeEvent, edit), person, section, score)])).records,
      ),
    );
    expect(byIri!.map((r) => [r.user, r.course, r.score, r.score_max])).toEqual([
      ["S-554433", "CPS 435-01", "10", "15"],
    ]);
    expect(byObject!.map((r) => [r.user, r.course, r.score, r.score_max])).toEqual(
      byIri!.map((r) => [r.user, r.course, r.score, r.score_max]),
    );
  });

  it("an embedded entity that says more than its id keeps what it says", async () => {
    const own = edited(
      gradeEvent,
      (e) =>
        (e.object.assignee = {
          id: person.id,
          type: "Person",
          otherIdentifiers: [{ type: "SystemIdentifier", identifierType: "SisSourcedId", identifier: "OWN-1" }],
        }),
    );
    expect((await convert([envelope("own", own, person)])).records.map((r) => r.user)).toEqual(["OWN-1"]);
  });

  it("a describe of another type does not stand in for it", async () => {
    const other = edited(gradeEvent, (e) => (e.group = { id: section.id, type: "CourseSection" }));
    const group = { id: section.id, type: "Group", courseNumber: "NOT-A-COURSE" };
    expect((await convert([envelope("other", other, group)])).records.map((r) => r.course)).toEqual([section.id]);
  });
});
