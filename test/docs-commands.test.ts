/**
 * Every command the documentation shows is run, and must print what the page says it prints.
 * A ```console block holds commands, each a line starting with `$ ` (a line ending in ` \` goes on
 * to the next), followed by what it prints, standard output and error together; a line that is `…`
 * alone stands for any number of lines. The commands of one block run in one bash, in order, from a
 * scratch folder that holds the project's `samples/` and `test/` (so `-o grades.csv` writes there),
 * with `gradeev` the built `bin/gradeev.js`. Commands that cannot run here (a network, a cluster,
 * a gigabyte of input) are in ```sh blocks, which this test leaves alone (CONTRIBUTING.md says so).
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allPages, readPage } from "./docs-pages.js";
import { BIN, ROOT, scratchFolder } from "./helpers.js";

interface Command {
  text: string;
  expected: string[];
}

interface ConsoleBlock {
  page: string;
  line: number;
  commands: Command[];
}

function consoleBlocks(page: string, text: string): ConsoleBlock[] {
  const lines = text.split("\n");
  const blocks: ConsoleBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const block: ConsoleBlock = { page, line: i + 1, commands: [] };
    for (i++; i < lines.length && lines[i] !== "```"; i++) {
      const line = lines[i]!;
      if (line.startsWith("$ ")) {
        let command = line.slice(2);
        while (command.endsWith("\\") && i + 1 < lines.length) command = `${command}\n${lines[++i]!}`;
        block.commands.push({ text: command, expected: [] });
      } else {
        const last = block.commands.at(-1);
        if (!last) throw new Error(`${page}:${i + 1}: a console block must start with a "$ " command`);
        last.expected.push(line);
      }
    }
    blocks.push(block);
  }
  return blocks;
}

/** Whether `actual` is `expected`, where a line `…` in `expected` stands for any run of lines. */
function matchesLines(expected: readonly string[], actual: readonly string[]): boolean {
  const [first, ...rest] = expected;
  if (first === undefined) return actual.length === 0;
  if (first === "…") return actual.some((_, i) => matchesLines(rest, actual.slice(i))) || matchesLines(rest, []);
  return actual[0] === first && matchesLines(rest, actual.slice(1));
}

// A line no command prints: it parts what one command printed from what the next one did.
const MARK = `--- gradeev docs command ${randomUUID()} ---`;

/** Runs a block's commands in one bash and returns what each printed, as lines. */
function runBlock(block: ConsoleBlock): string[][] {
  const folder = scratchFolder("docs-commands");
  const work = join(folder, "work");
  const bin = join(folder, "bin");
  mkdirSync(work);
  mkdirSync(bin);
  for (const name of ["samples", "test"]) symlinkSync(join(ROOT, name), join(work, name));
  writeFileSync(join(bin, "gradeev"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "gradeev"), 0o755);
  // `(exit $status)` before each command keeps `echo $?` about the command before it, not the marker.
  const script = [
    "status=0",
    ...block.commands.map((c) => `printf '%s\\n' '${MARK}'; (exit $status); { ${c.text}\n} 2>&1; status=$?`),
  ].join("\n");
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, FORCE_COLOR: "0" };
  for (const key of ["NO_COLOR", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "GRADEEV_DEBUG", "GRADEEV_PSEUDONYM_KEY"])
    delete env[key];
  const run = spawnSync("bash", ["--noprofile", "--norc", "-c", script], {
    cwd: work,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  const outputs = run.stdout.split(`${MARK}\n`).slice(1);
  return outputs.map((output) => (output === "" ? [] : output.replace(/\n$/, "").split("\n")));
}

const blocks = allPages().flatMap((page) => consoleBlocks(page, readPage(page)));

describe("every command the documentation shows", () => {
  it("finds the README's examples and each page's", () => {
    const pages = new Set(blocks.map((b) => b.page));
    for (const page of [
      "README.md",
      "docs/cli.md",
      "docs/reports.md",
      "docs/records.md",
      "docs/profiles.md",
      "docs/rules.md",
      "docs/safety.md",
      "docs/pipelines.md",
    ])
      expect(pages).toContain(page);
  });

  it.each(
    blocks.map((b) => [`${b.page}:${b.line}: ${b.commands.map((c) => c.text.split("\n")[0]).join("; ")}`, b] as const),
  )("%s", (_title, block) => {
    const outputs = runBlock(block);
    expect(outputs.length).toBe(block.commands.length);
    block.commands.forEach((command, i) => {
      const actual = outputs[i]!;
      if (matchesLines(command.expected, actual)) return;
      expect(actual.join("\n"), `$ ${command.text}`).toBe(command.expected.join("\n"));
    });
  });
});

describe("the console block reader", () => {
  it("reads commands, continued lines and outputs, and matches … against any run of lines", () => {
    const [block] = consoleBlocks("x.md", "```console\n$ gradeev a \\\n    b\none\n$ echo $?\n0\n```\n");
    expect(block!.commands).toEqual([
      { text: "gradeev a \\\n    b", expected: ["one"] },
      { text: "echo $?", expected: ["0"] },
    ]);
    expect(matchesLines(["a", "…", "d"], ["a", "b", "c", "d"])).toBe(true);
    expect(matchesLines(["a", "…"], ["a"])).toBe(true);
    expect(matchesLines(["a", "…", "d"], ["a", "b"])).toBe(false);
  });
});
