/** The schema files in schemas/ are the profiles' own, and each is a schema ajv can compile. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { profiles } from "../src/index.js";
import { ROOT, runCli } from "./helpers.js";
import { reported } from "../src/report/json.js";

const withSchema = profiles.flatMap((p) => (p.schema === undefined ? [] : [{ ...p, schema: p.schema }]));
const withoutSchema = profiles.filter((p) => p.schema === undefined);

describe.each(withSchema.map((p) => [p.id, p] as const))("%s", (id, profile) => {
  it("has its schema file, up to date", () => {
    const file = JSON.parse(readFileSync(join(ROOT, "schemas", `${id}.schema.json`), "utf8")) as unknown;
    expect(file).toEqual(profile.schema);
  });

  it("compiles in a plain ajv once gradeev's annotation keywords are declared", () => {
    const ajv = new Ajv({ allowUnionTypes: true, strictRequired: false });
    for (const keyword of ["x-level", "x-code", "x-message"]) ajv.addKeyword(keyword);
    ajv.addFormat("date-time", true).addFormat("uri", true);
    expect(() => ajv.compile(profile.schema)).not.toThrow();
  });

  it("is printed by gradeev schema", async () => {
    const result = await runCli(["schema", id]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(profile.schema);
  });
});

describe.each(withoutSchema.map((p) => [p.id, p] as const))("%s, which has no schema of its own", (id, profile) => {
  it("has no schema file", () => {
    expect(existsSync(join(ROOT, "schemas", `${id}.schema.json`))).toBe(false);
  });

  it("gradeev schema says so, naming what judges its events, and prints nothing a script could take for a schema", async () => {
    const result = await runCli(["schema", id]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(
        `^gradeev: ${id} has no JSON Schema of its own: the ${profile.standard === "xapi" ? "xAPI" : "Caliper"} .* rules .*docs/profiles/${id}\\.md\\)\\n$`,
      ),
    );
    expect(existsSync(join(ROOT, "docs", "profiles", `${id}.md`))).toBe(true);
  });
});

describe("gradeev profiles", () => {
  it("lists every profile with what it recognises", async () => {
    const result = await runCli(["profiles"]);
    expect(result.code).toBe(0);
    for (const profile of profiles) {
      expect(result.stdout).toContain(profile.id);
      expect(result.stdout).toContain(profile.recognises);
    }
  });

  it("schema with an unknown id is a usage error", async () => {
    const result = await runCli(["schema", "moodle-grade"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/'moodle-grade' is invalid/);
  });
});

describe("the JSON report", () => {
  it("matches its published schema, on every sample at once", async () => {
    const schema = JSON.parse(readFileSync(join(ROOT, "schemas", "report.schema.json"), "utf8")) as object;
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(schema);
    for (const args of [
      ["validate", "samples", "--format", "json"],
      ["validate", "samples/invalid", "--format", "json", "--max-diagnostics", "3"],
    ]) {
      const report = JSON.parse((await runCli(args)).stdout) as unknown;
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});

describe("the validators compiled at build time", () => {
  it("report exactly what the schemas compiled at run time report, on every sample", async () => {
    const { validate } = await import("../src/index.js");
    const fromSources = await validate(["samples"]); // the sources: schemas compiled by Ajv on first use
    const fromBinary = JSON.parse((await runCli(["validate", "samples", "--format", "json"])).stdout) as {
      diagnostics: unknown[];
      summary: unknown;
    };
    const generated = join(ROOT, "dist", "core", "validators.generated.js");
    expect(existsSync(generated)).toBe(true);
    const { validators } = (await import(generated)) as { validators: Record<string, unknown> };
    expect(Object.keys(validators).sort()).toEqual(withSchema.map((p) => p.schema.$id).sort());
    // The report leaves out the template each message was worded from; the library's diagnostics carry it.
    expect(fromBinary.diagnostics).toEqual(JSON.parse(JSON.stringify(fromSources.diagnostics.map(reported))));
    expect(fromBinary.summary).toEqual(JSON.parse(JSON.stringify(fromSources.summary)));
  });

  it("load a profile's code only when its validator is first used, so that a run loads no other", () => {
    // In a process of its own: what it loaded is read from Node's CommonJS cache.
    const script = `
      import { createRequire } from "node:module";
      const { validators } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "core", "validators.generated.js")).href)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((path) => path.endsWith(".cjs")).length;
      const before = loaded();
      const valid = validators[${JSON.stringify(withSchema[1]!.schema.$id)}]({});
      console.log(JSON.stringify({ before, after: loaded(), valid: typeof valid }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }),
    ) as unknown;
    expect(out).toEqual({ before: 0, after: 1, valid: "boolean" });
  });
});
