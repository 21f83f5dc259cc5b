import { Command, CommanderError, Option } from "commander";
import { GradeevError } from "../errors.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../write/writers.js";
import { convertCommand, REPORT_FORMATS, validateCommand, type ReportFormat } from "./commands.js";
import { processIo, type Io } from "./io.js";
import { VERSION } from "./version.js";

const VALIDATE_EXAMPLES = `
Examples:
  $ gradeev validate exports/*.ndjson
  $ gradeev validate samples/ --format json > report.json
  $ zcat nightly.ndjson.gz | gradeev validate

Exit codes: 0 no invalid event, 1 invalid or unparsable events, 2 usage or input error, 3 a bug in gradeev.`;

const CONVERT_EXAMPLES = `
Examples:
  $ gradeev convert events.json --to csv -o grades.csv
  $ gradeev convert exports/ --to ndjson > grades.ndjson
  $ gradeev convert samples/valid --to json

Valid records are written even when other events are invalid (exit 1); -o writes a temporary
file and renames it into place at the end, so a failed run leaves no partial file.`;

/** Runs the command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command("gradeev")
    .description("Validate IMS Caliper and xAPI grade events and flatten them into grade records.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const formatOption = () =>
    new Option("--format <format>", "how to print diagnostics").choices(REPORT_FORMATS).default("text");

  program
    .command("validate")
    .description("check every event and report each problem; files, folders, - or standard input")
    .argument("[paths...]", "files or folders of JSON / NDJSON (optionally gzipped); - for standard input")
    .addOption(formatOption())
    .addHelpText("after", VALIDATE_EXAMPLES)
    .action(async (paths: string[], options: { format: ReportFormat }) => {
      exitCode = await validateCommand(paths, options, io);
    });

  program
    .command("convert")
    .description("validate, then write one grade record per valid grade event")
    .argument("[paths...]", "files or folders of JSON / NDJSON (optionally gzipped); - for standard input")
    .addOption(new Option("--to <format>", "record format").choices(OUTPUT_FORMATS).default("csv"))
    .option("-o, --output <file>", "write records to this file instead of standard output")
    .addOption(formatOption())
    .addHelpText("after", CONVERT_EXAMPLES)
    .action(async (paths: string[], options: { to: OutputFormat; output?: string; format: ReportFormat }) => {
      exitCode = await convertCommand(paths, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (err) {
    return failure(err, io);
  }
}

function failure(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error, already printed.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof GradeevError) {
    io.stderr.write(`gradeev: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(
    `gradeev: internal error: ${message}\n` +
      "This is a bug in gradeev. Please report it to the gradeev maintainers with the command you ran" +
      " and, if you can, the input that caused it.\n",
  );
  if (io.env.GRADEEV_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return 3;
}
