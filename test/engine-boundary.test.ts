/**
 * The engine (src/core, src/standards, src/profiles) judges values and does no I/O: it compiles
 * without Node's types, so that a file, a stream or a Buffer cannot creep into it unseen.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const scratch = mkdtempSync(join(tmpdir(), "gradeev-engine-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the engine's boundary", () => {
  it("tsconfig.engine.json holds the engine's folders and no Node types", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "tsconfig.engine.json"), "utf8")) as {
      compilerOptions: { types: string[] };
      include: string[];
    };
    expect(config.compilerOptions.types).toEqual([]);
    expect(config.include).toEqual(expect.arrayContaining(["src/core", "src/standards", "src/profiles"]));
  });

  it("compiles without Node's types", () => {
    const result = spawnSync(process.execPath, [TSC, "-p", join(ROOT, "tsconfig.engine.json")], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 120_000);

  it("fails to compile a file of it that reads a file (the check can fail)", () => {
    const file = join(scratch, "reads.ts");
    writeFileSync(file, `import { readFileSync } from "node:fs";\nexport const text = readFileSync("x", "utf8");\n`);
    const config = join(scratch, "tsconfig.json");
    writeFileSync(config, JSON.stringify({ extends: join(ROOT, "tsconfig.engine.json"), include: [file] }));
    const result = spawnSync(process.execPath, [TSC, "-p", config], { encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/Cannot find module 'node:fs'/);
  }, 120_000);
});

describe("the built schema validators", () => {
  it("compile a schema the build did not see (a library user's own profile), loading Ajv only then", () => {
    // In a process of its own: what it loaded is read from Node's CommonJS cache.
    const script = `
      import { createRequire } from "node:module";
      const { validatorFor } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "core", "validators.generated.js")).href)});
      const ajvLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => /[\\\\/]ajv[\\\\/]/.test(path));
      const before = ajvLoaded();
      const validate = validatorFor({ $id: "https://example.org/own.json", type: "object", required: ["score"] });
      console.log(JSON.stringify({ before, after: ajvLoaded(), valid: validate({ score: 1 }), invalid: validate({}), error: validate.errors?.[0]?.keyword }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
    ) as unknown;
    expect(out).toEqual({ before: false, after: true, valid: true, invalid: false, error: "required" });
  });
});
