/** Reading: container shapes, line endings, BOMs, blank lines and exact line numbers. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { exitCodeOf, readInputs, validate, type ReadItem } from "../src/index.js";
import { splitLines } from "../src/read/lines.js";
import { unwrap } from "../src/standards/containers.js";
import { ROOT, scratchFolder } from "./helpers.js";

const statement = JSON.parse(
  readFileSync(join(ROOT, "samples/valid/brightspace-grade/d2l-template-grade-item-updated.json"), "utf8"),
) as object;
const line = JSON.stringify(statement);
const envelope = (data: unknown[]) => ({ sensor: "urn:uuid:1", sendTime: "2024-01-01T00:00:00.000Z", data });
const person = { id: "https://example.edu/users/1", type: "Person" };

async function read(content: string | Buffer, maxEventBytes?: number): Promise<ReadItem[]> {
  const file = join(scratchFolder("read"), "input");
  writeFileSync(file, content);
  const items: ReadItem[] = [];
  for await (const item of readInputs([file], maxEventBytes === undefined ? {} : { maxEventBytes })) items.push(item);
  return items;
}

const events = (items: ReadItem[]) => items.flatMap((i) => (i.kind === "event" ? [i.event] : []));
const problems = (items: ReadItem[]) => items.flatMap((i) => (i.kind === "unreadable" ? [i.diagnostic] : []));

describe("what a file may hold", () => {
  it.each([
    ["one event", JSON.stringify(statement, null, 2), [""]],
    ["an array of events", JSON.stringify([statement, statement]), ["/0", "/1"]],
    ["a Caliper envelope", JSON.stringify(envelope([statement])), ["/data/0"]],
    [
      "an array of envelopes",
      JSON.stringify([envelope([statement]), envelope([statement, statement])]),
      ["/0/data/0", "/1/data/0", "/1/data/1"],
    ],
    [
      "an xAPI statement result",
      JSON.stringify({ statements: [statement, statement], more: "/xapi/statements?more=2" }),
      ["/statements/0", "/statements/1"],
    ],
    ["NDJSON of statements", `${line}\n${line}\n`, ["", ""]],
    [
      "NDJSON of envelopes",
      `${JSON.stringify(envelope([statement]))}\n${JSON.stringify(envelope([statement]))}`,
      ["/data/0", "/data/0"],
    ],
  ])("%s", async (_name, content, pointers) => {
    const found = events(await read(content));
    expect(found.map((e) => e.at.pointer)).toEqual(pointers);
    expect(found.map((e) => e.at.index)).toEqual(pointers.map((_, i) => i));
  });

  it("counts entity describes in an envelope apart from events", async () => {
    const items = await read(JSON.stringify(envelope([person, statement, { id: "urn:x", type: "CourseSection" }])));
    expect(events(items)).toHaveLength(1);
    expect(
      items.filter((i) => i.kind === "describe").map((i) => i.kind === "describe" && i.describe.at.pointer),
    ).toEqual(["/data/0", "/data/2"]);
  });

  it("treats a Caliper event in an envelope as an event even without `action`", () => {
    const found = unwrap(envelope([{ type: "GradeEvent" }])).filter((f) => !f.envelope);
    expect(found.map((f) => f.describe)).toEqual([false]);
  });
});

describe("text encodings and line endings", () => {
  it.each([
    ["LF", `${line}\n\n${line}\n`, [1, 3]],
    ["CRLF", `${line}\r\n\r\n${line}\r\n`, [1, 3]],
    ["a BOM", `\ufeff${line}\n${line}`, [1, 2]],
    ["no final newline", `${line}\n${line}`, [1, 2]],
    ["leading blank lines", `\n   \n${line}\n`, [3]],
  ])("NDJSON with %s", async (_name, content, lines) => {
    const items = await read(content);
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => e.at.line)).toEqual(lines);
  });

  it("a pretty-printed document with a BOM and CRLF", async () => {
    const text = "\ufeff" + JSON.stringify([statement, statement], null, 2).replaceAll("\n", "\r\n");
    const found = events(await read(text));
    const starts = text.split("\r\n").flatMap((l, i) => (l === "  {" ? [i + 1] : []));
    expect(starts).toHaveLength(2);
    expect(found.map((e) => e.at.line)).toEqual(starts);
  });

  it("gives each event of a pretty-printed envelope the line it starts on", async () => {
    const text = JSON.stringify(envelope([person, statement, statement]), null, 2);
    const found = events(await read(text));
    const expected = text
      .split("\n")
      .flatMap((l, i) => (l === "    {" ? [i + 1] : []))
      .slice(1); // the person comes first
    expect(found.map((e) => e.at.line)).toEqual(expected);
  });

  it("splits lines across chunk boundaries, including inside a multi-byte character", async () => {
    const bytes = Buffer.from("ä€\r\nb\n\nc");
    async function* oneByteAtATime() {
      for (const byte of bytes) yield Buffer.from([byte]);
    }
    const lines: unknown[] = [];
    for await (const chunk of splitLines(oneByteAtATime())) lines.push(...chunk);
    expect(lines).toEqual(["ä€", "b", "", "c"]);
  });
});

describe("JSON that does not parse", () => {
  it("rejects one NDJSON line and reads the rest", async () => {
    const items = await read(`${line}\n{"broken": \n${line}\n`);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 3]);
    expect(problems(items)).toMatchObject([{ code: "JSON_SYNTAX", line: 2, column: 12, severity: "error" }]);
  });

  it("recognises NDJSON whose first line is the broken one", async () => {
    const items = await read(`{"broken\n${line}\n${line}\n`);
    expect(events(items).map((e) => e.at.line)).toEqual([2, 3]);
    expect(problems(items)).toMatchObject([{ code: "JSON_SYNTAX", line: 1 }]);
  });

  it("names line and column of an error in a pretty-printed document", async () => {
    const items = await read('{\n  "a": 1,\n  "b": tru\n}\n');
    expect(problems(items)).toMatchObject([{ code: "JSON_SYNTAX", line: 3, column: 8 }]);
  });

  it.each([
    ["a no-break space", '{\n\u00a0 "a": 1\n}', /no-break space \(U\+00A0\).*copy-paste artefact/, 2, 1],
    [
      "a curly quote",
      '{\n  "a": \u201cx\u201d\n}',
      /curly opening double quote \(U\+201C\).*copy-paste artefact/,
      2,
      8,
    ],
    ["a truncated document", '{\n  "a": [1, 2', /ends too early/, 2, 13],
  ])("explains %s", async (_name, content, message, lineNo, column) => {
    const [problem] = problems(await read(content));
    expect(problem).toMatchObject({ code: "JSON_SYNTAX", line: lineNo, column });
    expect(problem!.message).toMatch(message);
  });

  it("warns about an empty file and counts no event", async () => {
    for (const content of ["", "  \n\n"]) {
      const items = await read(content);
      expect(events(items)).toEqual([]);
      expect(problems(items)).toMatchObject([{ code: "NO_EVENTS", severity: "warning" }]);
    }
  });
});

describe("hostile shapes", () => {
  it("reads every line around a deeply nested one", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const items = await read(`${line}\n${deep}\n${line}\n${line}\n`);
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 2, 3, 4]);
  });

  it("rejects an unclosed deeply nested line only", async () => {
    const items = await read(`${line}\n${"[".repeat(100_000)}\n${line}\n`);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 3]);
    expect(problems(items)).toMatchObject([{ code: "JSON_SYNTAX", line: 2, column: 100_001 }]);
  });

  it("keeps reading NDJSON whose first lines are all broken", async () => {
    const items = await read(`{"a\n{"b\n{"c\n${line}\n`);
    expect(problems(items).map((p) => [p.code, p.line])).toEqual([
      ["JSON_SYNTAX", 1],
      ["JSON_SYNTAX", 2],
      ["JSON_SYNTAX", 3],
    ]);
    expect(events(items).map((e) => e.at.line)).toEqual([4]);
  });

  it("treats a broken pretty-printed document as one document, even with a one-line object inside", async () => {
    const text = '[\n  {"id": 1},\n  {"id": 2}\n  {"id": 3}\n]\n';
    const items = await read(text);
    expect(events(items)).toEqual([]); // a fault inside a complete document: JSON.parse's one error says it
    expect(problems(items)).toMatchObject([{ code: "JSON_SYNTAX", line: 4, column: 3 }]);
  });

  it("calls out a line that holds only a no-break space", async () => {
    const items = await read(`${line}\n\u00a0\n${line}\n`);
    expect(events(items)).toHaveLength(2);
    expect(problems(items)).toMatchObject([
      { code: "JSON_SYNTAX", line: 2, column: 1, message: expect.stringMatching(/no-break space/) },
    ]);
  });

  it("reports invalid UTF-8 with its byte offset and never changes the text", async () => {
    const bad = Buffer.concat([Buffer.from(`${line}\n{"a": "b`), Buffer.from([0xe9]), Buffer.from(`c"}\n${line}\n`)]);
    const items = await read(bad);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 3]);
    expect(problems(items)).toMatchObject([
      {
        code: "ENCODING",
        line: 2,
        column: 9,
        message: expect.stringMatching(new RegExp(`byte offset ${line.length + 9}\\b`)),
      },
    ]);
  });

  it("skips a line over --max-event-bytes, unread, and reads the rest", async () => {
    const huge = `{"pad": "${"x".repeat(5000)}"}`;
    const items = await read(`${line}\n${huge}\n${line}\n${huge}`, 4096);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 3]);
    expect(problems(items).map((p) => [p.code, p.line])).toEqual([
      ["EVENT_TOO_LARGE", 2],
      ["EVENT_TOO_LARGE", 4],
    ]);
    expect(problems(items)[0]!.message).toMatch(/is 5011 bytes long, over the limit of 4096 bytes/);
  });

  // Whatever is being read on or skipped when it comes (a broken document, text that is not JSON,
  // the lines after bad bytes in a document), a line over the limit ends it: an event of its own.
  it.each([
    ["a broken document", "{ not JSON"],
    ["a document that is an array, never closed", "[1,"],
    ["a string never closed", '"no end'],
    ["text that is not JSON", "name,score"],
    ["bad bytes inside a document", Buffer.concat([Buffer.from('{"a": "b'), Buffer.from([0xe9]), Buffer.from("c")])],
  ])(
    "a line over --max-event-bytes after %s is an event of its own: counted, EVENT_TOO_LARGE",
    async (_name, before) => {
      const huge = `{"pad": "${"x".repeat(5000)}"}`;
      const items = await read(Buffer.concat([Buffer.from(before), Buffer.from(`\n${huge}\n${line}\n`)]), 4096);
      expect(problems(items).map((p) => p.code)).toContain("EVENT_TOO_LARGE");
      expect(problems(items).find((p) => p.code === "EVENT_TOO_LARGE")?.line).toBe(2);
      expect(problems(items).filter((p) => p.line === 1)).toHaveLength(1); // and what came before it, said once
      // (A document cut short keeps its whole elements: `[1,` its 1, on line 1.)
      expect(
        events(items)
          .map((e) => e.at.line)
          .filter((at) => at > 1),
      ).toEqual([3]);
    },
  );

  it("reads a line of only whitespace over --max-event-bytes as a blank line: nothing in it to skip", async () => {
    const items = await read(`${line}\n${" \t".repeat(5000)}\n${line}\n${" ".repeat(5000)}`, 4096);
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => e.at.line)).toEqual([1, 3]);
  });

  // JSON in UTF-16 or UTF-32 is told by its byte-order mark, or without one by where the zero bytes
  // of its first ASCII character fall (RFC 4627 §3).
  const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
  const utf32le = (text: string) =>
    Buffer.concat(
      [...text].map((c) => {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(c.codePointAt(0)!);
        return b;
      }),
    );
  const utf32be = (text: string) =>
    Buffer.concat(
      [...text].map((c) => {
        const b = Buffer.alloc(4);
        b.writeUInt32BE(c.codePointAt(0)!);
        return b;
      }),
    );
  it.each([
    ["UTF-16 (little-endian)", Buffer.from(`\uFEFF${line}`, "utf16le")],
    ["UTF-16 (big-endian)", utf16be(`\uFEFF${line}`)],
    ["UTF-16 (little-endian)", Buffer.from(line, "utf16le")],
    ["UTF-16 (big-endian)", utf16be(line)],
    ["UTF-32 (little-endian)", utf32le(`\uFEFF${line}`)],
    ["UTF-32 (big-endian)", utf32be(`\uFEFF${line}`)],
    ["UTF-32 (little-endian)", utf32le(line)],
    ["UTF-32 (big-endian)", utf32be(line)],
  ])("says so when a file is %s, with or without a byte-order mark", async (name, bytes) => {
    const items = await read(bytes);
    expect(events(items)).toEqual([]);
    expect(problems(items)).toMatchObject([
      { code: "ENCODING", line: 1, message: expect.stringContaining(`the file is ${name} text`) },
    ]);
    expect(problems(items)[0]!.message).toContain(
      `iconv -f ${name.replace(/ \((\w)\w+-endian\)/, (_, e: string) => (e === "l" ? "LE" : "BE"))} -t UTF-8`,
    );
  });

  it("reads two documents run together on one line as two (jq reads them so), with no error", async () => {
    const items = await read(`${line}${line}\n${line}`);
    expect(problems(items)).toEqual([]);
    expect(events(items).map((e) => [e.at.line, e.at.index])).toEqual([
      [1, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it("never prints raw control characters from the input", async () => {
    const [problem] = problems(await read("\u0001\u0002"));
    expect(problem!.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("counts an envelope item with event properties as an event, even with a misspelt type", async () => {
    const misspelt = {
      ...statement,
      type: "http://caliper.blackboard.com/caliper/v1/CalculatedGradeSnapshot",
      action: undefined,
      eventTime: "2024-01-01T00:00:00.000Z",
      actor: "https://x/app",
    };
    const items = await read(JSON.stringify(envelope([misspelt])));
    expect(events(items)).toHaveLength(1);
    expect(items.some((i) => i.kind === "describe")).toBe(false);
  });
});

describe("standard input", () => {
  it("is gunzipped even when its first read holds one byte of the gzip magic (a slow pipe)", async () => {
    const gz = gzipSync(`${line}\n${line}\n`);
    const stdin = Readable.from([gz.subarray(0, 1), gz.subarray(1)], { objectMode: false });
    const items: ReadItem[] = [];
    for await (const item of readInputs(["-"], { stdin })) items.push(item);
    expect(events(items)).toHaveLength(2);
    expect(problems(items)).toEqual([]);
  });
});

describe("an input that fails part-way", () => {
  /** Standard input that gives one event, then fails with `error`. */
  function failingStdin(error: Error): Readable {
    return Readable.from(
      (async function* () {
        yield Buffer.from(`${line}\n`);
        throw error;
      })(),
      { objectMode: false },
    );
  }

  it("an I/O error (one with an errno code) is READ_ERROR after the lines read", async () => {
    const items: ReadItem[] = [];
    for await (const item of readInputs(["-"], {
      stdin: failingStdin(Object.assign(new Error("i/o error"), { code: "EIO" })),
    }))
      items.push(item);
    expect(events(items)).toHaveLength(1);
    expect(problems(items).map((d) => [d.code, d.line])).toEqual([["READ_ERROR", 2]]);
  });

  it("any other error is a bug: INTERNAL_ERROR, exit 3, not a READ_ERROR", async () => {
    const stdin = failingStdin(new RangeError("Invalid array length"));
    const items: ReadItem[] = [];
    for await (const item of readInputs(["-"], { stdin })) items.push(item);
    expect(problems(items).map((d) => d.code)).toEqual(["INTERNAL_ERROR"]);
    expect(problems(items)[0]!.message).toMatch(/a bug in gradeev \(Invalid array length\)/);
    const run = await validate(["-"], { stdin: failingStdin(new RangeError("Invalid array length")) });
    expect(exitCodeOf(run.summary)).toBe(3);
  });
});

describe("a run of lines that are not UTF-8", () => {
  it("is one ENCODING for the run, saying how many lines, and the event after it is read", async () => {
    const junk = Buffer.from("ab\xff\xfe junk\n", "latin1");
    const text = Buffer.from(" plain text\n");
    const items = await read(
      Buffer.concat([...Array.from({ length: 999 }, () => junk), text, Buffer.from("\n\n"), Buffer.from(`${line}\n`)]),
    );
    expect(problems(items).map((d) => [d.code, d.line, d.index])).toEqual([["ENCODING", 1, 0]]);
    expect(problems(items)[0]!.message).toMatch(
      /the 1000 lines from here to the next line that starts a document were skipped/,
    );
    expect(events(items).map((e) => [e.at.line, e.at.index])).toEqual([[1003, 1]]);
    // Its bytes, blank lines after it left out, for --rejects.
    const problem = items.find((i) => i.kind === "unreadable");
    expect(problem?.kind === "unreadable" && Buffer.from(problem.bytesBase64!, "base64")).toEqual(
      Buffer.concat([...Array.from({ length: 999 }, () => junk), text]).subarray(0, -1),
    );
  });

  it("past 1 MiB, the run is counted, not copied", async () => {
    const junk = Buffer.from(`\xff${"x".repeat(1023)}\n`, "latin1");
    const items = await read(Buffer.concat([...Array.from({ length: 2048 }, () => junk), Buffer.from(`${line}\n`)]));
    expect(problems(items).map((d) => d.code)).toEqual(["ENCODING"]);
    expect(problems(items)[0]!.message).toMatch(
      /the 2048 lines from here .* were skipped, too many to copy to --rejects/,
    );
    expect(items.find((i) => i.kind === "unreadable")).not.toHaveProperty("bytesBase64");
    expect(events(items)).toHaveLength(1);
  });
});
