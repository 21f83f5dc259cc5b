import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { CheckValueOptions, GradeRecord, NumericRecord } from "../src/index.js";
import { ROOT, sampleFiles } from "./helpers.js";

// The built package, as a caller gets it: a text is read on a worker thread, which runs built code.
const api = (await import(pathToFileURL(join(ROOT, "dist/index.js")).href)) as typeof import("../src/index.js");
const { checkEvent, checkText, convert, validate } = api;

const statement = (raw = "8.5", max = "10") =>
  `{"actor": {"mbox": "mailto:ada@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/scored"}, "object": {"id": "https://lms.example.org/course/7/quiz/3"}, "result": {"score": {"raw": ${raw}, "max": ${max}}}, "timestamp": "2026-12-01T09:30:00Z"}`;

describe("checkEvent and checkText", () => {
  it("judges a valid event held in memory, with its profile and record", () => {
    const checked = checkEvent(JSON.parse(statement()));
    expect(checked.verdict).toBe("valid");
    expect(checked.profile).toBe("xapi-score");
    expect(checked.record).toMatchObject({ score: "8.5", score_max: "10", profile: "xapi-score" });
    expect(checked.events).toHaveLength(1);
    expect(checked.diagnostics.every((d) => d.file === "<value>")).toBe(true);
  });

  it("places an invalid event's diagnostic at its line, column and pointer in a multi-line text, under the name given", () => {
    const text =
      '{"actor": {"mbox": "mailto:ada@example.org"},\n "verb": {"id": "http://adlnet.gov/expapi/verbs/scored"},\n "object": {"id": 42}}';
    const checked = checkText(text, { name: "quiz.json" });
    expect(checked.verdict).toBe("invalid");
    expect(checked.record).toBeUndefined();
    const error = checked.diagnostics.find((d) => d.severity === "error");
    expect(error).toMatchObject({ code: "XAPI_TYPE", file: "quiz.json", line: 3, column: 19, pointer: "/object/id" });
    expect(checked.diagnostics.every((d) => d.file === "quiz.json")).toBe(true);
  });

  it("says unrecognised for an event no profile knows, invalid with failOnUnknown", () => {
    expect(checkEvent({ kind: "pageview" }).verdict).toBe("unrecognised");
    expect(checkEvent({ kind: "pageview" }).events[0]!.verdict).toBe("unrecognised");
    expect(checkEvent({ kind: "pageview" }, { failOnUnknown: true }).verdict).toBe("invalid");
  });

  it("warns of a duplicate key in a text, at the key, as the command line does", () => {
    const text = statement().replace('"raw": 8.5', '"raw": 5, "raw": 6');
    const checked = checkText(text, { name: "dup.json" });
    expect(checked.diagnostics).toContainEqual(
      expect.objectContaining({ code: "DUPLICATE_KEY", file: "dup.json", line: 1, pointer: "/result/score/raw" }),
    );
    expect(checked.record?.score).toBe("6");
  });

  it("keeps a 20-digit score and 10.0 exact as strings, and gives numbers on request", () => {
    const big = statement("12345678901234567891", "100000000000000000000");
    expect(checkText(big).record).toMatchObject({ score: "12345678901234567891", score_max: "100000000000000000000" });
    expect(checkText(statement("10.0")).record?.score).toBe("10.0");
    const numeric = checkText(big, { numbers: "number" }).record;
    expect(numeric?.score).toBe(12345678901234567891);
    expect(numeric?.score_max).toBe(1e20);
    expect(checkEvent(JSON.parse(statement("10.0")), { numbers: "number" }).record?.score).toBe(10);
    // Options held in a variable, the kind of numbers not known to the compiler: either record type.
    const options: CheckValueOptions = { numbers: "string" };
    const either: GradeRecord | NumericRecord | undefined = checkEvent(JSON.parse(statement("10.0")), options).record;
    expect(either?.score).toBe("10"); // a value holds the number JSON.parse made of 10.0: its text is gone
  });

  it("reports an NDJSON line that does not parse and checks the lines around it", () => {
    const text = [statement(), '{"actor": ', statement("7")].join("\n");
    const checked = checkText(text, { name: "scores.ndjson" });
    expect(checked.verdict).toBe("invalid");
    expect(checked.events.map((e) => e.verdict)).toEqual(["valid", "invalid", "valid"]);
    expect(checked.events[1]!.diagnostics).toEqual([
      expect.objectContaining({ code: "JSON_SYNTAX", file: "scores.ndjson", line: 2 }),
    ]);
    expect(checked.events[2]!.record?.score).toBe("7");
    expect(checked.record).toBeUndefined(); // more than one event: see events
  });

  it("gives each event's outcome for an array of events", () => {
    const checked = checkEvent([JSON.parse(statement()), { kind: "pageview" }]);
    expect(checked.events.map((e) => e.verdict)).toEqual(["valid", "unrecognised"]);
    expect(checked.verdict).toBe("unrecognised");
  });

  it("refuses what is neither a text nor bytes with a TypeError that says so", () => {
    for (const wrong of [null, undefined, 42, {}, [1, 2]])
      expect(() => checkText(wrong as unknown as string)).toThrow(
        new TypeError(
          `checkText takes a string or bytes (a Uint8Array), not ${wrong === null ? "null" : Array.isArray(wrong) ? "an array" : typeof wrong}`,
        ),
      );
  });

  it("never throws on hostile values and texts, but gives a verdict", () => {
    let deep: unknown = [];
    for (let k = 0; k < 100_000; k++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const huge = JSON.parse(statement()) as Record<string, unknown>;
    huge.note = "x".repeat(20 * 1024 * 1024);
    const values: unknown[] = [{ a: deep }, deep, cyclic, 10n, undefined, () => 1, Symbol("s"), 42, null, "text", huge];
    for (const value of values) expect(["valid", "invalid", "unrecognised"]).toContain(checkEvent(value).verdict);
    expect(checkEvent(cyclic).diagnostics[0]).toMatchObject({ code: "JSON_SYNTAX", file: "<value>" });
    expect(checkEvent(huge).diagnostics[0]).toMatchObject({ code: "EVENT_TOO_LARGE", file: "<value>" });
    const texts = [
      "[".repeat(100_000) + "]".repeat(100_000),
      `{"a":${"[".repeat(100_000)}`,
      "x".repeat(10_000_000),
      "",
      "\u0000\u0001",
      new Uint8Array([0xff, 0xfe, 0x00]),
      new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]),
    ];
    for (const text of texts) expect(["valid", "invalid", "unrecognised"]).toContain(checkText(text).verdict);
    expect(checkText(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])).diagnostics[0]).toMatchObject({
      code: "ENCODING",
      file: "<text>",
    });
  });

  it("gives a verdict when what stops the value being written as JSON cannot even be shown", () => {
    const unshowable = {
      toJSON() {
        throw {
          toString: () => {
            throw new Error("again");
          },
        };
      },
    };
    expect(checkEvent(unshowable).diagnostics[0]).toMatchObject({ code: "JSON_SYNTAX", file: "<value>" });
  });

  it("answers in a program run with node --input-type=module -e, whose flag a reading thread cannot load its file under", () => {
    const script = `import { checkText } from ${JSON.stringify(pathToFileURL(join(ROOT, "dist/index.js")).href)}; console.log(checkText("{}").verdict);`;
    // A reading thread that failed to start would leave this thread waiting: the timeout ends that wait.
    expect(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 }),
    ).toBe("unrecognised\n");
  });

  it("gives a verdict, not a wait without end, when a text swells past what its reading thread may hold", () => {
    // 1 MB of gzip that unpacks to some 170 MB of lines, in a process whose every thread may use 64 MiB.
    const script = `
      import { createGzip } from "node:zlib";
      import { checkText } from ${JSON.stringify(pathToFileURL(join(ROOT, "dist/index.js")).href)};
      const gzip = createGzip(), chunks = [];
      gzip.on("data", (chunk) => chunks.push(chunk));
      const lines = (JSON.stringify({ id: "x".repeat(50), actor: { name: "y".repeat(200) } }) + "\\n").repeat(1000);
      for (let k = 0; k < 600; k++) if (!gzip.write(lines)) await new Promise((resolve) => gzip.once("drain", resolve));
      await new Promise((resolve) => gzip.end(resolve));
      const checked = checkText(Buffer.concat(chunks), { name: "swollen.ndjson.gz" });
      console.log(JSON.stringify({ verdict: checked.verdict, codes: [...new Set(checked.diagnostics.map((d) => d.code))] }));`;
    // A reading thread stopped for want of memory would leave this thread waiting: the timeout ends that wait.
    const out = execFileSync(process.execPath, ["--max-old-space-size=64", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(JSON.parse(out)).toMatchObject({ verdict: "invalid", codes: expect.arrayContaining(["TASK_FAILED"]) });
  });
});

describe("checkText from the sources, not built", () => {
  it("says the built package is needed, instead of waiting for a reading thread that cannot start", async () => {
    const source = await import("../src/index.js");
    expect(() => source.checkText("{}")).toThrow(/run the built package/);
  });
});

describe("checkText judges a text as the command line judges a file of it", () => {
  it.each(sampleFiles())("%s", async (sample) => {
    const path = join(ROOT, sample);
    const checked = checkText(readFileSync(path), { name: path });
    const converted = await convert([path]);
    const validated = await validate([path]);
    expect(checked.diagnostics).toEqual(converted.diagnostics);
    expect(checked.diagnostics).toEqual(validated.diagnostics);
    expect(checked.events.flatMap((e) => (e.record ? [e.record] : []))).toEqual(converted.records);
  });
});

describe("examples/library.mjs", () => {
  it("runs and prints what docs/library.md says", () => {
    const out = execFileSync(process.execPath, [join(ROOT, "examples", "library.mjs")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(out).toBe(
      ["valid xapi-score 8.5 string", "8.5", "invalid", "quiz.json:3:19 XAPI_TYPE /object/id", ""].join("\n"),
    );
  });

  it("is what docs/library.md shows", () => {
    const page = readFileSync(join(ROOT, "docs", "library.md"), "utf8");
    expect(page).toContain(`\`\`\`js\n${readFileSync(join(ROOT, "examples", "library.mjs"), "utf8")}\`\`\``);
  });
});
