/**
 * The HTML report in a real browser: headless Chromium (Debian's, or $CHROMIUM), driven by
 * playwright-core, which downloads no browser. `.ci/run` installs chromium when it is missing; a
 * machine without one fails here, with a line saying so, rather than skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptySummary } from "../src/core/tally.js";
import { ReportFacts, shortName } from "../src/html-report/facts.js";
import { reportPage } from "../src/html-report/page.js";
import { emptyBatch } from "../src/run/batch.js";
import { runCli, scratchFolder } from "./helpers.js";

const folder = scratchFolder("html-report-browser");
const page = join(folder, "report.html");

function chromiumPath(): string {
  const named = process.env.CHROMIUM;
  if (named) return named;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"])
    if (existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("no Chromium: install Debian's chromium (.ci/run does) or set $CHROMIUM to a Chromium binary");
  }
}

let browser: Browser;
beforeAll(async () => {
  const result = await runCli(["report", "samples/", "-o", page]);
  expect(result.code).toBe(1);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
}, 120_000);
afterAll(async () => browser?.close());

describe("the report of the samples, in Chromium", () => {
  it("opens with no console error and no request leaving the page; every chart has drawn marks, axes and its table", async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("request", (request) => requests.push(request.url()));
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(page).href]); // the page itself, nothing else
    const sections = await tab.$$eval("section", (all) =>
      all.map((section) => ({
        title: section.querySelector("h2")?.textContent ?? "",
        marks: section.querySelectorAll("svg .mark-rect path, svg .mark-symbol path").length,
        axes: section.querySelectorAll('svg [aria-roledescription="axis"]').length,
        drawn: section.querySelector("svg")?.getBoundingClientRect().width ?? 0,
        rows: section.querySelectorAll("table tbody tr").length,
      })),
    );
    expect(sections.length).toBeGreaterThanOrEqual(7);
    for (const section of sections) {
      expect(section.marks, section.title).toBeGreaterThan(0);
      expect(section.axes, section.title).toBe(2);
      expect(section.drawn, section.title).toBeGreaterThan(200);
      expect(section.rows, section.title).toBeGreaterThan(0);
    }
    await tab.close();
  }, 60_000);

  it.each([
    ["desktop", 1280, 800],
    ["phone", 390, 844],
  ])(
    "draws something at a %s's width: its screenshot is far from a blank one",
    async (name, width, height) => {
      const tab = await browser.newPage({ viewport: { width, height } });
      await tab.setContent("<!doctype html><html><body></body></html>");
      const blank = await tab.screenshot({ fullPage: true });
      await tab.goto(pathToFileURL(page).href);
      const shot = await tab.screenshot({ fullPage: true, path: join(folder, `report-${name}.png`) });
      // A page of charts and tables compresses far less than an empty one of the same width.
      expect(shot.length).toBeGreaterThan(20 * blank.length);
      // An expression, run in the page: the tests compile without the DOM's types.
      const overflow = (await tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
      expect(overflow, "the page scrolls sideways as a whole").toBeLessThanOrEqual(0);
      await tab.close();
    },
    60_000,
  );

  it("a page of hostile names (markup, </svg>, controls, a right-to-left override, 100 KB ids) runs nothing and fits a phone", async () => {
    const names = [
      "</svg><script>alert(1)</script>",
      "<img src=x onerror=alert(2)>",
      "__proto__",
      "a\u0000b\u0001",
      "\u202eevil.exe",
      `https://x.example/${"long".repeat(25_000)}`,
    ];
    const facts = new ReportFacts();
    const batch = emptyBatch();
    batch.file = names[0];
    batch.counts.valid = names.length;
    batch.records = names.map((name) => ({
      course: name,
      user: "u",
      item: name,
      score_percent: 50,
      event_time: "2024-05-02T00:00:00Z",
      profile: "xapi-score",
    })) as never;
    facts.add(batch);
    const hostile = join(folder, "hostile.html");
    writeFileSync(
      hostile,
      await reportPage({ facts, summary: emptySummary(), made: "now", inputs: names.map(shortName) }),
    );
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("dialog", (dialog) => errors.push(`dialog ${dialog.message()}`));
    tab.on("request", (request) => requests.push(request.url()));
    await tab.goto(pathToFileURL(hostile).href, { waitUntil: "load" });
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(hostile).href]);
    expect(await tab.evaluate("document.querySelectorAll('script, img, iframe').length")).toBe(0);
    expect(await tab.evaluate("document.querySelectorAll('svg').length")).toBe(7); // files, profiles, days, courses, the items of 3 courses
    const overflow = (await tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
    expect(overflow, "the page scrolls sideways as a whole").toBeLessThanOrEqual(0);
    await tab.close();
  }, 60_000);
});
