import { Chalk } from "chalk";
import type { Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { formatDiagnostic } from "./text.js";

/**
 * JUnit XML, the test-report format GitLab, Jenkins, Azure DevOps and the like read: one test suite
 * `gradeev`; one test case per input file (or, with `perEvent`, per event that had diagnostics). A case
 * with errors fails, with all of its errors listed in one `<failure>`; warnings never fail a case and
 * go to its `<system-out>`. gradeev's own crashes are its exit code 3, never `<error>` here, so
 * `errors` and `skipped` are always 0.
 */

export interface JunitOptions {
  /** Every file read, in order: a file without any diagnostic still needs its passing test case. */
  files: readonly string[];
  /**
   * One test case per event with diagnostics, named `FILE#index`, instead of one per file; diagnostics
   * with the file itself (syntax, encoding, no events) stay on a case named `FILE`. Events without
   * diagnostics get no case of their own: the suite's properties count them.
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
  return suiteHead(cases.length, failures, summary) + cases.map(testCaseXml).join("") + SUITE_TAIL;
}

export function suiteHead(tests: number, failures: number, summary: Summary): string {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="${CLASS_NAME}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`,
    "  <properties>",
    ...summaryProperties(summary).map(
      ([name, value]) => `    <property name="${attribute(name)}" value="${attribute(value)}"/>`,
    ),
    "  </properties>",
  ];
  return lines.map((line) => `${line}\n`).join("");
}

export const SUITE_TAIL = "</testsuite>\n";

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
  return {
    name,
    errors: ds.filter((d) => d.severity === "error"),
    warnings: ds.filter((d) => d.severity === "warning"),
  };
}

function testCaseXml(c: TestCase): string {
  if (c.errors.length === 0 && c.warnings.length === 0) return caseXml(c.name);
  const errors =
    c.errors.length === 0
      ? ""
      : failureXml(
          c.errors.length,
          c.errors.map((d) => d.code),
          text(report(c.errors)),
        );
  const warnings = c.warnings.length === 0 ? "" : `${SYSTEM_OUT}${text(report(c.warnings))}${SYSTEM_OUT_END}`;
  return `${caseOpen(c.name)}${errors}${warnings}${CASE_END}`;
}

/** A case without diagnostics, which passes. */
export function caseXml(name: string): string {
  return `  <testcase classname="${CLASS_NAME}" name="${attribute(name)}"/>\n`;
}

export function caseOpen(name: string): string {
  return `  <testcase classname="${CLASS_NAME}" name="${attribute(name)}">\n`;
}

export const CASE_END = "  </testcase>\n";
export const SYSTEM_OUT = "    <system-out>";
export const SYSTEM_OUT_END = "</system-out>\n";
export const FAILURE_END = "</failure>\n";

/** `<failure message="3 errors: A, B" type="A">`, then `body` (escaped already) when given. */
export function failureXml(count: number, codes: readonly string[], body?: string): string {
  const message = `${count === 1 ? "1 error" : `${count} errors`}: ${[...new Set(codes)].join(", ")}`;
  const open = `    <failure message="${attribute(message)}" type="${attribute(codes[0] ?? "")}">`;
  return body === undefined ? open : `${open}${body}${FAILURE_END}`;
}

/** One line per diagnostic, as the text report prints it (`file:line:col: severity CODE: message (…)`). */
function report(ds: readonly Diagnostic[]): string {
  return ds.map(problemLine).join("\n");
}

export function problemLine(d: Diagnostic): string {
  return formatDiagnostic(d, plain);
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
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/** Character data. A parser reads a raw CR as LF (XML 1.0 §2.11), so CR goes as a reference. */
export function text(value: string): string {
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
