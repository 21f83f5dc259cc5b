/** The README is the user's reference: every rule code, profile and record column is documented. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { profiles, RECORD_COLUMNS, ruleInfo } from "../src/index.js";
import { withGeneratedRegions } from "../src/rules-table.js";
import { ROOT } from "./helpers.js";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it.each(Object.keys(ruleInfo))("documents rule code %s", (code) => {
    expect(readme).toMatch(new RegExp(`\`${code}\``));
  });

  it.each(profiles.map((p) => p.id))("documents profile %s in the profile table and the mapping tables", (id) => {
    expect(readme.match(new RegExp(`\`${id}\``, "g"))?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it.each(RECORD_COLUMNS)("documents record column %s", (column) => {
    expect(readme).toMatch(new RegExp(`\`${column}\``));
  });

  it("says of every rule code's severity what the catalogue says (src/diagnostics.ts)", () => {
    let generated: string;
    try {
      generated = withGeneratedRegions(readme);
    } catch (err) {
      throw new Error(`${(err as Error).message}; put the markers back, then run \`npm run readme\``);
    }
    expect(readme, "README.md's rule codes differ from the catalogue in src/diagnostics.ts: run `npm run readme` to rewrite them").toBe(generated);
  });
});
