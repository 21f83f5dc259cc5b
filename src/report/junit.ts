import { Chalk } from "chalk";
import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { formatDiagnostic } from "./text.js";

/**
 * JUnit XML, the test-report format GitLab, Jenkins, Azure DevOps and the like read: one test suite
 * `gradeev`; one test case per input file (or, with `perEvent`, per event that had problems). A case
 * with errors fails, with all of its errors listed in one `<failure>`; warnings never fail a case and
 * go to its `<system-out>`. gradeev's own crashes are its exit code 3, never `<error>` here, so
 * `errors` and `skipped` are always 0.
 */

export interface JunitOptions {
  /** Every file read, in order: a file without any problem still needs its passing test case. */
  files: readonly string[];
  /**
   * One test case per event with problems, named `FILE#index`, instead of one per file; problems
   * with the file itself (syntax, encoding, no events) stay on a case named `FILE`. Events without
   * problems get no case of their own: the suite's properties count them.
   */
  perEvent?: boolean;
}

const CLASS_NAME = "gradeev";
const plain = new Chalk({ level: 0 });

interface TestCase {
  name: string;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export function formatJunit(diagnostics: readonly Diagnostic[], summary: Summary, options: JunitOptions): string {
  const cases = testCases(diagnostics, options);
  const failures = cases.filter((c) => c.errors.length > 0).length;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="${CLASS_NAME}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    "  <properties>",
    ...summaryProperties(summary).map(([name, value]) => `    <property name="${attribute(name)}" value="${attribute(value)}"/>`),
    "  </properties>",
    ...cases.flatMap(testCaseXml),
    "</testsuite>",
  ];
  return `${lines.join("\n")}\n`;
}

/** Cases in the order the files were given, then files that only the diagnostics name. */
function testCases(diagnostics: readonly Diagnostic[], options: JunitOptions): TestCase[] {
  const byFile = groupBy(diagnostics, (d) => d.file);
  const files = [...new Set([...options.files, ...byFile.keys()])];
  const cases: TestCase[] = [];
  for (const file of files) {
    const found = byFile.get(file) ?? [];
    if (options.perEvent !== true) {
      cases.push(testCase(file, found));
      continue;
    }
    const fileLevel = found.filter((d) => d.index === undefined);
    const byEvent = groupBy(
      found.filter((d) => d.index !== undefined),
      (d) => d.index ?? -1,
    );
    if (fileLevel.length > 0 || byEvent.size === 0) cases.push(testCase(file, fileLevel));
    for (const [index, ds] of [...byEvent].sort(([a], [b]) => a - b)) cases.push(testCase(`${file}#${index}`, ds));
  }
  return cases;
}

function testCase(name: string, ds: readonly Diagnostic[]): TestCase {
  return { name, errors: ds.filter((d) => d.severity === "error"), warnings: ds.filter((d) => d.severity === "warning") };
}

function testCaseXml(c: TestCase): string[] {
  const open = `  <testcase classname="${CLASS_NAME}" name="${attribute(c.name)}"`;
  if (c.errors.length === 0 && c.warnings.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  const first = c.errors[0];
  if (first !== undefined) {
    const codes = [...new Set(c.errors.map((d) => d.code))].join(", ");
    const message = `${c.errors.length === 1 ? "1 error" : `${c.errors.length} errors`}: ${codes}`;
    lines.push(`    <failure message="${attribute(message)}" type="${attribute(first.code)}">${text(report(c.errors))}</failure>`);
  }
  if (c.warnings.length > 0) lines.push(`    <system-out>${text(report(c.warnings))}</system-out>`);
  lines.push("  </testcase>");
  return lines;
}

/** One line per problem, as the text report prints it (`file:line:col: severity CODE: message (…)`). */
function report(ds: readonly Diagnostic[]): string {
  return ds.map((d) => formatDiagnostic(d, plain)).join("\n");
}

function summaryProperties(s: Summary): [string, string][] {
  const counts: [string, number][] = [
    ["files", s.files],
    ["events", s.events],
    ["valid", s.valid],
    ["invalid", s.invalid],
    ["unparsable", s.unparsable],
    ["unrecognised", s.unrecognised],
    ["describes", s.describes],
    ["invalidDescribes", s.invalidDescribes],
    ["errors", s.errors],
    ["warnings", s.warnings],
  ];
  return counts.map(([name, value]) => [name, String(value)]);
}

function groupBy<K>(ds: readonly Diagnostic[], key: (d: Diagnostic) => K): Map<K, Diagnostic[]> {
  const groups = new Map<K, Diagnostic[]>();
  for (const d of ds) {
    const k = key(d);
    const group = groups.get(k);
    if (group) group.push(d);
    else groups.set(k, [d]);
  }
  return groups;
}

// --- escaping ----------------------------------------------------------------------------------

/**
 * Characters outside XML 1.0's `Char` production (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE, U+FFFF): no XML 1.0 document may hold them, not even as character references, so they
 * are shown as the text `\uXXXX`.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/** Character data. A parser reads a raw CR as LF (XML 1.0 §2.11), so CR goes as a reference. */
function text(value: string): string {
  return xmlChars(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** A double-quoted attribute value. A parser reads raw tabs and line breaks there as spaces (§3.3.3). */
function attribute(value: string): string {
  return xmlChars(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
