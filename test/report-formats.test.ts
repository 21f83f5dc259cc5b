/**
 * The machine report formats (GitHub Actions, JUnit XML, SARIF), each read back the way its consumer
 * reads it: workflow commands by the Actions runner's own parsing rules, JUnit by a conformant XML
 * 1.0 parser, SARIF by the official OASIS schema.
 */
import { Chalk } from "chalk";
// devDependency to add: saxes (^6.0.0), a strict, conformant XML 1.0 parser (the one jsdom uses):
// it rejects the illegal characters and raw `<` that a lenient parser would let through.
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { countDiagnostics, emptySummary, type Summary } from "../src/core/tally.js";
import { ruleInfo, type Diagnostic, type RuleCode, type Severity } from "../src/diagnostics.js";
import { formatGithub, STEP_SUMMARY_LIMIT } from "../src/report/github.js";
import { formatJsonReport } from "../src/report/json.js";
import { formatJunit } from "../src/report/junit.js";
import { formatSarif, SARIF_SCHEMA_URI } from "../src/report/sarif.js";
import { shown } from "../src/shown.js";
import { formatDiagnostic, formatSummary } from "../src/report/text.js";
import { sarifValidator } from "./sarif-schema.js";

// --- input ---------------------------------------------------------------------------------------

const LONG = `${"x".repeat(10_000)} END`;

interface Case {
  name: string;
  diagnostic: Diagnostic;
  /** The message with its context: as SARIF writes it, and as the runner reads an annotation's message back. */
  annotation: string;
  /** … where the annotation differs: its message and file with what a reader would not see shown as `\uXXXX`. */
  shownAs?: { annotation: string; file: string };
}

/** Hand-made diagnostics with everything that breaks a naive escaper, in messages and file names. */
const cases: Case[] = [
  {
    name: "plain, with every context field",
    diagnostic: {
      code: "NO_COURSE",
      severity: "error",
      message: "the event names no course",
      file: "samples/a.json",
      line: 3,
      column: 7,
      index: 0,
      eventId: "urn:uuid:1",
      pointer: "/data/0/group",
      profile: "caliper-grade-event",
    },
    annotation: "the event names no course (event #0 urn:uuid:1, at /data/0/group)",
  },
  {
    name: "line breaks of every kind, root pointer",
    diagnostic: {
      code: "SCORE_ABOVE_MAX",
      severity: "warning",
      message: "line one\nline two\r\nline three\rend",
      file: "dir,with::odd%chars/b c.json",
      line: 1,
      column: 1,
      index: 2,
      pointer: "",
    },
    annotation: "line one\nline two\r\nline three\rend (event #2, at /)",
  },
  {
    name: "percent, colons, commas, Markdown and XML syntax",
    diagnostic: {
      code: "JSON_SYNTAX",
      severity: "error",
      message: `100% sure: a, b :: c | d <e> & "f" 'g' \`h\` *i* _j_ [k](l) ~m~ $n$ \\o \\| \\*x\\* %0A %25 <br> &amp; ]]> --> <![CDATA[`,
      file: `samples/x|y<z>&"q".json`,
      line: 11,
      column: 11,
    },
    annotation: `100% sure: a, b :: c | d <e> & "f" 'g' \`h\` *i* _j_ [k](l) ~m~ $n$ \\o \\| \\*x\\* %0A %25 <br> &amp; ]]> --> <![CDATA[`,
  },
  {
    name: "control characters, a non-character and a lone surrogate",
    diagnostic: {
      code: "ENCODING",
      severity: "error",
      message: "ctl \u0001 nul \u0000 esc \u001b ff \uFFFF lone \uD800 tab\tend",
      file: "ctl\u0007file.json",
      line: 2,
    },
    annotation: "ctl \u0001 nul \u0000 esc \u001b ff \uFFFF lone \uD800 tab\tend",
    shownAs: {
      annotation: "ctl \\u0001 nul \\u0000 esc \\u001B ff \uFFFF lone \\uD800 tab\\u0009end",
      file: "ctl\\u0007file.json",
    },
  },
  {
    name: "a very long message, and a pointer with escapes",
    diagnostic: {
      code: "TYPE",
      severity: "error",
      message: LONG,
      file: "long.json",
      line: 5,
      column: 2,
      index: 1,
      eventId: "e-1",
      pointer: "/a~1b/c~0d/%25",
    },
    annotation: "(cut to the runner's 4,096 characters, context kept)",
  },
  {
    name: "standard input, no column",
    diagnostic: {
      code: "NO_EVENTS",
      severity: "warning",
      message: "the file holds no events",
      file: "<stdin>",
      line: 1,
    },
    annotation: "the file holds no events",
  },
  {
    name: "non-ASCII, an absolute path",
    diagnostic: {
      code: "FORMAT",
      severity: "warning",
      message: "unicode: é 日本 😀",
      file: "/abs/path/ü.json",
      line: 4,
      column: 9,
      index: 3,
      pointer: "/ü",
    },
    annotation: "unicode: é 日本 😀 (event #3, at /ü)",
  },
  {
    name: "a Windows path, tab and newline in a file name",
    diagnostic: {
      code: "BAD_TIME",
      severity: "error",
      message: "windows",
      file: "C:\\data\\tab\tand\nnewline.json",
      line: 7,
      column: 3,
      index: 0,
    },
    annotation: "windows (event #0)",
    shownAs: { annotation: "windows (event #0)", file: "C:\\data\\tab\\u0009and\\u000Anewline.json" },
  },
];

const hostile = cases.map((c) => c.diagnostic);
const CLEAN_FILE = "clean, no problems.json";

function summaryOf(diagnostics: readonly Diagnostic[]): Summary {
  const summary = emptySummary();
  summary.files = new Set(diagnostics.map((d) => d.file)).size + 1;
  summary.events = 12;
  summary.valid = 5;
  summary.invalid = 4;
  summary.unparsable = 2;
  summary.unrecognised = 3;
  summary.unrecognisedKinds = { "Caliper | odd <kind>\nnext": 2, "xAPI *verb*": 1 };
  countDiagnostics(summary, diagnostics);
  return summary;
}

/** `count` diagnostics, errors and warnings alternating in runs, over `files` files. */
function many(count: number, message: (i: number) => string = (i) => `problem ${i}`, files = 10): Diagnostic[] {
  return Array.from({ length: count }, (_, i): Diagnostic => ({
    code: i % 3 === 0 ? "SCORE_ABOVE_MAX" : "NO_COURSE",
    severity: i % 3 === 0 ? "warning" : "error",
    message: message(i),
    file: `exports/file-${i % files}.ndjson`,
    line: i + 1,
    column: 5,
    index: i,
    pointer: `/data/${i}`,
  }));
}

// --- GitHub Actions ------------------------------------------------------------------------------

interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/** The runner's unescaping, in its order (actions/runner, ActionCommand._escape*Mappings). */
const DATA_ESCAPES: [string, string][] = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%25", "%"],
];
const PROPERTY_ESCAPES: [string, string][] = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%3A", ":"],
  ["%2C", ","],
  ["%25", "%"],
];

function unescape(text: string, escapes: [string, string][]): string {
  return escapes.reduce((t, [escaped, char]) => t.replaceAll(escaped, char), text);
}

/** A log line read as actions/runner's ActionCommand.TryParseV2 reads it. */
function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0)
    for (const property of info
      .slice(space + 1)
      .trim()
      .split(",")) {
      const eq = property.indexOf("=");
      // Split('=', 2, RemoveEmptyEntries): an empty key or value drops the property.
      if (eq > 0 && eq < property.length - 1)
        properties[property.slice(0, eq)] = unescape(property.slice(eq + 1), PROPERTY_ESCAPES);
    }
  return { command, properties, data: unescape(message.slice(end + 2), DATA_ESCAPES) };
}

function commandsOf(annotations: string): WorkflowCommand[] {
  expect(annotations.endsWith("\n")).toBe(true);
  return annotations
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      expect(line).not.toMatch(/\r/);
      const command = parseWorkflowCommand(line);
      expect(command, line).toBeDefined();
      return command as WorkflowCommand;
    });
}

/** A GFM table row split as cmark-gfm splits it (a backslash and the next character are one unit). */
function tableCells(row: string): string[] {
  expect(row.startsWith("| ") && row.endsWith(" |"), row).toBe(true);
  const cells: string[] = [];
  let current = "";
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i];
    if (c === "\\") current += c + (row[++i] ?? "");
    else if (c === "|") {
      cells.push(current);
      current = "";
    } else current += c;
  }
  cells.push(current);
  return cells.map((cell) => cellText(cell.trim()));
}

/**
 * Backslash escapes undone as CommonMark undoes them (ASCII punctuation only); a raw `<br>` is a line
 * break. Any other character that GitHub's Markdown reads as syntax must have come escaped.
 */
function cellText(cell: string): string {
  let text = "";
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i] ?? "";
    const next = cell[i + 1] ?? "";
    if (c === "\\" && /[!-/:-@[-`{-~]/.test(next)) {
      text += next;
      i++;
    } else if (cell.startsWith("<br>", i)) {
      text += "\n";
      i += 3;
    } else {
      expect("\\`*_[]<>|~&$", `unescaped ${c} in ${cell}`).not.toContain(c);
      text += c;
    }
  }
  return text;
}

function tableRows(stepSummary: string): string[][] {
  const lines = stepSummary.split("\n");
  const head = lines.indexOf("| where | severity | code | message | event | pointer |");
  expect(head).toBeGreaterThan(0);
  expect(lines[head + 1]).toBe("|---|---|---|---|---|---|");
  const rows: string[][] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(tableCells(line));
  }
  return rows;
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("formatGithub: annotations", () => {
  const { annotations } = formatGithub(hostile, summaryOf(hostile));
  const commands = commandsOf(annotations);

  it("prints one workflow command per diagnostic, each on one line", () => {
    expect(commands.map((c) => c.command)).toEqual(hostile.map((d) => d.severity));
  });

  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    "%s: every field round-trips through the runner's unescaping",
    (_, c, i) => {
      const command = commands[i];
      const d = c.diagnostic;
      expect(command?.properties).toEqual({
        file: c.shownAs?.file ?? d.file,
        line: String(d.line),
        ...(d.column !== undefined && { col: String(d.column) }),
        title: d.code,
      });
      if (d.message !== LONG) expect(command?.data).toBe(c.shownAs?.annotation ?? c.annotation);
    },
  );

  it("cuts a very long message to the runner's 4,096 characters, keeping the event and pointer", () => {
    const data = commands[4]?.data ?? "";
    expect(data.length).toBeLessThanOrEqual(4096);
    expect(data.startsWith("xxxxxxxx")).toBe(true);
    expect(data.endsWith("x… (event #1 e-1, at /a~1b/c~0d/%25)")).toBe(true);
  });

  it("adds no notice when every diagnostic is annotated", () => {
    expect(commands.some((c) => c.command === "notice")).toBe(false);
  });

  it("prints nothing for no diagnostics, and says so in the step summary", () => {
    const report = formatGithub([], emptySummary());
    expect(report.annotations).toBe("");
    expect(report.stepSummary).toContain("No problems found.");
  });
});

describe("formatGithub: GitHub's limit of 10 errors and 10 warnings per step", () => {
  const diagnostics = many(60); // 40 errors, 20 warnings
  const commands = commandsOf(formatGithub(diagnostics, summaryOf(diagnostics)).annotations);

  it("annotates the first 10 of each severity, in input order", () => {
    const firstOf = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).slice(0, 10);
    const annotated = diagnostics.filter((d) => firstOf(d.severity).includes(d));
    expect(commands.slice(0, -1).map((c) => [c.command, c.properties.line])).toEqual(
      annotated.map((d) => [d.severity, String(d.line)]),
    );
  });

  it("then one notice says how many more there are, and where", () => {
    const notice = commands.at(-1);
    expect(notice?.command).toBe("notice");
    expect(notice?.data).toBe(
      "40 more problems (30 errors, 10 warnings) not annotated: GitHub annotates only the first 10 errors and 10 warnings of a step; the step summary lists every problem",
    );
  });

  it("counts the rest exactly at the boundary", () => {
    const eleven = many(33)
      .filter((d) => d.severity === "error")
      .slice(0, 11);
    const last = commandsOf(formatGithub(eleven, summaryOf(eleven)).annotations).at(-1);
    expect(last?.data).toMatch(/^1 more problem \(1 error, 0 warnings\) not annotated/);
    const ten = eleven.slice(0, 10);
    expect(commandsOf(formatGithub(ten, summaryOf(ten)).annotations).map((c) => c.command)).toEqual(
      Array(10).fill("error"),
    );
  });
});

describe("formatGithub: step summary", () => {
  const summary = summaryOf(hostile);
  const { stepSummary } = formatGithub(hostile, summary);

  it("has a heading and the summary counts", () => {
    expect(stepSummary.startsWith("## gradeev\n")).toBe(true);
    expect(stepSummary).toContain(
      `| ${summary.files} | 12 | 5 | 4 | 2 | 3 | ${summary.errors} | ${summary.warnings} |`,
    );
    expect(stepSummary).toContain("- 2 × Caliper \\| odd \\<kind\\><br>next");
    expect(stepSummary).toContain("- 1 × xAPI \\*verb\\*");
  });

  it.each(cases.map((c, i) => [c.name, c, i] as const))("%s: one row whose cells read back as written", (_, c, i) => {
    const d = c.diagnostic;
    const row = tableRows(stepSummary)[i];
    const where = `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ""}`;
    const event = d.index === undefined ? "" : `#${d.index}${d.eventId !== undefined ? ` ${d.eventId}` : ""}`;
    const pointer = d.pointer === undefined ? "" : d.pointer === "" ? "/" : d.pointer;
    // A cell is one line: CR LF, CR and LF all read back as one line break.
    // … and each line is `shown`: controls, bidi overrides and lone surrogates as `\uXXXX`.
    const lines = (text: string) =>
      text
        .replace(/\r\n|\r/g, "\n")
        .split("\n")
        .map(shown)
        .join("\n");
    const message = d.message === LONG ? `${"x".repeat(1999)}…` : lines(d.message);
    expect(row).toEqual([lines(where), d.severity, d.code, message, lines(event), lines(pointer)].map((s) => s.trim()));
  });

  it("has as many rows as diagnostics, and nothing left out", () => {
    expect(tableRows(stepSummary)).toHaveLength(hostile.length);
    expect(stepSummary).not.toMatch(/left out/);
  });

  it("stays under GitHub's 1 MiB, counting bytes not characters, and says how many rows it left out", () => {
    // 3,000 messages of 900 emoji: 5.4 million UTF-8 bytes of table, half as many UTF-16 units.
    const diagnostics = many(3000, () => "😀".repeat(900));
    const report = formatGithub(diagnostics, summaryOf(diagnostics));
    expect(bytes(report.stepSummary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT - 16 * 1024);
    const kept = tableRows(report.stepSummary).length;
    expect(kept).toBeGreaterThan(250);
    expect(
      report.stepSummary.endsWith(
        `\n**${3000 - kept} more rows of 3000 left out** to keep this summary under GitHub's 1 MiB limit.\n`,
      ),
    ).toBe(true);
    expect(commandsOf(report.annotations).at(-1)?.data).toMatch(
      new RegExp(`the step summary lists all but ${3000 - kept}, which`),
    );
  });

  it.each([2_000, 5_000, 20_000])("fits a budget of %i bytes as closely as whole rows allow", (budget) => {
    const diagnostics = many(500);
    const report = formatGithub(diagnostics, summaryOf(diagnostics), { stepSummaryBytes: budget });
    const text = report.stepSummary;
    expect(bytes(text)).toBeLessThanOrEqual(budget);
    const kept = tableRows(text).length;
    expect(text).toContain(`**${500 - kept} more rows of 500 left out**`);
    // Short of the budget by less than a row (under 100 bytes here) and the longest closing line.
    expect(bytes(text)).toBeGreaterThan(budget - 200);
  });
});

// --- JUnit XML -----------------------------------------------------------------------------------

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses with saxes, which rejects anything that is not well-formed XML 1.0 (illegal characters included). */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let declaration = "";
  parser.on("xmldecl", (decl) => (declaration = `${decl.version}/${decl.encoding}`));
  parser.on("opentag", (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, children: [], text: "" };
    stack.at(-1)?.children.push(element);
    stack.push(element);
    root ??= element;
  });
  parser.on("text", (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on("closetag", () => stack.pop());
  parser.on("error", (err) => {
    throw err;
  });
  parser.write(xml).close();
  expect(declaration).toBe("1.0/UTF-8");
  expect(root).toBeDefined();
  return root as XmlElement;
}

/** Is `c` (one code point) in XML 1.0's Char production? */
function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** What survives of a string in the XML: characters XML 1.0 cannot hold become the text `\uXXXX`. */
function asXmlText(text: string): string {
  let out = "";
  for (const char of text) {
    const c = char.codePointAt(0) ?? 0;
    out += isXmlChar(c) ? char : `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return out;
}

const plain = new Chalk({ level: 0 });
const lineOf = (d: Diagnostic) => asXmlText(formatDiagnostic(d, plain));

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

describe("formatJunit", () => {
  const files = [...new Set([CLEAN_FILE, ...hostile.map((d) => d.file)])];
  const xml = formatJunit(hostile, summaryOf(hostile), { files });
  const suite = parseXml(xml);
  const testcases = suite.children.filter((c) => c.name === "testcase");

  it("is well-formed XML 1.0 with the UTF-8 declaration, and holds only XML characters", () => {
    expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n`)).toBe(true);
    for (const char of xml) expect(isXmlChar(char.codePointAt(0) ?? 0), JSON.stringify(char)).toBe(true);
  });

  it("has one suite gradeev, one case per file in the given order, and correct counts", () => {
    const failing = new Set(hostile.filter((d) => d.severity === "error").map((d) => d.file));
    expect(suite.name).toBe("testsuite");
    expect(suite.attributes).toEqual({
      name: "gradeev",
      tests: String(files.length),
      failures: String(failing.size),
      errors: "0",
      skipped: "0",
    });
    expect(testcases.map((c) => c.attributes.name)).toEqual(files.map(asXmlText));
    expect(testcases.every((c) => c.attributes.classname === "gradeev")).toBe(true);
    expect(testcases.filter((c) => child(c, "failure") !== undefined)).toHaveLength(failing.size);
  });

  it("passes a file without problems", () => {
    expect(testcases[0]?.attributes.name).toBe(CLEAN_FILE);
    expect(testcases[0]?.children).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: its lines read back exactly, line breaks and all", (_, c) => {
    const d = c.diagnostic;
    const testcase = testcases.find((t) => t.attributes.name === asXmlText(d.file));
    if (d.severity === "error") {
      const failure = child(testcase, "failure");
      expect(failure?.attributes).toEqual({ message: `1 error: ${d.code}`, type: d.code });
      expect(failure?.text).toBe(lineOf(d));
      expect(child(testcase, "system-out")).toBeUndefined();
    } else {
      expect(child(testcase, "failure")).toBeUndefined();
      expect(child(testcase, "system-out")?.text).toBe(lineOf(d));
    }
  });

  it("carries the summary counts as suite properties", () => {
    const properties = child(suite, "properties")?.children.map((p) => [p.attributes.name, p.attributes.value]);
    expect(properties).toContainEqual(["events", "12"]);
    expect(properties).toContainEqual(["errors", String(hostile.filter((d) => d.severity === "error").length)]);
  });

  it("lists every error of a file in its one failure, and its warnings apart", () => {
    const diagnostics = many(30, (i) => `problem ${i} <&>`, 4);
    const parsed = parseXml(
      formatJunit(diagnostics, summaryOf(diagnostics), { files: ["exports/file-0.ndjson", "none.json"] }),
    );
    const cases = parsed.children.filter((c) => c.name === "testcase");
    expect(cases.map((c) => c.attributes.name)).toEqual([
      "exports/file-0.ndjson",
      "none.json",
      "exports/file-1.ndjson",
      "exports/file-2.ndjson",
      "exports/file-3.ndjson",
    ]);
    expect(parsed.attributes).toMatchObject({ tests: "5", failures: "4" });
    for (const testcase of cases.filter((c) => c.attributes.name !== "none.json")) {
      const mine = diagnostics.filter((d) => d.file === testcase.attributes.name);
      const errors = mine.filter((d) => d.severity === "error");
      const failure = child(testcase, "failure");
      expect(failure?.attributes.type).toBe(errors[0]?.code);
      expect(failure?.attributes.message).toBe(`${errors.length} errors: NO_COURSE`);
      expect(failure?.text).toBe(errors.map(lineOf).join("\n"));
      expect(child(testcase, "system-out")?.text).toBe(
        mine
          .filter((d) => d.severity === "warning")
          .map(lineOf)
          .join("\n"),
      );
    }
  });

  it("per event: one case per event with problems, file-level problems and clean files on FILE", () => {
    const diagnostics: Diagnostic[] = [
      ...many(6, (i) => `problem ${i}`, 1).map((d) => ({
        ...d,
        index: d.index === undefined ? undefined : d.index % 3,
      })),
      {
        code: "JSON_SYNTAX",
        severity: "error",
        message: "not JSON",
        file: "exports/file-0.ndjson",
        line: 9,
        column: 1,
      },
      { code: "NO_EVENTS", severity: "warning", message: "the file holds no events", file: "empty.json", line: 1 },
    ];
    const parsed = parseXml(
      formatJunit(diagnostics, summaryOf(diagnostics), {
        files: [CLEAN_FILE, "exports/file-0.ndjson", "empty.json"],
        perEvent: true,
      }),
    );
    const cases = parsed.children.filter((c) => c.name === "testcase");
    expect(cases.map((c) => c.attributes.name)).toEqual([
      CLEAN_FILE,
      "exports/file-0.ndjson",
      "exports/file-0.ndjson#0",
      "exports/file-0.ndjson#1",
      "exports/file-0.ndjson#2",
      "empty.json",
    ]);
    // The file (JSON_SYNTAX) and events 1 and 2 have errors; event 0 (i = 0, 3) and empty.json only warnings.
    expect(parsed.attributes).toMatchObject({ tests: "6", failures: "3", errors: "0", skipped: "0" });
    expect(child(cases[1], "failure")?.text).toBe(lineOf(diagnostics[6] as Diagnostic));
    expect(child(cases[2], "system-out")?.text).toBe(
      [diagnostics[0], diagnostics[3]].map((d) => lineOf(d as Diagnostic)).join("\n"),
    );
    expect(child(cases[5], "failure")).toBeUndefined();
  });
});

// --- SARIF ---------------------------------------------------------------------------------------

const validateSarif = sarifValidator();
const sarifOptions = { toolVersion: "0.1.0", rules: ruleInfo };

interface SarifResultShape {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn?: number };
    };
  }[];
  properties?: Record<string, unknown>;
}

interface SarifLogShape {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri?: string;
        rules: { id: string; shortDescription: { text: string } }[];
      };
    };
    results: SarifResultShape[];
    properties: { summary: Summary };
  }[];
}

function sarifOf(diagnostics: readonly Diagnostic[]): SarifLogShape {
  const text = formatSarif(diagnostics, summaryOf(diagnostics), sarifOptions);
  const log: unknown = JSON.parse(text);
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors?.slice(0, 5), null, 1)).toEqual([]);
  expect(valid).toBe(true);
  return log as SarifLogShape;
}

describe("formatSarif", () => {
  const log = sarifOf(hostile);
  const run = log.runs[0];

  it("validates against the official SARIF 2.1.0 schema", () => {
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
  });

  it("whose validator does reject broken logs", () => {
    const broken = (edit: (r: Record<string, unknown>) => void): boolean => {
      const copy = JSON.parse(formatSarif(hostile, summaryOf(hostile), sarifOptions)) as {
        runs: { results: Record<string, unknown>[] }[];
      };
      const first = copy.runs[0]?.results[0];
      if (first) edit(first);
      return validateSarif(copy);
    };
    expect(broken(() => {})).toBe(true);
    expect(broken((r) => (r.level = "fatal"))).toBe(false);
    expect(broken((r) => delete r.message)).toBe(false);
    expect(
      broken(
        (r) =>
          (r.locations = [{ physicalLocation: { artifactLocation: { uri: "a b.json" }, region: { startLine: 0 } } }]),
      ),
    ).toBe(false);
    expect(broken((r) => (r.locations = [{ physicalLocation: { artifactLocation: { uri: "<stdin>" } } }]))).toBe(false);
  });

  it("names the tool, its version, and one rule per code used, titled", () => {
    const codes = [...new Set(hostile.map((d) => d.code))].sort();
    expect(run?.tool.driver).toMatchObject({ name: "gradeev", version: "0.1.0" });
    expect(run?.tool.driver.informationUri).toBeUndefined();
    expect(run?.tool.driver.rules).toEqual(
      codes.map((code) => ({ id: code, shortDescription: { text: ruleInfo[code as RuleCode].title } })),
    );
    expect(run?.properties.summary).toEqual(summaryOf(hostile));
  });

  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    "%s: one result with its rule, level, message, location and context",
    (_, c, i) => {
      const d = c.diagnostic;
      const result = run?.results[i];
      expect(result?.ruleId).toBe(d.code);
      expect(run?.tool.driver.rules[result?.ruleIndex ?? -1]?.id).toBe(d.code);
      expect(result?.level).toBe(d.severity);
      // A lone surrogate is written as the text `\uD800` (strict JSON parsers refuse its escape).
      if (d.message !== LONG) expect(result?.message.text).toBe(c.annotation.replace(/\uD800/g, "\\uD800"));
      else expect(result?.message.text).toBe(`${LONG} (event #1 e-1, at /a~1b/c~0d/%25)`);
      const location = result?.locations[0]?.physicalLocation;
      expect(location?.region).toEqual({ startLine: d.line, ...(d.column !== undefined && { startColumn: d.column }) });
      expect(result?.properties ?? {}).toEqual({
        ...(d.index !== undefined && { eventIndex: d.index }),
        ...(d.eventId !== undefined && { eventId: d.eventId }),
        ...(d.pointer !== undefined && { pointer: d.pointer }),
        ...(d.profile !== undefined && { profile: d.profile }),
      });
    },
  );

  it.each([
    ["samples/a.json", "samples/a.json", "%SRCROOT%"],
    ["dir,with::odd%chars/b c.json", "dir%2Cwith%3A%3Aodd%25chars/b%20c.json", "%SRCROOT%"],
    [`samples/x|y<z>&"q".json`, "samples/x%7Cy%3Cz%3E%26%22q%22.json", "%SRCROOT%"],
    ["<stdin>", "%3Cstdin%3E", "%SRCROOT%"],
    ["/abs/path/ü.json", "file:///abs/path/%C3%BC.json", undefined],
    ["C:\\data\\tab\tand\nnewline.json", "file:///C:/data/tab%09and%0Anewline.json", undefined],
  ])("file %j is the URI %s", (file, uri, uriBaseId) => {
    const result = run?.results.find((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === uri);
    expect(result, `no result with uri ${uri}`).toBeDefined();
    expect(result?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri,
      ...(uriBaseId !== undefined && { uriBaseId }),
    });
    if (uriBaseId !== undefined) expect(uri.split("/").map(decodeURIComponent).join("/")).toBe(file);
  });

  it("stays valid for many diagnostics and a file name with a lone surrogate", () => {
    const diagnostics = [...many(5000), { ...(hostile[0] as Diagnostic), file: "broken-\uD800-name.json" }];
    const big = sarifOf(diagnostics);
    expect(big.runs[0]?.results).toHaveLength(5001);
    expect(big.runs[0]?.results.at(-1)?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      "broken-%5CuD800-name.json",
    );
  });

  it("validates with no diagnostics at all", () => {
    expect(sarifOf([]).runs[0]?.results).toEqual([]);
  });
});

// --- the text format: untrusted text shown as data ------------------------------------------------

describe("formatDiagnostic and formatSummary: text from the input is shown as data", () => {
  const plain = new Chalk({ level: 0 });
  const fake = "\u001b[2J\u001b[H2 valid, 0 invalid";
  const commands = ["::error file=x::pwned", "::add-mask::secret", "::stop-commands::tok", "##[error]legacy"];
  const hiddenChars = [
    "\u001b",
    "\u009b",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u0000",
    "\u007f",
    "\ufeff",
  ];
  const hostileText = `${fake}\n${commands.join("\n")}\r\n\u202Eevil\u2066 \u0085x\u2028 ${commands.join(" ")}`;
  const diagnostic: Diagnostic = {
    code: "REQUIRED",
    severity: "error",
    message: hostileText,
    file: hostileText,
    line: 1,
    column: 1,
    index: 0,
    eventId: hostileText,
    pointer: `/data/0/${hostileText}`,
  };

  function check(lines: readonly string[]): void {
    for (const line of lines) {
      for (const c of hiddenChars) expect(line).not.toContain(c);
      expect(line).not.toMatch(/^\s*::/);
      expect(line).not.toContain("##[");
    }
  }

  it("keeps one diagnostic on one line, with no control, bidi or workflow-command text", () => {
    const line = formatDiagnostic(diagnostic, plain);
    check([line]);
    expect(line).toContain("\\u001B[2J\\u001B[H2 valid, 0 invalid\\u000A::error file=x::pwned");
    expect(line).toContain("\\u202Eevil\\u2066 \\u0085x\\u2028");
  });

  it("a file name that is a workflow command does not start the line, with leading white space too", () => {
    for (const file of [...commands, "  ::error::x", "\u00a0::error::x", "\t::error::x"])
      check([formatDiagnostic({ ...diagnostic, file }, plain)]);
  });

  // Found by the property test: `:` and the `:1` after it are `::`.
  it("a file name that is or ends in a colon does not start a workflow command with the line number", () => {
    for (const file of [":", " :", "\u00a0:", "a::"])
      check([formatDiagnostic({ ...diagnostic, file, message: "m" }, plain)]);
  });

  it("lists an unrecognised kind (a Caliper action) as data", () => {
    const summary = {
      ...emptySummary(),
      unrecognisedKinds: { [hostileText]: 1, ...Object.fromEntries(commands.map((c) => [c, 2])) },
    };
    const lines = formatSummary(summary, plain);
    check(lines);
    expect(lines.filter((l) => l.includes("valid, 0 invalid"))).toHaveLength(2);
  });

  it("the GitHub step summary shows the same text as data, line breaks as <br>", () => {
    const summary = { ...emptySummary(), unrecognisedKinds: { [hostileText]: 1 } };
    const { stepSummary } = formatGithub([diagnostic], summary);
    check(stepSummary.split("\n"));
    expect(stepSummary).toContain("\\u001B\\[2J");
  });

  // Found by the property test: the log viewer runs escape sequences, and the annotation shows bidi overrides.
  it("GitHub annotations show the same text as data, each one workflow command of gradeev's", () => {
    const { annotations } = formatGithub([diagnostic], emptySummary());
    const lines = annotations.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    for (const line of lines) {
      expect(line).toMatch(/^::error file=/);
      check([line.slice(2)]);
    }
    expect(commandsOf(annotations)[0]?.data).toContain(
      "\\u001B[2J\\u001B[H2 valid, 0 invalid\n\\u003A:error file=x::pwned",
    );
  });

  it("shows a lone surrogate, and leaves a pair and a backslash as they are", () => {
    const line = formatDiagnostic({ ...diagnostic, message: "a\uD800b \uD83D\uDE00 C:\\x" }, plain);
    expect(line).toContain("a\\uD800b \uD83D\uDE00 C:\\x");
  });
});

// --- lone surrogates in the JSON reports ---------------------------------------------------------

describe("formatJsonReport and formatSarif: lone surrogates", () => {
  const ids = ["id-\uD800", "id-\uD801", "id-\uDC00"];
  const diagnostics: Diagnostic[] = ids.map((id) => ({
    code: "REQUIRED",
    severity: "error",
    message: `no ${id}`,
    file: `f${id}.json`,
    line: 1,
    index: 0,
    eventId: id,
    pointer: `/${id}`,
  }));
  const summary = { ...summaryOf(diagnostics), unrecognisedKinds: Object.fromEntries(ids.map((id) => [id, 1])) };
  /** What a strict reader asks: UTF-8 that round-trips, and no escaped surrogate that is not half of a pair. */
  function strict(text: string): void {
    expect(Buffer.from(text, "utf8").toString("utf8")).toBe(text);
    expect(text).not.toMatch(/(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])/);
    expect(text).not.toMatch(/(?<!\\)(?:\\\\)*\\u[dD][c-fC-F][0-9a-fA-F]{2}/);
  }

  it("the JSON report holds none, and three different ids stay three", () => {
    const text = formatJsonReport(summary, diagnostics);
    strict(text);
    const report = JSON.parse(text) as { summary: Summary; diagnostics: Diagnostic[] };
    expect(report.diagnostics.map((d) => d.eventId)).toEqual(["id-\\uD800", "id-\\uD801", "id-\\uDC00"]);
    expect(Object.keys(report.summary.unrecognisedKinds).sort()).toEqual(["id-\\uD800", "id-\\uD801", "id-\\uDC00"]);
  });

  it("the SARIF log holds none, and three different files stay three", () => {
    const text = formatSarif(diagnostics, summary, sarifOptions);
    strict(text);
    const uris = new Set(
      (JSON.parse(text) as SarifLogShape).runs[0]?.results.map(
        (r) => r.locations[0]?.physicalLocation.artifactLocation.uri,
      ),
    );
    expect(uris.size).toBe(3);
  });

  it("a surrogate pair and other backslashes are left as they are; before the text `uD800`, a backslash is doubled", () => {
    const text = formatJsonReport(emptySummary(), [
      { code: "REQUIRED", severity: "error", message: "\uD83D\uDE00 \\uD800 \\ud800 C:\\x", file: "a", line: 1 },
    ]);
    strict(text);
    expect((JSON.parse(text) as { diagnostics: Diagnostic[] }).diagnostics[0]?.message).toBe(
      "\uD83D\uDE00 \\\\uD800 \\ud800 C:\\x",
    );
  });

  // Found by the property test: the text `\uD800` already in an id was written as the lone surrogate was.
  it("an id with a lone surrogate and one with its escape as text stay two, in both reports", () => {
    const lookalikes: Diagnostic[] = ["e\uD800", "e\\uD800", "e\\\uD800"].map((id) => ({
      code: "REQUIRED",
      severity: "error",
      message: "m",
      file: `f${id}`,
      line: 1,
      index: 0,
      eventId: id,
    }));
    const json = formatJsonReport(emptySummary(), lookalikes);
    strict(json);
    expect((JSON.parse(json) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.eventId)).toEqual([
      "e\\uD800",
      "e\\\\uD800",
      "e\\\\\\uD800",
    ]);
    const sarif = formatSarif(lookalikes, emptySummary(), sarifOptions);
    strict(sarif);
    const results = (JSON.parse(sarif) as SarifLogShape).runs[0]?.results ?? [];
    expect(new Set(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).size).toBe(3);
  });
});
