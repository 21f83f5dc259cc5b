/**
 * Streaming a large document gives exactly what parsing it whole gives: the same records, the same
 * diagnostics with the same lines, columns and pointers, the same counts. Each document is read
 * twice, once always streamed (threshold 0) and once never (threshold Infinity).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../src/index.js";
import { ROOT, scratchFolder } from "./helpers.js";

const sample = (path: string) =>
  JSON.parse(readFileSync(join(ROOT, "samples", path), "utf8")) as { data: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;

/** Diagnostics sorted by where they point: their order apart, two runs' must agree. */
function inLineOrder<
  T extends { line: number; column?: number | undefined; code: string; pointer?: string | undefined },
>(diagnostics: readonly T[]): T[] {
  const key = (d: T) => [d.line, d.column ?? 0, d.code, d.pointer ?? ""] as const;
  return [...diagnostics].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

function write(name: string, text: string): string {
  const file = join(scratchFolder("stream"), name);
  writeFileSync(file, text);
  return file;
}

async function both(file: string) {
  const streamed = await convert([file], { streamAboveBytes: 0 });
  const whole = await convert([file], { streamAboveBytes: Infinity });
  return { streamed, whole };
}

/** The envelope with its GradeEvent's Score moved out into a describe before the events, referenced by IRI. */
function scoreDescribed(envelope: { data: Record<string, unknown>[] } & Record<string, unknown>) {
  const event = envelope.data.find((e) => e.type === "GradeEvent")!;
  const score = event.generated as { id: string };
  const data = envelope.data.map((e) => (e === event ? { ...event, generated: score.id } : e));
  const firstEvent = data.findIndex((e) => String(e.type).endsWith("Event"));
  return { ...envelope, data: [...data.slice(0, firstEvent), score, ...data.slice(firstEvent)] };
}

/** Pretty-printed, with whole numbers written as decimals, as Java producers write doubles. */
function decimalsKept(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"(maxScore|scoreGiven)": (\d+)(,?)$/gm, '"$1": $2.0$3');
}

describe("a streamed document reads exactly like a whole one", () => {
  const mixed = sample("valid/caliper-grade-event/caliperspec-v1p2-envelope-mixed-batch.json");
  const broken = { ...mixed.data[4]!, id: "not-a-uuid", eventTime: "yesterday" };
  const cases: [string, string][] = [
    [
      "an envelope with entity describes first, events after, one event broken",
      JSON.stringify({ ...mixed, data: [...mixed.data, broken, ...mixed.data.slice(4)] }, null, 2),
    ],
    ["an array of envelopes", JSON.stringify([mixed, mixed], null, 4)],
    ["an array of bare events, CRLF", JSON.stringify(mixed.data.slice(4), null, 2).replaceAll("\n", "\r\n")],
    [
      "a statement result",
      JSON.stringify(
        {
          more: "",
          statements: [
            JSON.parse(
              readFileSync(join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json"), "utf8"),
            ),
          ],
        },
        null,
        2,
      ),
    ],
    [
      "the envelope's data last, after its dataVersion",
      JSON.stringify(
        { sendTime: mixed.sendTime, dataVersion: mixed.dataVersion, sensor: mixed.sensor, data: mixed.data },
        null,
        1,
      ),
    ],
    [
      "compact elements on one line each",
      `{"sensor": "s", "data": [\n${mixed.data.map((e) => JSON.stringify(e)).join(",\n")}\n]}`,
    ],
    ["a bare data array, with no sensor, sendTime or dataVersion", JSON.stringify({ data: mixed.data }, null, 2)],
    [
      "a page of an API: data beside a link to the next page",
      JSON.stringify({ data: mixed.data.slice(4), next: "https://lms.example.edu/api/events?page=2" }, null, 2),
    ],
  ];

  it.each(cases)("%s", async (_name, text) => {
    const { streamed, whole } = await both(write("doc.json", text));
    expect(streamed.records).toEqual(whole.records);
    // The same diagnostics; a streamed envelope's own come once it has been read to its end.
    expect(inLineOrder(streamed.diagnostics)).toEqual(inLineOrder(whole.diagnostics));
    expect(streamed.summary).toEqual(whole.summary);
    expect(whole.summary.events).toBeGreaterThan(0);
  });

  it("a streamed envelope's own properties are checked as a whole one's: the same findings on the same lines and columns, after the data too", async () => {
    const { sensor: _sensor, ...rest } = mixed;
    // No sensor, a sendTime that is no time, a 1.2 event's dataVersion missing, a custom key after the data.
    const { dataVersion: _dataVersion, ...withoutVersion } = rest;
    const text = JSON.stringify(
      { ...withoutVersion, sendTime: "yesterday", data: mixed.data, custom: { a: [1, 2] }, "note\u00e9": "x" },
      null,
      2,
    );
    const { streamed, whole } = await both(write("envelope.json", text));
    const own = (d: { pointer?: string | undefined }) => !/^\/data\//.test(d.pointer ?? "");
    expect(
      whole.diagnostics
        .filter(own)
        .map((d) => d.code)
        .sort(),
    ).toEqual(["BAD_TIME", "REQUIRED", "REQUIRED", "UNKNOWN_PROPERTY", "UNKNOWN_PROPERTY"]);
    expect(inLineOrder(streamed.diagnostics)).toEqual(inLineOrder(whole.diagnostics));
    expect(streamed.summary).toEqual(whole.summary);
    const custom = streamed.diagnostics.find((d) => d.pointer === "/custom")!;
    expect(text.split("\n")[custom.line - 1]!.indexOf('"custom": ') + '"custom": '.length + 1).toBe(custom.column);
  });

  it.each([
    [
      "keys after the data far to the right on a long line (the text kept for them does not pad to their columns)",
      () => {
        const events = JSON.stringify(mixed.data.slice(4), null, 2).slice(1, -1);
        return `{"sensor": "https://example.edu/s", "sendTime": "2024-05-02T02:00:15.825Z", "data": [${events}\n]${" ".repeat(2_000_000)}${Array.from({ length: 300 }, (_, k) => `, "k${k}": ${k}`).join("")}}`;
      },
    ],
    [
      "an envelope of Caliper 1.2 entity describes only, no dataVersion",
      () => JSON.stringify({ sensor: mixed.sensor, sendTime: mixed.sendTime, data: mixed.data.slice(0, 4) }, null, 2),
    ],
    [
      "a 1.2 event nested in an array inside data says nothing of the envelope's version",
      () => JSON.stringify({ sensor: mixed.sensor, sendTime: mixed.sendTime, data: [mixed.data.slice(4)] }, null, 2),
    ],
    [
      "the envelope's brace not at the first column",
      () => `\n\n   {   "sendTime": "yesterday", "data": ${JSON.stringify(mixed.data.slice(4))}}`,
    ],
    [
      "statements beside the data",
      () =>
        JSON.stringify(
          {
            sensor: mixed.sensor,
            sendTime: mixed.sendTime,
            dataVersion: mixed.dataVersion,
            statements: [],
            data: mixed.data,
          },
          null,
          2,
        ),
    ],
    ["a custom key holding a slash", () => JSON.stringify({ ...mixed, "data/1": true }, null, 2)],
  ])("a streamed envelope's own checks agree with a whole one's: %s", async (_name, make) => {
    const { streamed, whole } = await both(write("envelope.json", make()));
    expect(inLineOrder(streamed.diagnostics)).toEqual(inLineOrder(whole.diagnostics));
    expect(streamed.summary.warnings).toBe(whole.summary.warnings);
  });

  it("a second data that is not an array: the streamed object is not held to an envelope's rules, as parsed whole it is not one", async () => {
    // Parsed whole, JSON.parse keeps the last data and the object is one unknown event; streamed, the
    // first data's events are read (a difference of long standing), but the object is no envelope.
    const { streamed } = await both(
      write("envelope.json", `{"sensor": "bad", "data": ${JSON.stringify(mixed.data.slice(4), null, 2)}, "data": 5}`),
    );
    expect(streamed.diagnostics.filter((d) => !/^\/data\/\d+\//.test(d.pointer ?? ""))).toEqual([]);
  });

  it("a streamed envelope's own findings come after those of its events; parsed whole, before them", async () => {
    const broken = { ...mixed.data[4]!, eventTime: "yesterday" };
    const text = JSON.stringify({ sendTime: "yesterday", ...mixed, data: [broken], custom: 1 }, null, 2);
    const { streamed, whole } = await both(write("envelope.json", text));
    const own = (d: { pointer?: string | undefined }) => !/^\/data\//.test(d.pointer ?? "");
    const order = (diagnostics: { pointer?: string | undefined }[]) =>
      diagnostics.map((d) => (own(d) ? "envelope" : "event"));
    const envelopeFirst = order(whole.diagnostics);
    expect(envelopeFirst.indexOf("event")).toBeGreaterThan(0);
    expect(envelopeFirst.lastIndexOf("envelope")).toBeLessThan(envelopeFirst.indexOf("event"));
    const streamedOrder = order(streamed.diagnostics);
    expect(streamedOrder.lastIndexOf("event")).toBeLessThan(streamedOrder.indexOf("envelope"));
  });

  it("an envelope's custom keys are named one by one up to ten, the rest counted in one more warning", async () => {
    const custom = Object.fromEntries(Array.from({ length: 25 }, (_, k) => [`k${k}`, k]));
    const { streamed, whole } = await both(write("envelope.json", JSON.stringify({ ...mixed, ...custom }, null, 2)));
    for (const run of [streamed, whole]) {
      const unknown = run.diagnostics.filter((d) => d.code === "UNKNOWN_PROPERTY");
      // The count stands at the first key not named, so that file order keeps it after those named.
      expect(unknown.map((d) => d.pointer)).toEqual([...Array.from({ length: 10 }, (_, k) => `/k${k}`), "/k10"]);
      expect(unknown.at(-1)!.message).toMatch(/and 15 more custom properties .*25 in all/);
    }
  });

  it("a custom envelope key is named by an escaped pointer (RFC 6901)", async () => {
    const { whole } = await both(
      write("envelope.json", JSON.stringify({ ...mixed, "data/1": true, "a~b": 1 }, null, 2)),
    );
    expect(
      whole.diagnostics
        .filter((d) => d.code === "UNKNOWN_PROPERTY")
        .map((d) => d.pointer)
        .sort(),
    ).toEqual(["/a~0b", "/data~11"]);
  });

  it("a Score described in an element of its own keeps its numbers' digits (10.0): they are read from that element's text", async () => {
    const { streamed, whole } = await both(write("doc.json", decimalsKept(scoreDescribed(mixed))));
    expect(whole.records.map((r) => [r.score, r.score_max])).toEqual([["10.0", "15.0"]]);
    expect(streamed.records).toEqual(whole.records);
    expect(streamed.diagnostics).toEqual(whole.diagnostics);
  });

  it("describes after the events of a streamed envelope: the events before them are checked without them, and a warning says so", async () => {
    const entities = mixed.data.filter((e) => !String(e.type).endsWith("Event"));
    const events = mixed.data.filter((e) => String(e.type).endsWith("Event"));
    const text = JSON.stringify({ ...mixed, data: [...events, ...entities] }, null, 2);
    const { streamed, whole } = await both(write("describes-last.json", text));
    const warned = streamed.diagnostics.filter((d) => d.code === "DESCRIBE_AFTER_EVENTS");
    expect(warned).toHaveLength(1); // once, at the first describe after an event
    const elementLines = text.split("\n").flatMap((line, i) => (line === "    {" ? [i + 1] : []));
    expect(warned[0]).toMatchObject({ severity: "warning", line: elementLines[events.length] });
    expect(whole.diagnostics.filter((d) => d.code === "DESCRIBE_AFTER_EVENTS")).toEqual([]); // parsed whole, every reference resolves
    // A describe inside an envelope nested in data serves that envelope's own events: nothing to warn about.
    const nested = { ...mixed, data: [...events, { ...mixed, data: [...entities, ...events] }] };
    expect(
      (await both(write("nested.json", JSON.stringify(nested, null, 2)))).streamed.diagnostics.filter(
        (d) => d.code === "DESCRIBE_AFTER_EVENTS",
      ),
    ).toEqual([]);
    // Describes first: nothing to warn about.
    expect(
      (
        await both(write("describes-first.json", JSON.stringify({ ...mixed, data: [...entities, ...events] }, null, 2)))
      ).streamed.diagnostics.filter((d) => d.code === "DESCRIBE_AFTER_EVENTS"),
    ).toEqual([]);
  });

  it("a single event as the whole document is parsed whole", async () => {
    const { streamed, whole } = await both(
      join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"),
    );
    expect(streamed).toEqual(whole);
  });

  it("an element over --max-event-bytes is skipped and reported, and the rest is read", async () => {
    // The GradeEvent, grown to many short lines: no single line is over the limit, the element is.
    const huge = { ...mixed.data[6]!, extensions: { pad: Array.from({ length: 2000 }, (_, i) => `line ${i}`) } };
    const text = JSON.stringify({ ...mixed, data: [...mixed.data, huge, ...mixed.data.slice(4)] }, null, 2);
    const file = write("huge.json", text);
    const limited = await convert([file], { streamAboveBytes: 0, maxEventBytes: 10_000 });
    const free = await convert([file], { streamAboveBytes: 0 });
    expect(limited.diagnostics.filter((d) => d.code === "EVENT_TOO_LARGE")).toHaveLength(1);
    expect(limited.records).toHaveLength(free.records.length - 1);
    expect(limited.summary.events).toBe(free.summary.events);
  });

  it("--max-event-bytes counts an element's UTF-8 bytes, not its characters", async () => {
    // 500 short lines of é: about 17 000 characters but 27 000 bytes, over a limit of 20 000.
    const accented = { ...mixed.data[6]!, extensions: { notes: Array.from({ length: 500 }, () => "é".repeat(20)) } };
    const text = JSON.stringify({ ...mixed, data: [...mixed.data, accented] }, null, 2);
    const limited = await convert([write("accented.json", text)], { streamAboveBytes: 0, maxEventBytes: 20_000 });
    const tooLarge = limited.diagnostics.filter((d) => d.code === "EVENT_TOO_LARGE");
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]!.message).toMatch(/^this element is 2\d\d\d\d bytes long, over the limit of 20000 bytes/);
  });

  it.each([
    ["cut inside the name of a property after data (a truncated statement result)", ',\n  "sen', 3, /property name/],
    ["a property name after data without quotes", ',\n  sensor: "x"\n}', 3, /property name/],
  ])("%s: JSON_SYNTAX where it is, after every element was read", async (_name, tail, column, message) => {
    const text = JSON.stringify({ data: mixed.data }, null, 2).replace(/\n}$/, tail);
    const { streamed } = await both(write("data-first.json", text));
    const complete = JSON.stringify(
      { data: mixed.data, sensor: mixed.sensor, sendTime: mixed.sendTime, dataVersion: mixed.dataVersion },
      null,
      2,
    );
    const { whole } = await both(write("data-first.json", complete));
    const withoutFile = (records: object[]) => records.map((r) => ({ ...r, source_file: undefined }));
    expect(withoutFile(streamed.records)).toEqual(withoutFile(whole.records));
    expect(whole.records.length).toBeGreaterThan(0);
    const syntax = streamed.diagnostics.filter((d) => d.code === "JSON_SYNTAX" || d.code === "READ_ERROR");
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toMatchObject({
      code: "JSON_SYNTAX",
      line: text.split("\n").length - (tail.endsWith("}") ? 1 : 0),
      column,
    });
    expect(syntax[0]!.message).toMatch(message);
  });

  it.each([
    [
      "a property name with a bad escape after data",
      JSON.stringify({ data: [] }, null, 2).replace(/\n}$/, ',\n  "ex\\qtra": 1\n}'),
      "JSON_SYNTAX",
    ],
    [
      "a property name with a bad escape before data",
      JSON.stringify({ data: [] }, null, 2).replace("{\n", '{\n  "ex\\qtra": 1,\n'),
      "JSON_SYNTAX",
    ],
    [
      "a comma before the end of data",
      JSON.stringify({ sensor: "s", data: [{ a: 1 }] }, null, 2).replace(/}\n  ]/, "},\n  ]"),
      "JSON_SYNTAX",
    ],
    [
      "a comma before the end of a top-level array",
      JSON.stringify([{ a: 1 }], null, 2).replace(/}\n]/, "},\n]"),
      "JSON_SYNTAX",
    ],
    [
      "a comma before the end of the envelope",
      JSON.stringify({ data: [{ a: 1 }], sensor: "s" }, null, 2).replace(/"s"\n}/, '"s",\n}'),
      "JSON_SYNTAX",
    ],
  ])("%s: the error JSON.parse finds, streamed too", async (_name, text, code) => {
    const { streamed, whole } = await both(write("bad.json", text));
    const errors = (diagnostics: { code: string; severity: string; line: number }[]) =>
      diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.line}`);
    expect(errors(whole.diagnostics)).toEqual([`${code} ${errors(whole.diagnostics)[0]?.split(" ")[1]}`]);
    expect(errors(streamed.diagnostics)).toEqual(errors(whole.diagnostics));
  });

  it.each([
    [
      "a broken value before data",
      (t: string) => t.replace('"sensor": "https://example.edu/sensors/1",', '"meta": {"a": 1,},'),
    ],
    ["a broken value after data", (t: string) => t.replace(/\n}$/, ',\n  "flag": tru\n}')],
  ])("%s: JSON_SYNTAX where it is, small or streamed (never a silent pass)", async (_name, edit) => {
    const text = edit(JSON.stringify(mixed, null, 2));
    expect(text).not.toBe(JSON.stringify(mixed, null, 2));
    const { streamed, whole } = await both(write("broken-header.json", text));
    for (const run of [streamed, whole])
      expect(run.diagnostics.filter((d) => d.code === "JSON_SYNTAX")).toHaveLength(1);
    expect(streamed.diagnostics.find((d) => d.code === "JSON_SYNTAX")!.line).toBe(
      whole.diagnostics.find((d) => d.code === "JSON_SYNTAX")!.line,
    );
  });

  it.each([
    ["inside a literal", "tru"],
    ["inside null", "nu"],
  ])("a small document cut %s keeps the elements before the cut, as a streamed one does", async (_name, tail) => {
    const event = mixed.data.find((e) => e.type === "GradeEvent")!;
    const text = `{"data": [${JSON.stringify(event)}, {"id": "b", "active": ${tail}`;
    const { streamed, whole } = await both(write("cut-literal.json", text));
    expect(whole.records).toHaveLength(1);
    expect(whole.records).toEqual(streamed.records);
  });

  it("a complete document followed by a no-break space: the document is read, the no-break space is JSON_SYNTAX where it is (JavaScript trims it, JSON does not)", async () => {
    const compact = JSON.stringify(mixed);
    const { whole } = await both(write("nbsp.json", `${compact}\u00a0`));
    const { whole: alone } = await both(write("alone.json", compact));
    expect(whole.records).toEqual(alone.records);
    expect(whole.records.length).toBeGreaterThan(0);
    expect(whole.diagnostics.filter((d) => d.severity === "error")).toMatchObject([
      { code: "JSON_SYNTAX", line: 1, column: compact.length + 1, message: expect.stringMatching(/no-break space/) },
    ]);
  });

  it("a complete small document broken in the middle (a quote missing, a stray brace) keeps JSON.parse's one exact error", async () => {
    const lines = JSON.stringify(mixed, null, 2).split("\n");
    const at = lines.findIndex((l) => l.includes('"action": "Started"'));
    for (const broken of [lines[at]!.replace('"Started",', '"Started,'), `${lines[at]!}\n    }`]) {
      const text = [...lines.slice(0, at), broken, ...lines.slice(at + 1)].join("\n");
      const { whole } = await both(write("mid.json", text));
      expect(whole.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.line])).toEqual([
        ["JSON_SYNTAX", at + 1 + (broken.includes("\n") ? 1 : 0)],
      ]);
      expect(whole.summary).toMatchObject({ events: 1, unparsable: 1 });
    }
  });

  it("a truncated document keeps every complete element before the cut, whether it is small or streamed", async () => {
    const text = JSON.stringify({ ...mixed, data: [...mixed.data, ...mixed.data.slice(4)] }, null, 2);
    const cut = text.slice(0, Math.floor(text.length * 0.8));
    const { streamed, whole } = await both(write("cut.json", cut));
    expect(streamed.records.length).toBeGreaterThan(0);
    expect(whole.records).toEqual(streamed.records); // a document that does not parse whole is read as far as it goes
    expect(whole.diagnostics).toEqual(streamed.diagnostics);
    expect(streamed.diagnostics.filter((d) => d.code === "JSON_SYNTAX")).toHaveLength(1);
    expect(streamed.summary.events).toBe(
      streamed.summary.valid + streamed.summary.invalid + streamed.summary.unrecognised,
    );
  });
});
