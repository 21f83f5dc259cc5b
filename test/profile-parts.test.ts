/**
 * What CONTRIBUTING.md's "Adding a profile" asks of each profile, checked against the registry
 * (src/profiles/index.ts) so that no list of the profiles is kept by hand unchecked: a profile missing
 * a part fails here, naming the step of the checklist to do, and so does a part left of a profile no
 * longer registered. What the samples show is test/samples.test.ts's; the schema files,
 * test/schemas.test.ts's.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { profiles } from "../src/index.js";
import { readPage } from "./docs-pages.js";
import { goldenBase, NOT_PROFILES, ROOT, sampleFiles } from "./helpers.js";

const ids = profiles.map((p) => p.id);
const step = (name: string) => `CONTRIBUTING.md, "Adding a profile", step "${name}"`;

/** The files of schemas/ that are not a profile's. */
const NOT_PROFILE_SCHEMAS = new Set(["README.md", "record.schema.json", "report.schema.json"]);

function subfolders(folder: string): string[] {
  if (!existsSync(join(ROOT, folder))) return [];
  return readdirSync(join(ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

const unregistered = (names: string[]) => names.filter((name) => !ids.includes(name));

describe.each(ids)("profile %s", (id) => {
  it("has valid samples, each with its goldens", () => {
    const folder = `samples/valid/${id}`;
    const samples = existsSync(join(ROOT, folder)) ? sampleFiles(join(ROOT, folder)) : [];
    expect(samples.length, `no sample in ${folder}/: ${step("Samples")}`).toBeGreaterThan(0);
    const goldens = samples.flatMap((sample) => [".csv", ".diagnostics.txt"].map((ext) => goldenBase(sample) + ext));
    const missing = goldens.filter((golden) => !existsSync(join(ROOT, golden)));
    expect(missing, `goldens missing (${missing.join(", ")}): ${step("Goldens")}`).toEqual([]);
  });

  it("has its page, docs/profiles/<id>.md", () => {
    const page = join(ROOT, "docs", "profiles", `${id}.md`);
    expect(existsSync(page), `no docs/profiles/${id}.md: ${step("Docs")}`).toBe(true);
  });
});

describe("the registry's profiles, in its order (precedence)", () => {
  it("are the rows of docs/profiles.md's table, each linked to the profile's page", () => {
    const rows = [...readPage("docs/profiles.md").matchAll(/^\| \[`([\w-]+)`\]\(profiles\/\1\.md\) \|/gm)];
    expect(
      rows.map((row) => row[1]),
      `docs/profiles.md's table is not src/profiles/index.ts's list: ${step("Docs")}`,
    ).toEqual(ids);
  });

  it("are the rows of docs/mapping.md's table of profiles, each linked to the profile's page", () => {
    const rows = [
      ...readPage("docs/mapping.md").matchAll(/^\| `([\w-]+)` \|.*\| \[profiles\/\1\.md\]\(profiles\/\1\.md\) \|$/gm),
    ];
    expect(
      rows.map((row) => row[1]),
      `docs/mapping.md's table is not src/profiles/index.ts's list: ${step("Docs")}`,
    ).toEqual(ids);
  });
});

describe("nothing is left of a profile no longer registered", () => {
  it("no folder of samples", () => {
    const left = [
      ...unregistered(subfolders("samples/valid")).map((name) => `samples/valid/${name}/`),
      ...unregistered(subfolders("samples/invalid").filter((name) => !NOT_PROFILES.has(name))).map(
        (name) => `samples/invalid/${name}/`,
      ),
    ];
    expect(
      left,
      `samples of no profile in src/profiles/index.ts: register it (${step("Registry")}), or remove them`,
    ).toEqual([]);
  });

  it("no page under docs/profiles/", () => {
    const pages = readdirSync(join(ROOT, "docs", "profiles")).map((name) => name.replace(/\.md$/, ""));
    expect(
      unregistered(pages),
      `pages of no profile in src/profiles/index.ts: register it (${step("Registry")}), or remove them`,
    ).toEqual([]);
  });

  it("no file under schemas/", () => {
    const files = readdirSync(join(ROOT, "schemas")).filter((name) => !NOT_PROFILE_SCHEMAS.has(name));
    const left = unregistered(files.map((name) => name.replace(/\.schema\.json$/, "")));
    expect(left, "schemas of no profile in src/profiles/index.ts (the build leaves them): remove them").toEqual([]);
  });
});
