/**
 * The documentation is the user's reference: every rule code (docs/rules.md) and record column
 * (docs/records.md) is documented, and every test a page cites still exists. Every profile's pages
 * and rows: test/profile-parts.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RECORD_COLUMNS, ruleInfo } from "../src/index.js";
import { RULES_PAGE, withGeneratedRegions } from "../src/rules-table.js";
import { allPages, readPage } from "./docs-pages.js";
import { ROOT } from "./helpers.js";

const rulesPage = readPage(RULES_PAGE);
const recordsPage = readPage("docs/records.md");

describe("the documentation", () => {
  it.each(Object.keys(ruleInfo))("documents rule code %s in docs/rules.md", (code) => {
    expect(rulesPage).toMatch(new RegExp(`\`${code}\``));
  });

  it.each(RECORD_COLUMNS)("documents record column %s in docs/records.md", (column) => {
    expect(recordsPage).toMatch(new RegExp(`\`${column}\``));
  });

  it("says of every rule code's severity what the catalogue says (src/diagnostics.ts)", () => {
    let generated: string;
    try {
      generated = withGeneratedRegions(rulesPage);
    } catch (err) {
      throw new Error(`${(err as Error).message}; put the markers back, then run \`npm run readme\``);
    }
    expect(
      rulesPage,
      `${RULES_PAGE}'s rule codes differ from the catalogue in src/diagnostics.ts: run \`npm run readme\` to rewrite them`,
    ).toBe(generated);
  });

  // A promise names its test: "(`test/x.test.ts`, "title")" or "(test "title")". A renamed or removed
  // test would leave the promise standing on nothing, so every name must still be there.
  const testFolder = join(ROOT, "test");
  const testSources = readdirSync(testFolder)
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => readFileSync(join(testFolder, f), "utf8"));
  const citations = allPages().flatMap((doc) =>
    [...readPage(doc).matchAll(/\(([^()]*\btests?\b[^()]*)\)/g)]
      .map((m) => ({ doc, text: m[1]!.replace(/\s+/g, " ") }))
      .filter(({ text }) => /test\/[\w.-]+\.test\.ts|^tests? /.test(text.replaceAll("`", ""))),
  );

  it("names only test files that exist", () => {
    const files = citations.flatMap(({ doc, text }) =>
      [...text.matchAll(/test\/[\w.-]+\.test\.ts/g)].map((m) => `${doc}: ${m[0]}`),
    );
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => !existsSync(join(ROOT, f.slice(f.indexOf(": ") + 2))))).toEqual([]);
  });

  it("names only tests that exist", () => {
    // A title may be cut with "…"; what comes before it must be found.
    const titles = citations.flatMap(({ doc, text }) =>
      [...text.matchAll(/"([^"]+)"/g)].map((m) => ({ doc, title: m[1]!.split("…")[0]! })),
    );
    expect(titles.length).toBeGreaterThan(5);
    const missing = titles
      .filter(({ title }) => !testSources.some((source) => source.includes(title)))
      .map(({ doc, title }) => `${doc}: "${title}"`);
    expect(missing).toEqual([]);
  });
});
