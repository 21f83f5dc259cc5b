/**
 * The HTML report in a real browser: headless Chromium (Debian's, or $CHROMIUM), driven by
 * playwright-core, which downloads no browser. `.ci/run` installs chromium when it is missing; a
 * machine without one fails here, with a line saying so, rather than skip.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, scratchFolder } from "./helpers.js";

const folder = scratchFolder("html-report-browser");
const page = join(folder, "report.html");

function chromiumPath(): string {
  const named = process.env.CHROMIUM;
  if (named) return named;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(candidate)) return candidate;
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
  ])("draws something at a %s's width: its screenshot is far from a blank one", async (name, width, height) => {
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
  }, 60_000);
});
