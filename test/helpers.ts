import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { Chalk } from "chalk";
import { afterAll } from "vitest";
import {
  createRecordWriter,
  type GradeRecord,
  type OutputFormat,
  type Diagnostic,
  type Summary,
} from "../src/index.js";
import { formatDiagnostic, formatSummary } from "../src/report/text.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = join(ROOT, "bin", "gradeev.js");

const scratchFolders: string[] = [];
// Registered when a test file imports this module (each file imports it afresh): its folders go
// when it has run. The memory tests alone write over a gigabyte.
afterAll(() => {
  for (const folder of scratchFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder under the system's temporary folder, removed with its contents once the test file has run. */
export function scratchFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `gradeev-${name}-`));
  scratchFolders.push(folder);
  return folder;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary, as a user would, with colour forced off unless the test sets it. */
export function runCli(
  args: string[],
  options: {
    input?: string | Buffer;
    /** A file descriptor to give the child as its standard input (`< file`), instead of `input`. */
    stdin?: number;
    env?: Record<string, string | undefined>;
    cwd?: string;
    stdout?: number;
    /** A file descriptor to give the child as its standard error (`2> file`); `stderr` is then empty. */
    stderr?: number;
    /** Close our end of the child's stdout after its first output, as `| head -1` does. */
    closeStdoutEarly?: boolean;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: [options.stdin ?? "pipe", options.stdout ?? "pipe", options.stderr ?? "pipe"],
    });
    let stdout = "";
    let stderr = "";
    // Decoded as a stream: a character split between two chunks is not two broken halves.
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
      if (options.closeStdoutEarly) child.stdout?.destroy();
    });
    child.stderr?.on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin?.on("error", () => {}); // the child may exit before reading its input
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

export const SAMPLE_FILE = /\.(json|ndjson|jsonl)(\.gz)?$/i;

/** Folders of samples/invalid/ that name a standard or the input, not a profile. */
export const NOT_PROFILES: ReadonlySet<string> = new Set(["caliper", "xapi", "input"]);

/** Every input sample under samples/, as paths relative to the project root. */
export function sampleFiles(folder = join(ROOT, "samples")): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return sampleFiles(path);
      return SAMPLE_FILE.test(name) ? [relative(ROOT, path)] : [];
    });
}

/** `samples/x/y.ndjson.gz` → `samples/x/y`: where the goldens of a sample live. */
export function goldenBase(sample: string): string {
  return sample.replace(SAMPLE_FILE, "");
}

export async function recordsAs(format: OutputFormat, records: readonly GradeRecord[]): Promise<string> {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const writer = createRecordWriter(format, sink);
  for (const record of records) await writer.write(record);
  await writer.end();
  return text;
}

const plain = new Chalk({ level: 0 });

/** What `gradeev validate` prints, without colour. */
export function validateText(diagnostics: readonly Diagnostic[], summary: Summary): string {
  return [...diagnostics.map((d) => formatDiagnostic(d, plain)), ...formatSummary(summary, plain)].join("\n") + "\n";
}
