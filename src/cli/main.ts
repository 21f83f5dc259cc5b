import { Argument, Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { GradeevError } from "../errors.js";
import { shown } from "../shown.js";
import type { OutputFormat } from "../write/writers.js";
import { DEFAULT_MAX_LINE_BYTES } from "../read/lines.js";
import { profiles } from "../profiles/index.js";
import {
  profilesCommand,
  REPORT_FORMATS,
  schemaCommand,
  validateCommand,
  XAPI_VERSIONS,
  type CommonOptions,
} from "./commands.js";
import type { ColumnsOptions } from "./columns.js";
import type { ConvertOptions } from "./convert.js";
import type { MergeOptions } from "./merge-reports.js";
import type { ReportOptions } from "./report-html.js";
import { processIo, type Io } from "./io.js";
import { VERSION } from "./version.js";
import { MIN_WORKER_MEMORY_MB } from "../parallel/memory.js";
import { MAX_JOBS } from "../parallel/jobs.js";

/**
 * convert's record formats, listed here rather than imported so that starting `validate` does not load
 * the writers; the compiler holds the list to the writers' own (OutputFormat), both ways.
 */
const RECORD_FORMATS = ["csv", "json", "ndjson", "parquet"] as const satisfies readonly OutputFormat[];
const everyRecordFormat: [Exclude<OutputFormat, (typeof RECORD_FORMATS)[number]>] extends [never] ? true : never = true;
void everyRecordFormat;

const VALIDATE_EXAMPLES = `
Examples:
  $ gradeev validate exports/*.ndjson
  $ gradeev validate samples/ --format json > report.json
  $ zcat nightly.ndjson.gz | gradeev validate
  $ gradeev validate --strict --xapi-version 2.0 statements.ndjson

Exit codes: 0 no invalid event, 1 invalid or unparsable events, 2 usage or input error, 3 a bug in gradeev.`;

const CONVERT_EXAMPLES = `
Examples:
  $ gradeev convert events.json --to csv -o grades.csv
  $ gradeev convert exports/ --to ndjson > grades.ndjson
  $ gradeev convert samples/valid --to json --group-by course
  $ gradeev convert nightly/*.ndjson.gz --latest --rejects rejects.ndjson -o grades.csv
  $ gradeev convert lrs.ndjson --columns course,user,score,score_percent --bom --crlf -o for-excel.csv
  $ GRADEEV_PSEUDONYM_KEY=... gradeev convert exports/ --pseudonymize -o research.csv

Valid records are written even when other events are invalid (exit 1); -o writes a temporary
file and renames it into place at the end, so a failed run leaves no partial file.`;

const REPORT_EXAMPLES = `
Examples:
  $ gradeev report exports/ -o report.html
  $ gradeev report nightly/*.ndjson.gz --latest --strict -o last-night.html

One HTML file, charts and tables inline, no script: it opens offline and makes no request.
It names no learner: they are counted, never listed.
Exit codes as validate's; -o is written whole or not at all.
`;

const MERGE_EXAMPLES = `
Examples:
  $ gradeev merge-reports part-0.json part-1.json part-2.json --format json > report.json
  $ gradeev merge-reports parts/part-*.json --format junit -o junit.xml

Each part is run on its own (gradeev convert - --format json --report PART.json --stdin-name FILE
--first-line N --first-index N < part); the parts of a file follow one another, in order (a glob
sorts by name: number the parts with leading zeros, part-0007.json, so that it gives them so). Exit
codes: as one run over the same data (0, 1 for invalid events), 2 for a part missing, unreadable,
not a report, or out of order.`;

/** "16MiB", "512KiB", "1GB", "4096" → bytes. */
export function byteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError("a size such as 16MiB, 512KiB or 1048576");
  const units: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  const bytes = Math.floor(Number(match[1]) * (units[(match[2] ?? "b").toLowerCase()] ?? 1));
  if (bytes < 1) throw new InvalidArgumentError("a size of at least one byte");
  return bytes;
}

/**
 * The largest --max-event-bytes: a line is held as one string, and V8 holds fewer than 2^29
 * characters in one; past this a long line would fail where it should be skipped and reported.
 */
const MAX_EVENT_BYTES_LIMIT = 256 * 1024 ** 2;

function maxEventBytes(value: string): number {
  const bytes = byteSize(value);
  if (bytes > MAX_EVENT_BYTES_LIMIT)
    throw new InvalidArgumentError("a size of at most 256MiB (a longer line cannot be held as one string)");
  return bytes;
}

/** --worker-memory: a size of whole MiB, at least MIN_WORKER_MEMORY_MB (V8 limits a heap in MiB). */
function workerMemory(value: string): number {
  const bytes = byteSize(value);
  if (bytes < MIN_WORKER_MEMORY_MB * 1024 ** 2)
    throw new InvalidArgumentError(`a size of at least ${MIN_WORKER_MEMORY_MB}MiB, such as 512MiB`);
  return bytes;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("a whole number of 0 or more");
  return n;
}

/**
 * The largest --first-line / --first-index: far past any file's lines, and far enough below 2^53
 * that the part's own lines and events added to it stay exact numbers (a part would need over
 * 7 PiB to pass it).
 */
export const MAX_PART_START = 2 ** 50;

/** A whole number in decimal digits (no sign, exponent, base prefix, point or spaces) from `min` to MAX_PART_START. */
function partStart(value: string, min: number, what: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > MAX_PART_START)
    throw new InvalidArgumentError(
      `${what}, a whole number of ${min} or more, in decimal digits, at most 2^50 (${MAX_PART_START})`,
    );
  return n;
}

/** --first-line: a line number, 1 or more. */
const lineNumber = (value: string) => partStart(value, 1, "a line number");

/** --first-index: an event index, 0 or more (the base the JSON report and rejects use). */
const eventIndex = (value: string) => partStart(value, 0, "an event index");

/** --first-byte: a byte offset, 0 or more. */
const byteOffset = (value: string) => partStart(value, 0, "a byte offset");

function jobCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS)
    throw new InvalidArgumentError(`a whole number from 1 to ${MAX_JOBS} (each worker costs about 20 MB)`);
  return n;
}

/** Runs the command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command("gradeev")
    .description("Validate IMS Caliper and xAPI grade events and flatten them into grade records.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    // Commander's errors quote the arguments (an option name, a value), which a shell glob may have
    // taken from a file name: an error is one line, shown as data as the reports show input.
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(commanderShown(s)) });

  // Options are listed in groups (commander's help groups): convert has some forty, which one block hid.
  /** How to judge: validate's and convert's. */
  const withJudging = (command: Command) =>
    command
      .optionsGroup("Judging:")
      .option("--strict", "every deviation from the spec is an error (data-quality warnings stay warnings)")
      .option("--fail-on-unknown", "events no profile recognises are errors")
      .addOption(
        new Option("--xapi-version <version>", "judge statements that do not say their version by this xAPI version")
          .choices(XAPI_VERSIONS)
          .default("1.0.3"),
      )
      .addOption(
        new Option("--profile <id>", "check every event as this profile, without detection").choices(
          profiles.map((p) => p.id),
        ),
      )
      .option(
        "--max-event-bytes <size>",
        "skip (and report) lines longer than this: bytes, or with KiB/MiB/GiB, at most 256MiB",
        maxEventBytes,
        DEFAULT_MAX_LINE_BYTES,
      )
      .option(
        "--exit-zero",
        "exit 0 even when events are invalid (usage, input and internal errors still exit 2 and 3): for a map step whose engine fails a task on any other code",
      );
  /** How to report: validate's and convert's. */
  const withReporting = (command: Command) =>
    command
      .optionsGroup("Report:")
      .addOption(
        new Option(
          "--format <format>",
          "how to print diagnostics: text, or json, github (workflow commands and step summary), junit, sarif",
        )
          .choices(REPORT_FORMATS)
          .default("text"),
      )
      .option("--junit-per-event", "with --format junit: a test case per event with diagnostics, not per file")
      .option(
        "-q, --quiet",
        "text report: print the summary only, no diagnostics (machine formats carry every diagnostic)",
      )
      .option(
        "--max-diagnostics <n>",
        "text report: print at most n diagnostics (the summary says how many more; machine formats carry every diagnostic)",
        positiveInteger,
      )
      .option(
        "--report <file>",
        "write the report (in --format) to this file instead of standard output (validate) or standard error (convert); written whole or not at all",
      );
  /** What to read, and on how many threads: validate's and convert's. */
  const withInput = (command: Command, jobsDefault = "every core for 128 MiB of input or more, else 1") =>
    command
      .optionsGroup("Input:")
      .option(
        "--follow-links",
        "in folders, also follow symbolic links that lead out of the folder named (hidden entries stay skipped)",
      )
      .option(
        "--stdin-name <name>",
        "standard input's name in diagnostics and rejects, instead of <stdin> (for a part of a file: the file's name)",
      )
      .option(
        "--first-line <n>",
        "standard input's first line is line n of the file it came from (default 1)",
        lineNumber,
      )
      .option(
        "--first-index <n>",
        "standard input's first event is event n of the file it came from, counting from 0 (default 0)",
        eventIndex,
      )
      .option(
        "--first-byte <n>",
        "standard input's first byte is byte n of the file it came from (default 0): byte offsets in diagnostics are the file's",
        byteOffset,
      )
      .optionsGroup("Worker threads:")
      .option(
        "--jobs <n>",
        `worker threads checking events, 1 to 64 (default: ${jobsDefault}; never more than twice the cores, 4 at least); the output is the same`,
        jobCount,
      )
      .option(
        "--part-size <size>",
        "with --jobs: split plain NDJSON files into parts of about this size for the workers (default 4MiB)",
        byteSize,
      )
      .option(
        "--worker-memory <size>",
        `with --jobs: the heap each worker may use, at least ${MIN_WORKER_MEMORY_MB}MiB; a file or part that needs more is reported (TASK_FAILED, exit 2) and the rest is read (default: Node's heap limit shared among the workers)`,
        workerMemory,
      );
  const withCheckOptions = (command: Command) => withInput(withReporting(withJudging(command)));

  withCheckOptions(
    program
      .command("validate")
      .description("check every event and report each diagnostic; files, folders, - or standard input")
      .argument("[paths...]", "files or folders of JSON / NDJSON (optionally gzipped); - for standard input"),
  )
    .addHelpText("after", VALIDATE_EXAMPLES)
    .action(async (paths: string[], options: CommonOptions) => {
      exitCode = await validateCommand(paths, options, io);
    });

  withCheckOptions(
    program
      .command("convert")
      .description("validate, then write one grade record per valid grade event")
      .argument("[paths...]", "files or folders of JSON / NDJSON (optionally gzipped); - for standard input")
      .optionsGroup("Output:")
      .addOption(
        new Option("--to <format>", "record format (parquet needs -o FILE)").choices(RECORD_FORMATS).default("csv"),
      )
      .option("-o, --output <file>", "write records to this file instead of standard output")
      .option(
        "--rejects <file>",
        "write every event not converted (invalid, unparsable, dropped) to this NDJSON file, verbatim, with why",
      )
      .option("--rejects-unrecognised", "with --rejects: also write unrecognised events")
      .option(
        "--private",
        "write -o and --rejects files readable by you alone (0600), new or replaced (default: a replaced file keeps its mode, owner and group; a new one gets 0666 less the umask)",
      )
      .optionsGroup("Records:")
      .option(
        "--dedupe",
        "drop repeated events (same id and content, or same content) and xAPI statements voided in the same input; events sharing an id but not their content are all rejected (ID_CONFLICT)",
      )
      .option(
        "--latest",
        "keep only the newest record per (course, user, item) (a record lacking one is kept), by event time, then version, then content (never by input order); implies --dedupe",
      )
      .option("--columns <list>", "comma-separated columns to write, in this order")
      .option(
        "--pseudonymize",
        "replace user, actor, item_ref and event_id values by an HMAC-SHA-256 keyed by $GRADEEV_PSEUDONYM_KEY (16 bytes or more)",
      )
      .addOption(
        new Option(
          "--group-by <key>",
          "with --to json: nest records by course then user, or by user then course",
        ).choices(["course", "user"]),
      )
      .optionsGroup("CSV:")
      .option("--delimiter <char>", "CSV field delimiter (default ,)")
      .option("--no-header", "CSV without its header row")
      .option("--bom", "start the CSV with a UTF-8 byte-order mark (for Excel)")
      .option("--crlf", "end CSV rows with CRLF")
      .option(
        "--no-formula-guard",
        "do not neutralise CSV text cells that start with = + - @ (or their full-width forms), TAB or CR",
      ),
  )
    .addHelpText("after", CONVERT_EXAMPLES)
    .action(async (paths: string[], options: ConvertOptions) => {
      const { convertCommand } = await import("./convert.js");
      exitCode = await convertCommand(
        paths,
        { ...options, dedupe: options.dedupe === true || options.latest === true },
        io,
      );
    });

  withInput(
    withJudging(
      program
        .command("report")
        .description(
          "check every event, then write one HTML page: verdicts by file and profile, rule codes, events per day, scores by course and item",
        )
        .argument("[paths...]", "files or folders of JSON / NDJSON (optionally gzipped); - for standard input")
        .optionsGroup("Output:")
        .option("-o, --output <file>", "write the page to this file instead of standard output")
        .option("--private", "write -o readable by you alone (0600)")
        .optionsGroup("Records:")
        .option("--dedupe", "drop repeated events before they are counted, as convert --dedupe does")
        .option(
          "--latest",
          "count only the newest record per (course, user, item), as convert --latest does; implies --dedupe",
        ),
    ),
    "1, each worker being a heap of its own",
  )
    .addHelpText("after", REPORT_EXAMPLES)
    .action(async (paths: string[], options: ReportOptions) => {
      const { reportCommand } = await import("./report-html.js");
      exitCode = await reportCommand(
        paths,
        { ...options, dedupe: options.dedupe === true || options.latest === true },
        io,
      );
    });

  program
    .command("merge-reports")
    .description(
      "merge the JSON reports of a run's parts (each a file, or a part of one through standard input) into the report of one run over the same data",
    )
    .argument("<reports...>", "the parts' --format json reports, in input order")
    .addOption(
      new Option("--format <format>", "how to print the merged report: text, json, github, junit, sarif")
        .choices(REPORT_FORMATS)
        .default("text"),
    )
    .option("--junit-per-event", "with --format junit: a test case per event with diagnostics, not per file")
    .option("-q, --quiet", "text report: print the summary only")
    .option("--max-diagnostics <n>", "text report: print at most n diagnostics", positiveInteger)
    .option("-o, --output <file>", "write the merged report to this file instead of standard output")
    .option("--private", "write -o readable by you alone (0600)")
    .option("--exit-zero", "exit 0 even when events are invalid")
    .addHelpText("after", MERGE_EXAMPLES)
    .action(async (reports: string[], options: MergeOptions) => {
      const { mergeReportsCommand } = await import("./merge-reports.js");
      exitCode = await mergeReportsCommand(reports, options, io);
    });

  program
    .command("profiles")
    .description("list the kinds of event gradeev recognises")
    .action(() => {
      exitCode = profilesCommand(io);
    });

  program
    .command("columns")
    .description("print the record's column types: name, SQL type, meaning; or as SQL or DuckDB wants them")
    .addOption(new Option("--sql", "a CREATE TABLE statement").conflicts("duckdb"))
    .option("--duckdb", "the columns={...} struct for DuckDB's read_csv and read_json")
    .option("--columns <list>", "comma-separated columns, in this order, as given to convert")
    .option("--table <name>", "with --sql: the table's name (default grades)")
    .action(async (options: ColumnsOptions) => {
      const { columnsCommand } = await import("./columns.js");
      exitCode = columnsCommand(options, io);
    });

  program
    .command("schema")
    .description("print the JSON Schema of a profile")
    .addArgument(new Argument("<id>", "profile id (see gradeev profiles)").choices(profiles.map((p) => p.id)))
    .action((id: string) => {
      exitCode = schemaCommand(id, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return failure(err, io);
  }
}

/** An error (`error: …\n`) as one line; anything else (help) line by line. */
function commanderShown(text: string): string {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return `${body.startsWith("error:") ? shown(body) : body.split("\n").map(shown).join("\n")}\n`;
}

function failure(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error, already printed.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof GradeevError) {
    // Our messages name files and quote arguments: one line, shown as data.
    io.stderr.write(`gradeev: ${shown(err.message)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(
    `gradeev: internal error: ${shown(message)}\n` +
      "This is a bug in gradeev. Please report it to the gradeev maintainers with the command you ran" +
      " and, if you can, the input that caused it.\n",
  );
  if (io.env.GRADEEV_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 3;
}
