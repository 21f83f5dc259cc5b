import { main } from "./main.js";

/**
 * The process edge: argv in, exit code out. A reader that closes our stdout early
 * (`gradeev convert big.ndjson | head -1`) ends the run quietly, as Unix tools do.
 */
export async function run(): Promise<void> {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(process.argv.slice(2));
}
