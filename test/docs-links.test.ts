/**
 * Every page under docs/ can be reached from README.md, and every relative link of README.md,
 * CONTRIBUTING.md and docs/** leads somewhere: to a file or folder that exists and, for a `#anchor`,
 * to a heading of that page, named as GitHub names it.
 */
import { existsSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { allPages, docsPages, readPage } from "./docs-pages.js";
import { ROOT } from "./helpers.js";

/** The text outside fenced code blocks and inline code, where Markdown reads links and headings. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split("\n").flatMap((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [line.replace(/`[^`]*`/g, (code) => code.slice(1, -1).replace(/[[\]()]/g, ""))];
  });
}

/**
 * GitHub's anchor for a heading: its text lower-cased, links reduced to their text, every character
 * but letters, digits, `_`, `-` and spaces dropped, each space a hyphen; a repeated anchor gets -1, -2….
 */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Link {
  page: string;
  target: string;
}

function links(page: string): Link[] {
  return prose(readPage(page)).flatMap((line) =>
    [...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({ page, target: m[1]! })),
  );
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** The page (from the project root) and anchor a relative link leads to. */
function resolve({ page, target }: Link): { path: string; anchor?: string } {
  const [file, anchor] = target.split("#", 2) as [string, string | undefined];
  const path =
    file === ""
      ? page
      : normalize(join(dirname(page), decodeURIComponent(file)))
          .split("\\")
          .join("/");
  return anchor === undefined ? { path } : { path, anchor: decodeURIComponent(anchor) };
}

describe("the documentation's links", () => {
  it("reaches every page under docs/ from README.md", () => {
    const reached = new Set<string>(["README.md"]);
    const queue = ["README.md"];
    while (queue.length > 0) {
      const page = queue.shift()!;
      for (const link of links(page).filter((l) => isRelative(l.target))) {
        const { path } = resolve(link);
        if (path.endsWith(".md") && existsSync(join(ROOT, path)) && !reached.has(path)) {
          reached.add(path);
          queue.push(path);
        }
      }
    }
    expect(docsPages().filter((page) => !reached.has(page))).toEqual([]);
  });

  const relativeLinks = allPages().flatMap((page) => links(page).filter((l) => isRelative(l.target)));

  it("finds the links it checks", () => {
    expect(relativeLinks.filter((l) => l.page === "README.md").length).toBeGreaterThan(10);
    expect(relativeLinks.some((l) => l.target.includes("#"))).toBe(true);
  });

  it("leads every relative link to a file or folder that exists, and every #anchor to a heading of its page", () => {
    const broken = relativeLinks.flatMap((link) => {
      const { path, anchor } = resolve(link);
      if (!existsSync(join(ROOT, path))) return [`${link.page}: ${link.target} (no ${path})`];
      if (anchor !== undefined && !(path.endsWith(".md") && headingAnchors(readPage(path)).has(anchor)))
        return [`${link.page}: ${link.target} (no heading #${anchor} in ${path})`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it("names anchors as GitHub does", () => {
    const anchors = headingAnchors(
      "# Repeats: `--dedupe` and `--latest`\n## Safety: what gradeev guarantees\n```\n# not a heading\n```\n## Notes\n## Notes\n### [Linked](x.md) café_1\n",
    );
    expect([...anchors]).toEqual([
      "repeats---dedupe-and---latest",
      "safety-what-gradeev-guarantees",
      "notes",
      "notes-1",
      "linked-café_1",
    ]);
  });
});
