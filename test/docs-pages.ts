/** The project's documentation as the doc tests read it: README.md, CONTRIBUTING.md and every page under docs/. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.js";

/** Every Markdown page under docs/, as a path from the project root with `/` between names. */
export function docsPages(): string[] {
  return readdirSync(join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name.split("\\").join("/")}`)
    .sort();
}

/** README.md, CONTRIBUTING.md, then the docs/ pages. */
export function allPages(): string[] {
  return ["README.md", "CONTRIBUTING.md", ...docsPages()];
}

export function readPage(page: string): string {
  return readFileSync(join(ROOT, page), "utf8");
}
