/**
 * Several JSON documents one after another in one file or stream (what `cat a.json b.json`, `jq .`
 * and many exporters write) are read as those documents, in order, whole or streamed: every event
 * and every diagnostic keeps the line, column and pointer it has when its document is read alone,
 * moved down (and, on the line a document starts on, right) by what came before it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convert, readInputs, type Diagnostic, type Summary } from "../src/index.js";
import { parseUnits } from "../src/read/documents.js";
import { STREAMED_ARRAYS } from "../src/standards/containers.js";
import { splitLines } from "../src/read/lines.js";
import { openParts } from "../src/read/ranges.js";
import { ValueScanner, type ScanStep } from "../src/read/value-scanner.js";
import { isStandalone } from "../src/read/line-starts.js";
import { BIN, ROOT, runCli, scratchFolder } from "./helpers.js";

const dir = scratchFolder("sequence");
const sampleText = (path: string) =>
  readFileSync(join(ROOT, "samples", path), "utf8")
    .replace(/^\ufeff/, "")
    .trimEnd();
const mixed = JSON.parse(sampleText("valid/caliper-grade-event/caliperspec-v1p2-envelope-mixed-batch.json")) as {
  data: Record<string, unknown>[];
} & Record<string, unknown>;

/** The documents a sequence is made of: an envelope (one event broken), an array of statements, an LRS page, a bare event, a compact envelope. */
const documents = [
  JSON.stringify(
    { ...mixed, data: [...mixed.data, { ...mixed.data[6]!, id: "urn:uuid:broken", eventTime: "yesterday" }] },
    null,
    2,
  ),
  `[\n    ${sampleText("valid/brightspace-grade/d2l-template-grade-item-updated.json").replaceAll("\n", "\n    ")}\n]`,
  sampleText("valid/brightspace-grade/lrs-statement-result.json"),
  sampleText("valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json"),
  JSON.stringify(JSON.parse(sampleText("valid/bb-calculated-grade/blackboard-docs-v1p1-envelope.json"))),
];

let written = 0;
function write(text: string | Buffer, name = `input-${written++}.json`): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Diagnostics in the order of where they point: a streamed envelope's own come after its events. */
function inLineOrder(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.line, d.column ?? 0, d.code, d.pointer ?? "", d.index ?? -1] as const;
  return [...diagnostics].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  });
}

function addSummary(total: Summary, one: Summary): void {
  for (const key of [
    "events",
    "valid",
    "invalid",
    "unparsable",
    "unrecognised",
    "describes",
    "invalidDescribes",
    "invalidEnvelopes",
    "errors",
    "warnings",
    "internalErrors",
  ] as const)
    total[key] += one[key];
  for (const [kind, n] of Object.entries(one.unrecognisedKinds))
    total.unrecognisedKinds[kind] = (total.unrecognisedKinds[kind] ?? 0) + n;
  for (const [code, n] of Object.entries(one.byCode)) total.byCode[code] = (total.byCode[code] ?? 0) + n;
}

/**
 * What the sequence must read as: each document read alone, its diagnostics moved to where the
 * document starts in the sequence (line, and column on its first line) and its event indexes after
 * those of the documents before it.
 */
async function expectedOf(docs: readonly string[], starts: readonly { line: number; column: number }[], file: string) {
  const records = [];
  const diagnostics: Diagnostic[] = [];
  let summary: Summary | undefined;
  for (const [k, doc] of docs.entries()) {
    const alone = await convert([write(doc)], { streamAboveBytes: Infinity });
    const { line, column } = starts[k]!;
    const indexBase = summary ? summary.events : 0;
    records.push(...alone.records);
    for (const d of alone.diagnostics)
      diagnostics.push({
        ...d,
        file,
        line: d.line + line - 1,
        ...(d.column !== undefined && { column: d.line === 1 ? d.column + column - 1 : d.column }),
        ...(d.index !== undefined && { index: d.index + indexBase }),
      });
    if (summary) addSummary(summary, alone.summary);
    else summary = structuredClone(alone.summary);
  }
  return { records, diagnostics: inLineOrder(diagnostics), summary: summary! };
}

/** The documents joined by the separators, and where each starts (1-based line and column, in UTF-16 units as columns are counted). */
function joined(docs: readonly string[], before: (k: number) => string, head = "") {
  let text = head;
  const starts: { line: number; column: number }[] = [];
  for (const [k, doc] of docs.entries()) {
    text += before(k);
    const lines = text.split("\n");
    starts.push({ line: lines.length, column: lines.at(-1)!.replace(/^\ufeff/, "").length + 1 });
    text += doc;
  }
  return { text, starts };
}

describe("a file of several JSON documents reads as each document alone", () => {
  const crlf = documents.map((d) => d.replaceAll("\n", "\r\n"));
  const compact = documents.map((d) => JSON.stringify(JSON.parse(d)));
  const layouts: [string, string[], (k: number) => string, string?][] = [
    [
      "pretty documents, each ending in a newline (cat of files that end in one)",
      documents,
      (k) => (k > 0 ? "\n" : ""),
    ],
    ["no newline between them (cat of files that do not end in one): }{ and ][ on one line", documents, () => ""],
    [
      "CRLF line endings, blank lines between, a byte-order mark at the very start",
      crlf,
      (k) => (k > 0 ? "\r\n\r\n  \r\n\t\r\n" : ""),
      "\ufeff",
    ],
    ["a space between documents on one line", documents, (k) => (k > 0 ? " " : "")],
    ["separated by a carriage return only", documents, (k) => (k > 0 ? "\r" : "")],
    [
      "an RFC 7464 JSON text sequence (a record separator before each, a line feed after)",
      documents,
      (k) => (k > 0 ? "\n\u001e" : "\u001e"),
    ],
    ["compact documents one after another on one line (jq -cj)", compact, () => ""],
    [
      "compact documents one per line (jq -c), then pretty ones",
      [...compact, ...documents],
      (k) => (k > 0 ? "\n" : ""),
    ],
  ];

  it.each(layouts)("%s", async (_name, docs, before, head) => {
    const { text, starts } = joined(docs, before, head);
    const file = write(text);
    const expected = await expectedOf(docs, starts, file);
    // The file's own lines and bytes, separators and all (every line counts, the last unended one too).
    expected.summary.bytes = Buffer.byteLength(text);
    expected.summary.lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([file], { streamAboveBytes });
      expect(run.records).toEqual(expected.records);
      expect(inLineOrder(run.diagnostics)).toEqual(expected.diagnostics);
      expect(run.summary).toEqual({ ...expected.summary, files: 1 });
    }
    expect(expected.summary.events).toBeGreaterThan(5);
    expect(expected.diagnostics.some((d) => d.code === "BAD_TIME")).toBe(true);
  });
});

describe("streamed envelopes one after another", () => {
  it("each is its own: the describes of one serve none after it, and describes first in the next are not after events", async () => {
    // Describes first, then events, in each; the last refers by IRI to a Score only the one before describes.
    const event = mixed.data.find((e) => e.type === "GradeEvent")!;
    const score = event.generated as { id: string };
    const describing = {
      ...mixed,
      data: [...mixed.data.filter((e) => !String(e.type).endsWith("Event")), score, { ...event, generated: score.id }],
    };
    const referring = { ...mixed, data: [{ ...event, generated: score.id }] };
    const file = write([mixed, describing, referring].map((envelope) => JSON.stringify(envelope, null, 2)).join("\n"));
    const streamed = await convert([file], { streamAboveBytes: 0 });
    const whole = await convert([file], { streamAboveBytes: Infinity });
    expect(streamed.diagnostics.map((d) => d.code)).not.toContain("DESCRIBE_AFTER_EVENTS");
    expect(inLineOrder(streamed.diagnostics)).toEqual(inLineOrder(whole.diagnostics));
    expect(streamed.records).toEqual(whole.records);
  });
});

describe("the issue: `cat a.json b.json | gradeev convert`", () => {
  const a = readFileSync(join(ROOT, "samples/valid/caliper-grade-event/caliperspec-v1p2-envelope-mixed-batch.json"));
  const b = readFileSync(join(ROOT, "samples/valid/brightspace-grade/lrs-statement-result.json"));
  const alone = async () => {
    const [one, two] = [
      await runCli(["convert", "-", "--to", "ndjson"], { input: a }),
      await runCli(["convert", "-", "--to", "ndjson"], { input: b }),
    ];
    return one.stdout + two.stdout;
  };

  it.each([
    ["on standard input", Buffer.concat([a, b])],
    ["gzipped, on standard input", gzipSync(Buffer.concat([a, b]))],
    [
      "on standard input, the first file without its last newline (}{)",
      Buffer.concat([a.subarray(0, a.length - 1), b]),
    ],
  ])("%s: every event is read, with no error", async (_name, input) => {
    const run = await runCli(["convert", "-", "--to", "ndjson"], { input });
    expect(run.stderr).not.toMatch(/JSON_SYNTAX|run together/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(await alone());
  });

  it("in a folder, plain and gzipped", async () => {
    const folder = join(dir, "folder");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.json"), Buffer.concat([a, b]));
    writeFileSync(join(folder, "b.json.gz"), gzipSync(Buffer.concat([a, b])));
    const run = await runCli(["convert", folder, "--to", "ndjson"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await alone()).repeat(2));
  });
});

describe("a broken document among others: one exact error, and the documents around it read", () => {
  const pretty = documents[0]!; // the envelope, its events on lines of their own
  const line = documents[4]!; // a compact envelope: one NDJSON line
  const cut = pretty.slice(0, pretty.indexOf('"urn:uuid:broken"')); // inside its last event, after whole ones
  const errors = (diagnostics: readonly Diagnostic[]) =>
    diagnostics.filter((d) => d.severity === "error" && d.pointer === undefined);
  const recordsOf = async (text: string) => (await convert([write(text)], { streamAboveBytes: Infinity })).records;
  const prettyLines = pretty.split("\n").length;

  /** Where `needle` is in `text`: 1-based line and column. */
  function place(text: string, needle: string) {
    const before = text.slice(0, text.indexOf(needle)).split("\n");
    return { line: before.length, column: before.at(-1)!.length + 1 };
  }

  it.each([
    ["a stray } between documents", `${pretty}\n}\n${pretty}\n`, prettyLines + 1, 1, /unexpected token '}'/],
    ["a comma between documents", `${pretty},\n${pretty}\n`, prettyLines, 2, /unexpected token ','/],
    [
      "text between documents",
      `${pretty}\nundefined\n${pretty}\n`,
      prettyLines + 1,
      1,
      /not valid JSON|unexpected token/,
    ],
    ["a no-break space before a document", `${pretty}\n\u00a0\n${pretty}\n`, prettyLines + 1, 1, /no-break space/],
    [
      "a byte-order mark before a document (files that each start with one, joined by cat)",
      `\ufeff${pretty}\n\ufeff${pretty}\n`,
      prettyLines + 1,
      1,
      /byte-order mark.*cat/,
    ],
  ])("%s: one JSON_SYNTAX where it is, both documents read", async (_name, text, line, column, message) => {
    const expected = await recordsOf(pretty);
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([write(text)], { streamAboveBytes });
      expect(run.records).toEqual([...expected, ...expected]);
      expect(errors(run.diagnostics)).toMatchObject([
        { code: "JSON_SYNTAX", line, column, message: expect.stringMatching(message) },
      ]);
    }
  });

  it("a fault inside the middle one of three (a value without quotes): JSON.parse's one error where it is; the others read whole", async () => {
    const broken = pretty.replace('"action": "Graded"', '"action": Graded');
    const text = `${pretty}\n${broken}\n${pretty}\n`;
    const expected = await recordsOf(pretty);
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([write(text)], { streamAboveBytes });
      expect(errors(run.diagnostics)).toMatchObject([{ code: "JSON_SYNTAX", ...place(text, "Graded,") }]);
      // Parsed whole, the broken document gives no event; streamed, its other elements are read.
      expect(run.records.slice(0, expected.length)).toEqual(expected);
      expect(run.records.slice(-expected.length)).toEqual(expected);
    }
  });

  it("a quote missing in the middle one of three: one error at the line it breaks, the others read whole", async () => {
    const broken = pretty.replace('"action": "Graded"', '"action": "Graded');
    const text = `${pretty}\n${broken}\n${pretty}\n`;
    const expected = await recordsOf(pretty);
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([write(text)], { streamAboveBytes });
      expect(errors(run.diagnostics).map((d) => [d.code, d.line])).toEqual([
        ["JSON_SYNTAX", place(text, '"Graded,').line],
      ]);
      expect(run.records.slice(0, expected.length)).toEqual(expected);
      expect(run.records.slice(-expected.length)).toEqual(expected);
    }
  });

  it.each([
    ["another pretty-printed document", "", "\n", pretty],
    ["another pretty-printed document, with blank lines between", "", "\n\n\n", pretty],
    ["NDJSON lines", "", "\n", `${line}\n${line}`],
    ["a record separator and another text (RFC 7464)", "\u001e", "\n\u001e", pretty],
  ])(
    "a document cut short, then %s: its whole elements are kept, one JSON_SYNTAX says where it was cut, what follows is read",
    async (_name, head, between, after) => {
      const text = `${head}${cut}${between}${after}\n`;
      const before = await convert([write(cut)], { streamAboveBytes: Infinity });
      const rest = await recordsOf(after);
      expect(before.records.length).toBeGreaterThan(0);
      expect(rest.length).toBeGreaterThan(0);
      for (const streamAboveBytes of [Infinity, 0]) {
        const run = await convert([write(text)], { streamAboveBytes });
        expect(run.records).toEqual([...before.records, ...rest]);
        expect(errors(run.diagnostics)).toMatchObject([
          { code: "JSON_SYNTAX", message: expect.stringMatching(/ends too early/) },
        ]);
        expect(errors(run.diagnostics)[0]!.line).toBeLessThanOrEqual(cut.split("\n").length);
      }
    },
  );

  it("a document of unindented elements cut short after a whole value, then another: read up to the cut, the next read whole (parsed whole; see the known limits of docs/safety.md when streamed)", async () => {
    const elements = `{"sensor": "s", "data": [\n${mixed.data.map((e) => JSON.stringify(e)).join(",\n")}\n]}`;
    const short = elements.slice(0, elements.lastIndexOf(',"type"'));
    const text = `${short}\n${pretty}\n`;
    const run = await convert([write(text)]);
    expect(run.records).toEqual([...(await recordsOf(short)), ...(await recordsOf(pretty))]);
    expect(errors(run.diagnostics)).toMatchObject([
      { code: "JSON_SYNTAX", message: expect.stringMatching(/ends too early/) },
    ]);
  });

  it("a trailing document cut short keeps its whole elements, as one alone does", async () => {
    const text = `${pretty}\n${cut}`;
    const expected = [...(await recordsOf(pretty)), ...(await recordsOf(cut))];
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([write(text)], { streamAboveBytes });
      expect(run.records).toEqual(expected);
      expect(errors(run.diagnostics).map((d) => d.code)).toEqual(["JSON_SYNTAX"]);
    }
  });

  it.each([
    ["inside a string beside the data (its sensor)", pretty.slice(0, pretty.indexOf('"sensor"') + 20)],
    ["inside a string beside the statements (more)", `{\n  "statements": [],\n  "more": "/xapi/statem`],
  ])(
    "a document cut %s before any element, then another or nothing: one error whole and streamed, the next read",
    async (_name, cutHere) => {
      for (const [text, expected] of [
        [`${cutHere}\n${pretty}\n`, await recordsOf(pretty)],
        [cutHere, []],
      ] as const) {
        const whole = await convert([write(text)], { streamAboveBytes: Infinity });
        const streamed = await convert([write(text)], { streamAboveBytes: 0 });
        expect(whole.records).toEqual(expected);
        expect(streamed.records).toEqual(expected);
        expect(errors(whole.diagnostics)).toHaveLength(1);
        expect(errors(streamed.diagnostics)).toHaveLength(1);
        expect(streamed.summary.unparsable).toBe(whole.summary.unparsable);
        expect(streamed.summary.events).toBe(whole.summary.events);
      }
    },
  );

  it("NDJSON stays NDJSON: two bad lines in a row, each rejected on its own, the lines around read", async () => {
    const text = `${line}\n{"a": [\n{"b": \n${line}\n${line}\n`;
    const run = await convert([write(text)]);
    expect(errors(run.diagnostics).map((d) => [d.code, d.line, d.column])).toEqual([
      ["JSON_SYNTAX", 2, 8],
      ["JSON_SYNTAX", 3, 7],
    ]);
    expect(run.records).toEqual([...(await recordsOf(line)), ...(await recordsOf(line)), ...(await recordsOf(line))]);
  });

  it("a number, a string, true and null between documents are values like any other: each counted as an unrecognised event, no error", async () => {
    const text = `${line}\n1 "a" true\nnull\n${line}\n`;
    const run = await convert([write(text)]);
    const alone = await convert([write(line)]);
    expect(errors(run.diagnostics)).toEqual([]);
    expect(run.summary.unrecognised).toBe(2 * alone.summary.unrecognised + 4);
    expect(run.records).toEqual([...alone.records, ...alone.records]);
  });

  it("a literal cut short between documents is JSON_SYNTAX", async () => {
    const run = await convert([write(`${line}\ntru\n${line}\n`)]);
    expect(errors(run.diagnostics)).toMatchObject([{ code: "JSON_SYNTAX", line: 2, column: 1 }]);
    expect(run.summary.events).toBe(2 * (await convert([write(line)])).summary.events + 1);
  });
});

describe("--jobs: a file of NDJSON lines and documents over many lines reads as on one thread", () => {
  const lines = documents.map((d) => JSON.stringify(JSON.parse(d)));
  const ndjson = (n: number) => Array.from({ length: n }, (_, i) => lines[i % lines.length]).join("\n");
  /** An envelope over the stream threshold (8 MiB), pretty-printed: streamed, in whichever part it falls. */
  const large = JSON.stringify(
    {
      ...mixed,
      data: Array.from({ length: 6000 }, (_, i) => ({
        ...mixed.data[6]!,
        id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      })),
    },
    null,
    2,
  );
  const cut = documents[0]!.slice(0, documents[0]!.indexOf('"urn:uuid:broken"'));
  const text = [
    ndjson(400),
    documents[0],
    ndjson(300),
    `${documents[1]}${documents[0]}`,
    ndjson(300),
    large,
    ndjson(300),
    '{"id": "broken", "actor": 1',
    ndjson(100),
    cut,
    ndjson(400),
  ].join("\n");
  const file = write(text, "mixed-sequence.json");

  it("parts start only between two NDJSON lines, never inside a document", async () => {
    expect(large.length).toBeGreaterThan(8 * 1024 * 1024);
    const split = await openParts(file, 256 * 1024);
    await split?.handle.close();
    const starts = split!.ranges.map((r) => r.start).slice(1);
    expect(starts.length).toBeGreaterThan(10);
    const bytes = readFileSync(file);
    for (const start of starts) {
      const before = bytes.toString("utf8", bytes.lastIndexOf(0x0a, start - 2) + 1, start - 1);
      const at = bytes.toString("utf8", start, bytes.indexOf(0x0a, start));
      expect([isStandalone(before), isStandalone(at)]).toEqual([true, true]);
    }
  });

  it("the same diagnostics, records and rejects with --jobs 3 as with --jobs 1", async () => {
    const folder = join(dir, "jobs");
    mkdirSync(folder);
    const run = (jobs: string[]) =>
      runCli(
        ["convert", file, "--to", "ndjson", "--rejects", `rejects-${jobs.length}.ndjson`, "--format", "json", ...jobs],
        { cwd: folder, env: { GRADEEV_DEBUG: "1" } },
      );
    const one = await run(["--jobs", "1"]);
    const many = await run(["--jobs", "3", "--part-size", "256KiB"]);
    expect(many.stderr).toMatch(/debug: 3 worker threads/);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr.replace(/^gradeev: debug: .*\n/m, "")).toBe(one.stderr.replace(/^gradeev: debug: .*\n/m, ""));
    expect(readFileSync(join(folder, "rejects-4.ndjson"), "utf8")).toBe(
      readFileSync(join(folder, "rejects-2.ndjson"), "utf8"),
    );
    const report = JSON.parse(one.stderr.slice(one.stderr.indexOf("{"))) as { diagnostics: Diagnostic[] };
    const syntax = report.diagnostics.filter((d) => d.code === "JSON_SYNTAX").map((d) => d.line);
    const lineOf = (needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
    expect(syntax).toEqual([lineOf('{"id": "broken"'), expect.any(Number)]);
    expect(one.stdout.split("\n").length).toBeGreaterThan(3000);
  }, 120_000);
});

describe("hostile sequences", () => {
  const event = sampleText("valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json");

  it("20 000 tiny pretty-printed documents and scalars: each read, on its own line, at once", async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => (i % 4 === 3 ? `${i}` : `{\n  "n": ${i}\n}`)).join("\n");
    const started = Date.now();
    const items = [];
    for await (const item of readInputs([write(text)])) if (item.kind === "event") items.push(item.event);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(items).toHaveLength(20_000);
    expect(items.map((e) => e.at.line)).toEqual(
      Array.from({ length: 20_000 }, (_, i) => 1 + 3 * i - 2 * Math.floor(i / 4)),
    );
  });

  it("5 000 compact documents on one line with nothing between them: each read, at its column, in one pass", async () => {
    // Each with a time that is no time: a finding on every one.
    const compact = JSON.stringify({ ...(JSON.parse(event) as object), eventTime: "yesterday" });
    const text = compact.repeat(5000);
    const started = Date.now();
    const run = await convert([write(text)]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.summary).toMatchObject({ events: 5000, invalid: 5000, unparsable: 0 });
    // The last event's findings name its own column, far along the line.
    const alone = await convert([write(compact)]);
    const last = run.diagnostics.filter((d) => d.index === 4999);
    expect(last.map((d) => d.column)).toEqual(alone.diagnostics.map((d) => d.column! + 4999 * compact.length));
    expect(last.length).toBeGreaterThan(0);
  });

  it("8 million blank lines and a 40 MB line of spaces between documents: memory stays small, no line is too long, both read", () => {
    const file = join(dir, "whitespace.json");
    const fd = openSync(file, "w");
    writeSync(fd, `${event}\n`);
    for (let i = 0; i < 8; i++) writeSync(fd, Buffer.alloc(1024 * 1024, "\n"));
    for (let i = 0; i < 40; i++) writeSync(fd, Buffer.alloc(1024 * 1024, " "));
    writeSync(fd, `\n${event}\n`);
    closeSync(fd);
    // An old generation of 64 MiB: holding a string per blank line would not fit.
    const child = spawnSync(process.execPath, ["--max-old-space-size=64", BIN, "validate", file], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stdout).toMatch(/^1 file, 2 events: 2 valid, 0 invalid/m);
    expect(child.stdout).not.toMatch(/EVENT_TOO_LARGE/);
    expect(child.status).toBe(0);
  }, 90_000);

  it.each([
    ["documents cut short inside each other's elements, 40 000 of them", '{\n  "a": [\n'.repeat(40_000), 40_000],
    [
      "an array never closed, of lines that are values on their own between commas, 40 000 of them",
      '[\n{"a":1}\n,\n'.repeat(40_000),
      undefined,
    ],
  ])(
    "%s: each cut short found at once or read again within a budget, not the square of the size",
    async (_name, text, errors) => {
      const started = Date.now();
      const run = await convert([write(text)]);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(run.summary.events).toBe(run.summary.valid + run.summary.invalid + run.summary.unrecognised);
      if (errors !== undefined) expect(run.summary.unparsable).toBe(errors);
    },
    60_000,
  );

  it("100 000 levels of nesting over 200 000 lines, then a document: no crash, the document read on its line", async () => {
    const text = `${"[\n".repeat(100_000)}${"]\n".repeat(100_000)}${event}\n`;
    for (const streamAboveBytes of [Infinity, 0]) {
      const run = await convert([write(text)], { streamAboveBytes });
      expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(run.records).toHaveLength(1);
    }
  });

  it("a concatenation converted to UTF-16: one ENCODING, nothing else", async () => {
    const run = await convert([
      write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${event}\n${event}`, "utf16le")])),
    ]);
    expect(run.diagnostics.map((d) => d.code)).toEqual(["ENCODING"]);
  });
});

describe("for any sequence, broken or not", () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 60);
  const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
  const envelope = JSON.stringify(
    { sensor: "s", data: [{ id: "a", type: "Person" }, JSON.parse(documents[3]!), { id: "b" }] },
    null,
    2,
  );
  const ndjsonLine = fc
    .dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 })
    .map((v) => JSON.stringify(v));
  const piece = fc.oneof(
    { arbitrary: fc.tuple(ndjsonLine, ndjsonLine).map(([a, b]) => `${a}\n${b}`), weight: 3 },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, 2)),
    fc.constantFrom(
      envelope,
      documents[4]!,
      '{"broken": ',
      "}",
      ",",
      "tru",
      '"open',
      "\u00a0",
      "[",
      "{",
      "\ufeff",
      "  x",
      '{"a": [1,',
    ),
    fc.nat().map((n) => envelope.slice(0, n % envelope.length)),
  );
  const separator = fc.oneof(
    { arbitrary: fc.constant("\n"), weight: 4 },
    fc.constantFrom("", " ", "\r\n", "\n\n", "\n\u001e", "\r", "\n  \n", "\n\t"),
  );
  const sequence = fc
    .array(fc.tuple(piece, separator), { maxLength: 12 })
    .map((parts) => parts.map(([p, s]) => p + s).join(""));

  /** What the reader makes of a text, as plain data, lines moved down by `shift`. */
  async function unitsOf(text: string, part: boolean, streamAboveBytes: number, shift = 0) {
    const out: unknown[] = [];
    const bytes = (async function* () {
      yield Buffer.from(text);
    })();
    for await (const units of parseUnits(splitLines(bytes, undefined, { sniffUtf16: !part }), "f", {
      part,
      streamAboveBytes,
      containerArrays: STREAMED_ARRAYS,
    }))
      for (const unit of units) {
        if (unit.kind === "value")
          out.push([
            "value",
            unit.source.firstLine + shift,
            unit.source.lineMap?.map((m) => [m.line + shift, m.shift]),
            unit.pointer,
            JSON.stringify(unit.value),
          ]);
        else if (unit.kind === "unreadable")
          out.push([
            "unreadable",
            unit.diagnostic.code,
            unit.diagnostic.line + shift,
            unit.diagnostic.column,
            unit.diagnostic.message,
          ]);
        else if (unit.kind === "container")
          out.push([
            "container",
            unit.key,
            JSON.stringify(unit.value),
            unit.source.lineMap?.map((m) => [m.line + shift, m.shift]),
          ]);
        else out.push([unit.kind]);
      }
    return out;
  }

  it("documents that are all JSON read the same whole and streamed: the same events, lines and pointers", async () => {
    const valid = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, 2)),
      ndjsonLine,
      fc.constantFrom(envelope, documents[4]!),
    );
    const texts = fc
      .array(fc.tuple(valid, separator), { maxLength: 8 })
      .map((parts) => parts.map(([p, s]) => p + s).join(""));
    const eventsOf = async (text: string, streamAboveBytes: number) => {
      const out: unknown[] = [];
      for await (const item of readInputs(["-"], { stdin: Readable.from([Buffer.from(text)]), streamAboveBytes }))
        if (item.kind === "event" || item.kind === "describe") {
          const e = item.kind === "event" ? item.event : item.describe;
          out.push([item.kind, e.at.line, e.at.index, e.at.pointer, JSON.stringify(e.value)]);
        } else if (item.kind === "unreadable") out.push([item.diagnostic.code, item.diagnostic.line]);
      return out;
    };
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        expect(await eventsOf(text, 0)).toEqual(await eventsOf(text, Infinity));
      }),
      { numRuns: runs, ...seed },
    );
  }, 120_000);

  it("parts starting where ranges.ts may start one (two lines in a row that are values on their own) read as the whole", async () => {
    let split = 0;
    await fc.assert(
      fc.asyncProperty(
        sequence,
        fc.array(fc.boolean(), { maxLength: 40 }),
        fc.constantFrom(0, 200, Infinity),
        async (text, pick, streamAboveBytes) => {
          const lines = text.split("\n");
          const starts: number[] = [];
          let offset = 0;
          for (let i = 0; i < lines.length - 1; i++) {
            offset += lines[i]!.length + 1;
            const [before, at] = [lines[i]!.replace(/\r$/, ""), lines[i + 1]!.replace(/\r$/, "")];
            if (isStandalone(before) && isStandalone(at) && pick[starts.length % Math.max(pick.length, 1)] !== false)
              starts.push(offset);
          }
          const whole = await unitsOf(text, false, streamAboveBytes);
          const parts: unknown[] = [];
          const bounds = [0, ...starts, text.length];
          for (let k = 0; k < bounds.length - 1; k++) {
            const shift = text.slice(0, bounds[k]).split("\n").length - 1;
            parts.push(...(await unitsOf(text.slice(bounds[k], bounds[k + 1]), k > 0, streamAboveBytes, shift)));
          }
          expect(parts).toEqual(whole);
          if (starts.length > 0) split++;
        },
      ),
      { numRuns: runs, ...seed },
    );
    expect(split).toBeGreaterThan(runs / 10); // the property was put to the test
  }, 120_000);
});

describe("ValueScanner: where a value ends, as JSON.parse sees it", () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 200);
  /** What the scanner says of `text`, fed line by line from its first non-blank character. */
  function scan(text: string): ScanStep & { line: number } {
    const scanner = new ValueScanner();
    const lines = text.split("\n");
    const first = lines[0]!.search(/[^ \t\r]/);
    for (const [k, line] of lines.entries()) {
      const step = scanner.feed(line, k === 0 ? first : 0);
      if (step.kind !== "more") return { ...step, line: k };
    }
    return { kind: "more", line: lines.length - 1 };
  }
  const rest = (text: string, step: ReturnType<typeof scan>) =>
    step.kind === "end" ? text.split("\n").slice(step.line).join("\n").slice(step.at) : undefined;

  it.each([
    ['{"a": [1, -2.5e+3, true, null, "x\\"y\\u00e9"]} {"b": 1}', "end", 45],
    ["[[[]]]][", "end", 6],
    ["12 34", "end", 2],
    ['"a""b"', "end", 3],
    ["truefalse", "error", 0],
    ["[1,]", "error", 3],
    ['{"a" 1}', "error", 5],
    ['{"a": "b', "error", 8],
    ['["\\q"]', "error", 2],
    ["[1, 2\u001e{}", "cut", 5],
    ["01", "error", 0],
  ])("%s: %s at %d", (text, kind, at) => {
    expect(scan(text)).toMatchObject({ kind, at });
  });

  it("for any JSON value, pretty or compact, it ends where the value does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.constantFrom("", " ", "{}", "\n[1]"), (value, pretty, after) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined) + after;
        const step = scan(text);
        expect(step.kind).toBe("end");
        expect(rest(text, step)).toBe(after);
      }),
      { numRuns: runs },
    );
  });

  it("for any one line, it says the value ends with nothing after it exactly when JSON.parse takes the line", () => {
    const alphabet = fc.constantFrom(...'{}[]":,.-+0123456789eEtrufalsn \\/\u00a0\t\u0001x');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: alphabet, maxLength: 12 }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (line) => {
          if (!/[^ \t\r]/.test(line)) return;
          let parses = true;
          try {
            JSON.parse(line);
          } catch {
            parses = false;
          }
          const step = scan(line);
          expect(step.kind === "end" && /^[ \t\r]*$/.test(rest(line, step)!)).toBe(parses);
        },
      ),
      { numRuns: runs * 10 },
    );
  });
});

describe("a valid document is read as JSON.parse reads it, however it is indented", () => {
  // A value may start in the first column after an indented line (hand-filled templates, string
  // concatenation): where a value is expected there, it continues the document, it starts no other.
  const statement = (id: number) => ({
    id: `6f0d3c2a-1b4e-4c5d-8e9f-0a1b2c3d4e${String(id).padStart(2, "0")}`,
    actor: { mbox: "mailto:a@example.edu" },
    verb: { id: "http://adlnet.gov/expapi/verbs/scored" },
    object: { id: "https://example.edu/quiz/1" },
    result: { score: { raw: id, min: 0, max: 100 } },
  });
  it.each([
    ["after an array's comma", `[\n  ${JSON.stringify(statement(1))},\n${JSON.stringify(statement(2))}\n]\n`],
    [
      "after an opening bracket",
      `{\n  "statements": [\n${JSON.stringify(statement(1))},\n    ${JSON.stringify(statement(2))}\n  ]\n}\n`,
    ],
  ])("%s, whole and streamed", async (_name, text) => {
    JSON.parse(text); // the input is valid JSON
    const file = write(text);
    for (const streamAboveBytes of [Infinity, 0]) {
      const { records, diagnostics, summary } = await convert([file], { streamAboveBytes });
      expect(diagnostics.filter((d) => d.code === "JSON_SYNTAX")).toEqual([]);
      expect([summary.events, records.length]).toEqual([2, 2]);
    }
  });

  it.each([
    [
      "after a colon, an object on a line of its own",
      (s: ReturnType<typeof statement>) =>
        `[\n  {\n    "id": "${s.id}",\n    "actor": ${JSON.stringify(s.actor)},\n    "verb":\n${JSON.stringify(s.verb)},\n    "object": ${JSON.stringify(s.object)}\n  }\n]\n`,
    ],
    [
      "after a colon, an object over lines of its own",
      (s: ReturnType<typeof statement>) =>
        `[\n  {\n    "id": "${s.id}",\n    "actor":\n{\n  "mbox": "${s.actor.mbox}"\n},\n    "verb": ${JSON.stringify(s.verb)},\n    "object": ${JSON.stringify(s.object)}\n  }\n]\n`,
    ],
    [
      "after a colon, two values in the first column",
      (s: ReturnType<typeof statement>) =>
        `[\n  {\n    "id": "${s.id}",\n    "actor":\n${JSON.stringify(s.actor)},\n    "verb":\n${JSON.stringify(s.verb)},\n    "object": ${JSON.stringify(s.object)}\n  }\n]\n`,
    ],
    ["after a colon, the smallest case", () => '[\n  {\n    "a": 1,\n    "b":\n{"x":1}\n  }\n]\n'],
  ])(
    "%s after an indented line, inside an element: one document, read as JSON.parse reads it (parsed whole)",
    async (_name, make) => {
      const text = make(statement(1));
      const value = JSON.parse(text) as unknown[];
      for (const streamAboveBytes of [Infinity]) {
        const { records, diagnostics, summary } = await convert([write(text)], { streamAboveBytes });
        expect(diagnostics.filter((d) => d.code === "JSON_SYNTAX")).toEqual([]);
        expect(summary.events).toBe(value.length);
        const compact = await convert([write(JSON.stringify(value))]);
        // The same counts but for the text's own lines and bytes.
        expect(summary).toEqual({
          ...compact.summary,
          lines: text.split("\n").length - 1,
          bytes: Buffer.byteLength(text),
        });
        expect(records).toEqual(compact.records);
      }
    },
  );

  it("the known limit, streamed only (over 8 MiB): after a colon, a value in the first column after an indented line is taken for a new document, loudly (docs/safety.md, known limits)", async () => {
    const text = `[\n  {\n    "id": "${statement(1).id}",\n    "actor": ${JSON.stringify(statement(1).actor)},\n    "verb":\n${JSON.stringify(statement(1).verb)},\n    "object": ${JSON.stringify(statement(1).object)}\n  }\n]\n`;
    JSON.parse(text);
    const { diagnostics, summary } = await convert([write(text)], { streamAboveBytes: 0 });
    // Not silent: the reading is reported as JSON_SYNTAX errors and every part is counted.
    expect(diagnostics.some((d) => d.code === "JSON_SYNTAX" && d.severity === "error")).toBe(true);
    expect(summary.events).toBe(summary.valid + summary.invalid + summary.unrecognised);
    expect(summary.invalid).toBeGreaterThan(0);
  });
});

/**
 * Past 64 blank lines in a row, a streamed document's header or element counts the rest of the run
 * instead of holding it: what is said of what follows names the same lines and columns as when
 * parsed whole.
 */
describe("long runs of blank lines in a streamed document's header or element", () => {
  const run = "\n".repeat(300);
  const event = JSON.stringify(
    {
      ...(JSON.parse(sampleText("valid/caliper-grade-event/caliperspec-v1p2-gradeevent-graded.json")) as object),
      eventTime: "yesterday",
    },
    null,
    2,
  );
  const envelope = JSON.stringify({ ...mixed, data: [{ ...mixed.data[6]!, eventTime: "yesterday" }] }, null, 2);
  it.each([
    [
      "a bare event (parsed whole either way)",
      event.replace("{\n", `{\n${run}`).replace('  "eventTime"', `${run}  "eventTime"`),
    ],
    ["a property name not in quotes", `{\n${run}"a": 1,\n${run} b: 2}\n`],
    ["an envelope, before its data", envelope.replace("{\n", `{\n${run}`).replace('  "data"', `${run}  "data"`)],
    ["after a document on the same line", `{"a": 1} {\n${run}  "b": 2,\n${run} c: 3}\n`],
    [
      "inside an element of an envelope's data",
      envelope.replace('      "eventTime"', `${run}      "eventTime"`).replace('      "edApp"', `${run}      "edApp"`),
    ],
    ["inside an element that is not JSON", `[\n  {"a":\n${run}  1,, "b": 2},\n  {"c":\n${run} 3}\n]\n`],
  ])("%s", async (_name, text) => {
    const file = write(text);
    const streamed = await convert([file], { streamAboveBytes: 0 });
    const whole = await convert([file], { streamAboveBytes: Infinity });
    expect(Math.max(...streamed.diagnostics.map((d) => d.line))).toBeGreaterThan(300);
    // Streamed, the elements after a broken one are read too: the findings agree, not the counts.
    expect(inLineOrder(streamed.diagnostics)).toEqual(inLineOrder(whole.diagnostics));
  });
});
