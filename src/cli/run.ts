import { removeTemporaries } from "../write/temporaries.js";
import { growHeapSlowly } from "./heap-growth.js";
import { main } from "./main.js";

/**
 * The process edge: argv in, exit code out. Write errors on stdout and stderr are the commands'
 * to judge (a closed pipe ends a run quietly, a full disk is exit 2); an unheard 'error' event
 * must not crash the process meanwhile.
 */
export async function run(): Promise<void> {
  // The process is the command's: how its heap grows is set here, not by the library it calls.
  growHeapSlowly();
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  // Interrupted (Ctrl-C, a job scheduler's SIGTERM, a closed terminal, Ctrl-\): leave no temporary
  // output file behind. SIGKILL and a heap abort cannot be caught: the next run into the folder
  // removes what they leave (removeStaleTemporaries).
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGQUIT", 131],
  ] as const)
    process.once(signal, () => {
      removeTemporaries();
      process.exit(code);
    });
  process.exitCode = await main(process.argv.slice(2));
}
