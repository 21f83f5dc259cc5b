/**
 * The package as a user gets it: packed, installed into a fresh project from the tarball, then run,
 * imported, required, compiled against and linted. Runs on the build `npm test` has just made.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, scratchFolder } from "./helpers.js";

const VALID_SAMPLE = join(
  ROOT,
  "samples",
  "valid",
  "xapi-score",
  "adlnet-scorm-profile-course-completed-object-is-course.json",
);
const INVALID_SAMPLE = join(ROOT, "samples", "invalid", "xapi-score", "no-learner--anonymous-group.json");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ATTW = join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects, so that a test can show what a failing step printed. */
function run(command: string, args: string[], cwd: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : null;
      resolve({ code, stdout, stderr: err !== null && code === null ? `${err.message}\n${stderr}` : stderr });
    });
  });
}

/** Fails the test with the step's output when the step did not exit 0. */
function succeeded(step: string, ran: Ran): string {
  expect(ran.code, `${step} failed:\n${ran.stdout}\n${ran.stderr}`).toBe(0);
  return ran.stdout;
}

let tarball = "";
let packed: string[] = [];
let project = "";

beforeAll(async () => {
  const folder = scratchFolder("pack");
  // --ignore-scripts: pack the build just made; `prepare` would rebuild dist/ under the other test files.
  const pack = succeeded(
    "npm pack",
    await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", folder], ROOT),
  );
  const [info] = JSON.parse(pack) as { filename: string; files: { path: string }[] }[];
  tarball = join(folder, info!.filename);
  packed = info!.files.map((file) => file.path);

  project = scratchFolder("consumer");
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" })}\n`,
  );
  // A TypeScript user has Node's types; the same version as ours, so that it comes from npm's cache.
  const nodeTypes = (
    JSON.parse(readFileSync(join(ROOT, "node_modules", "@types", "node", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  succeeded(
    "npm install",
    await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `@types/node@${nodeTypes}`],
      project,
    ),
  );
}, 300_000);

describe("the packed package", { timeout: 120_000 }, () => {
  it("runs its installed bin: validate exits 0 on a valid sample and 1 on an invalid one", async () => {
    const bin = join(project, "node_modules", ".bin", "gradeev");
    const valid = await run(bin, ["validate", VALID_SAMPLE], project);
    expect(valid.code, valid.stderr).toBe(0);
    const invalid = await run(bin, ["validate", INVALID_SAMPLE], project);
    expect(invalid.code, invalid.stderr).toBe(1);
    expect(invalid.stdout + invalid.stderr).toMatch(/\bREQUIRED\b|\binvalid\b/);
  });

  it("is imported from an ES module, and validate works", async () => {
    writeFileSync(
      join(project, "imports.mjs"),
      `import { validate } from "gradeev";\n` +
        `const { summary } = await validate([${JSON.stringify(VALID_SAMPLE)}, ${JSON.stringify(INVALID_SAMPLE)}]);\n` +
        `console.log(JSON.stringify([summary.valid, summary.invalid]));\n`,
    );
    expect(succeeded("import", await run(process.execPath, ["imports.mjs"], project)).trim()).toBe("[1,1]");
  });

  it("is required from a CommonJS module, and validate works", async () => {
    writeFileSync(
      join(project, "requires.cjs"),
      `const { validate } = require("gradeev");\n` +
        `validate([${JSON.stringify(VALID_SAMPLE)}, ${JSON.stringify(INVALID_SAMPLE)}])\n` +
        `  .then(({ summary }) => console.log(JSON.stringify([summary.valid, summary.invalid])));\n`,
    );
    const required = await run(process.execPath, ["requires.cjs"], project);
    expect(succeeded("require", required).trim()).toBe("[1,1]");
    expect(required.stderr).toBe(""); // no warning either
  });

  it('resolves its JSON Schemas by import with { type: "json" }, and its package.json', async () => {
    writeFileSync(
      join(project, "schemas.mjs"),
      `import report from "gradeev/schemas/report.schema.json" with { type: "json" };\n` +
        `import { createRequire } from "node:module";\n` +
        `const manifest = createRequire(import.meta.url)("gradeev/package.json");\n` +
        `console.log(JSON.stringify([typeof report.$schema, manifest.name]));\n`,
    );
    expect(succeeded("schema import", await run(process.execPath, ["schemas.mjs"], project)).trim()).toBe(
      '["string","gradeev"]',
    );
  });

  it.each([
    ["node16", { module: "node16", moduleResolution: "node16" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }],
  ])(
    "compiles a strict TypeScript consumer under %s module resolution, library types checked",
    async (name, resolution) => {
      writeFileSync(
        join(project, "consumer.ts"),
        `import { validate, type Diagnostic, type GradeRecord, type Summary } from "gradeev";\n` +
          `const { summary, diagnostics }: { summary: Summary; diagnostics: Diagnostic[] } = await validate(["events.json"]);\n` +
          `const valid: number = summary.valid;\n` +
          `const codes: string[] = diagnostics.map((d) => d.code);\n` +
          `const course: GradeRecord["course"] | undefined = undefined;\n` +
          `console.log(valid, codes, course);\n`,
      );
      const config = {
        compilerOptions: {
          ...resolution,
          target: "es2022",
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      };
      writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify(config));
      succeeded(`tsc (${name})`, await run(process.execPath, [TSC, "-p", `tsconfig.${name}.json`], project));
    },
  );

  it("passes publint --strict with no message", async () => {
    const { publint } = await import("publint");
    const { formatMessage } = await import("publint/utils");
    const bytes = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      strict: true,
    });
    expect(messages.map((message) => formatMessage(message, pkg) ?? message.code)).toEqual([]);
  });

  it("passes attw with no problem but the one an ES-module-only package has", async () => {
    // The strict profile reports CJSResolvesToESM for node16-from-CommonJS: the package is ES modules
    // only, which Node >= 20.19 (our engines) require()s, as the test above shows. That is all the
    // esm-only profile leaves out; any other finding fails.
    const strict = await run(process.execPath, [ATTW, tarball, "--format", "json"], ROOT);
    const { problems } = JSON.parse(strict.stdout) as {
      problems: Record<string, { kind: string; entrypoint: string; resolutionKind?: string }[]>;
    };
    expect(Object.values(problems).flat()).toEqual([
      { kind: "CJSResolvesToESM", entrypoint: ".", resolutionKind: "node16-cjs" },
    ]);
    succeeded(
      "attw --profile esm-only",
      await run(process.execPath, [ATTW, tarball, "--profile", "esm-only", "--format", "ascii", "--no-color"], ROOT),
    );
  });

  it("ships its LICENSE, and no source map pointing at sources it does not ship", () => {
    expect(packed).toContain("LICENSE");
    expect(packed.filter((path) => path.endsWith(".map"))).toEqual([]);
  });
});
