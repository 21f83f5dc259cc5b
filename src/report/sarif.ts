import { reportSummary, type Summary } from "../core/tally.js";
import type { Diagnostic } from "../diagnostics.js";
import { messageWithContext } from "./context.js";
import { surrogatesShown, wellFormedJson } from "../shown.js";
import { element, writeWithList } from "./json.js";
import type { ReportSink, ReportWriter } from "./sink.js";
import { Spool, type SpoolOptions } from "./spool.js";

/**
 * SARIF 2.1.0 (OASIS), the format code-scanning dashboards (GitHub code scanning, Azure DevOps,
 * SonarQube, IDE viewers) import: one run of the tool `gradeev`, one result per diagnostic.
 *
 * `tool.driver.informationUri` is left out: gradeev has no public home page yet, and a placeholder
 * would send users nowhere. Add it (an absolute URI) when there is one.
 */

/** The schema the OASIS Approved Errata 01 publishes for SARIF 2.1.0. */
export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

export interface SarifOptions {
  /** gradeev's version, as package.json has it. */
  toolVersion: string;
  /** A title for each rule code (`ruleInfo` from diagnostics.ts); a code missing here is its own title. */
  rules: Readonly<Record<string, { title: string }>>;
}

/**
 * The SARIF objects gradeev writes: a small subset of the schema
 * (test/fixtures/sarif-schema-2.1.0.json checks the whole log against the official one).
 */
interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [SarifRun];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  /** gradeev counts columns in UTF-16 code units, as JavaScript indexes strings. */
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
  properties: { summary: Summary };
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: "error" | "warning";
  message: { text: string };
  locations: [{ physicalLocation: { artifactLocation: ArtifactLocation; region?: Region } }];
  properties?: ResultProperties;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn?: number;
}

/** Where inside the input the diagnostic is, beyond the file's line and column. */
interface ResultProperties {
  /** 0-based position of the event among the events of its file. */
  eventIndex?: number;
  eventId?: string;
  /** RFC 6901 JSON Pointer to the value inside its document (the file, or the NDJSON line); "" is the whole document. */
  pointer?: string;
  profile?: string;
}

export function formatSarif(diagnostics: readonly Diagnostic[], summary: Summary, options: SarifOptions): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const results = diagnostics.map((d) => result(d, ruleIndex.get(d.code) ?? -1));
  return `${wellFormedJson(JSON.stringify(sarifLog(codes, results, summary, options), null, 2))}\n`;
}

function sarifLog(codes: readonly string[], results: SarifResult[], summary: Summary, options: SarifOptions): SarifLog {
  const rules = codes.map((code): SarifRule => ({
    id: code,
    shortDescription: { text: ruleTitle(code, options.rules) },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gradeev", version: options.toolVersion, rules } },
        columnKind: "utf16CodeUnits",
        results,
        properties: { summary: reportSummary(summary) },
      },
    ],
  };
}

/** A spooled result before its rule index is known: the index is written as -1, then set on the way out. */
const UNINDEXED = /^( {8}\{\n {10}"ruleId": )("(?:[^"\\]|\\.)*")(,\n {10}"ruleIndex": )-1,/;

/**
 * The same bytes as formatSarif, written as a stream. Rules (sorted, and numbered by results) and
 * the summary are known only at the end, so the results wait in a spool (memory, then a temporary
 * file) meanwhile, their rule index set as they go out.
 */
export function createSarifReport(sink: ReportSink, options: SarifOptions & SpoolOptions): ReportWriter {
  const spool = new Spool(options);
  const used = new Set<string>();
  return {
    file() {},
    diagnostic(d) {
      used.add(d.code);
      return spool.append(element(result(d, -1), 4));
    },
    async end(summary) {
      const codes = [...used].sort();
      const ruleIndex = new Map(codes.map((code, i) => [code, i]));
      const document = `${wellFormedJson(JSON.stringify(sarifLog(codes, [], summary, options), null, 2))}\n`;
      const indexed = (text: string) =>
        text.replace(
          UNINDEXED,
          (_, head: string, id: string, tail: string) =>
            `${head}${id}${tail}${ruleIndex.get(JSON.parse(id) as string) ?? -1},`,
        );
      await writeWithList(sink, document, "results", 3, spool, indexed);
    },
    close: () => spool.close(),
  };
}

function ruleTitle(code: string, rules: SarifOptions["rules"]): string {
  const title = Object.hasOwn(rules, code) ? rules[code]?.title : undefined;
  return title !== undefined && title !== "" ? title : code;
}

function result(d: Diagnostic, ruleIndex: number): SarifResult {
  const properties: ResultProperties = {
    ...(d.index !== undefined && { eventIndex: d.index }),
    ...(d.eventId !== undefined && { eventId: d.eventId }),
    ...(d.pointer !== undefined && { pointer: d.pointer }),
    ...(d.profile !== undefined && { profile: d.profile }),
  };
  // SARIF lines and columns start at 1; a diagnostic without a sound line keeps just its file.
  const region: Region | undefined =
    Number.isInteger(d.line) && d.line >= 1
      ? {
          startLine: d.line,
          ...(d.column !== undefined && Number.isInteger(d.column) && d.column >= 1 && { startColumn: d.column }),
        }
      : undefined;
  const message = messageWithContext(d);
  return {
    ruleId: d.code,
    ruleIndex,
    level: d.severity,
    // Code scanning needs a non-empty message.
    message: { text: message !== "" ? message : d.code },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file), ...(region && { region }) } }],
    ...(Object.keys(properties).length > 0 && { properties }),
  };
}

/**
 * A file as the URI SARIF requires. Relative paths stay relative (code scanning wants them relative
 * to the repository root, which is where a CI job runs gradeev) under `%SRCROOT%`, the base id
 * SARIF's examples and GitHub's docs use for the source tree; absolute paths become `file:` URIs,
 * which take no base id. Backslashes are read as separators (Windows); every other character that
 * may not stand in a URI path segment is percent-encoded as UTF-8.
 */
function artifactLocation(file: string): ArtifactLocation {
  const path = file.replace(/\\/g, "/");
  if (/^[A-Za-z]:\//.test(path)) return { uri: `file:///${path.slice(0, 2)}${encodePath(path.slice(2))}` };
  if (path.startsWith("//")) return { uri: `file:${encodePath(path)}` };
  if (path.startsWith("/")) return { uri: `file://${encodePath(path)}` };
  return { uri: encodePath(path), uriBaseId: "%SRCROOT%" };
}

/**
 * Each segment percent-encoded; `:` is too, or a first segment `a:b` would read as a URI scheme.
 * encodeURIComponent throws on a lone surrogate (a broken file name): it goes as the text `\uD800`
 * (`%5CuD800`), so that two broken names stay two files.
 */
function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) => encodeURIComponent(surrogatesShown(segment)))
    .join("/");
}
