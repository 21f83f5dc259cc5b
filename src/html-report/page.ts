/**
 * The report page: one HTML file with its style and its charts (SVG) inline and no script, so that
 * it opens offline in any browser, makes no request, and prints. Each chart is followed by the
 * table of the data it draws.
 */
import { MAX_KINDS, OTHER_KINDS, type Summary } from "../core/tally.js";
import { binsChart, codesChart, daysChart, drawCharts, verdictChart, type Chart } from "./charts.js";
import {
  ABOVE_100,
  BELOW_0,
  MAX_COURSES,
  MAX_DAYS,
  MAX_ITEMS_IN_ALL,
  medianBin,
  MISSING,
  shortName,
  type CourseFacts,
  type ReportFacts,
  type Verdicts,
} from "./facts.js";

/** Rows a chart draws at most (the tables list as many, and say how many more). */
const CHART_ROWS = 25;
/** Rows a table lists at most. */
const TABLE_ROWS = 500;
/** Courses whose items are drawn one by one: those with the most records. */
const ITEM_COURSES = 3;
/** Inputs named at the page's top. */
const INPUTS_SHOWN = 10;
const BINS = [
  "0-10",
  "10-20",
  "20-30",
  "30-40",
  "40-50",
  "50-60",
  "60-70",
  "70-80",
  "80-90",
  "90-100",
  "> 100",
  "< 0",
  "missing",
];
const UNUSUAL = new Set(["> 100", "< 0", "missing"]);

export interface PageInput {
  facts: ReportFacts;
  summary: Summary;
  /** When the report was made (ISO 8601), and from what: shown at its top. */
  made: string;
  inputs: readonly string[];
}

export async function reportPage({ facts, summary, made, inputs }: PageInput): Promise<string> {
  // A chart of no rows would draw an empty frame (and Vega a legend from NaN to NaN): `none` says so instead.
  const sections: { title: string; chart?: Chart; none?: string; table: string; note?: string }[] = [];

  const files = [...facts.files].map(([name, v]) => ({ name, ...v }));
  // The chart's labels leave out the folder all files share: long paths would be cut to it alone.
  const shared = sharedFolder(files.map((f) => f.name));
  sections.push({
    title: "Events by file",
    ...(files.some((f) => f.valid + f.invalid + f.unrecognised > 0)
      ? {
          chart: verdictChart(
            "Events by file",
            `file (in ${shared || "."})`,
            verdictRows(files.slice(0, CHART_ROWS).map((f) => ({ ...f, name: f.name.slice(shared.length) }))),
          ),
        }
      : { none: "No event was read." }),
    table: table(
      ["file", "valid", "invalid", "unrecognised"],
      files.map((f) => [f.name, f.valid, f.invalid, f.unrecognised]),
    ),
    ...(files.length > CHART_ROWS && {
      note: `The chart draws the first ${CHART_ROWS} of ${files.length} files; the table lists ${Math.min(files.length, TABLE_ROWS)}.`,
    }),
  });

  const profiles = [...facts.profiles]
    .map(([name, v]) => ({ name, ...v }))
    .sort((a, b) => b.valid + b.invalid - (a.valid + a.invalid));
  // The events of kinds past the named (see MAX_KINDS) stand as one row, in their place by count.
  const kinds = Object.entries(summary.unrecognisedKinds)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, events]) =>
      kind === OTHER_KINDS
        ? ([`kinds past the first ${MAX_KINDS}, not named`, events] as const)
        : ([shortName(kind), events] as const),
    );
  sections.push({
    title: "Events by profile",
    ...(profiles.length > 0
      ? { chart: verdictChart("Events by profile", "profile", verdictRows(profiles)) }
      : { none: "No event was recognised by a profile." }),
    table:
      table(
        ["profile", "valid", "invalid"],
        profiles.map((p) => [p.name, p.valid, p.invalid]),
      ) + (kinds.length > 0 ? table(["unrecognised kind", "events"], kinds) : ""),
    note: "An invalid event counts under a profile when one recognised it; events that could not be read or that no profile recognises count under their file only.",
  });

  const codes = [...facts.codes]
    .map(([code, c]) => ({ code, ...c }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  if (codes.length > 0)
    sections.push({
      title: "Rule codes found most",
      chart: codesChart(codes.slice(0, CHART_ROWS).map(({ code, count }) => ({ code, count }))),
      table: table(
        ["rule code", "found", "first places (file:line)"],
        codes.map((c) => [c.code, c.count, c.examples.join(", ")]),
      ),
    });

  const days = everyDay(facts.days);
  sections.push({
    title: "Valid events per day",
    ...(days.length > 0 ? { chart: daysChart(days) } : { none: "No valid event has a readable event time." }),
    table: table(
      ["day (UTC)", "valid events"],
      [...facts.days].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    note:
      [
        facts.undated > 0 ? `${facts.undated} valid events have no event time that can be read.` : "",
        facts.daysOverflow > 0
          ? `${facts.daysOverflow} valid events fall on days past the first ${MAX_DAYS} days met, and are not drawn.`
          : "",
      ]
        .join(" ")
        .trim() || undefined,
  });

  const courses = [...facts.courses]
    .map(([name, c]) => ({ name, ...c }))
    .sort((a, b) => b.records - a.records || (a.name < b.name ? -1 : 1));
  if (courses.length > 0) {
    sections.push({
      title: "Scores by course",
      chart: binsChart(
        "Scores by course",
        "course",
        courses.slice(0, CHART_ROWS).flatMap((c) => binRows(c.name, c.bins)),
        BINS,
      ),
      table: courseTable(courses),
      note:
        [
          courses.length > CHART_ROWS
            ? `The chart draws the ${CHART_ROWS} courses with the most records, of ${courses.length}.`
            : "",
          facts.otherCourses > 0
            ? `${facts.otherCourses} records of courses past the first ${MAX_COURSES} met are not shown one by one.`
            : "",
        ]
          .join(" ")
          .trim() || undefined,
    });
    for (const course of courses.slice(0, ITEM_COURSES)) {
      const items = [...course.byItem]
        .map(([name, bins]) => ({ name, bins, records: bins.reduce((s, n) => s + n, 0) }))
        .sort((a, b) => b.records - a.records);
      sections.push({
        title: `Scores by item in ${course.name}`,
        ...(items.length > 0
          ? {
              chart: binsChart(
                `Scores by item in ${course.name}`,
                "item",
                items.slice(0, CHART_ROWS).flatMap((i) => coarseRows(i.name, [...i.bins])),
                BINS,
              ),
            }
          : {
              none: `No item of this course is followed one by one: the first ${MAX_ITEMS_IN_ALL} items met, in all courses, were.`,
            }),
        table: table(
          ["item", "records", ...BINS],
          items.map((i) => [i.name, i.records, ...i.bins]),
        ),
        ...(course.otherItems > 0 && {
          note: `${course.otherItems} records of items past the ${course.byItem.size} followed are not shown one by one.`,
        }),
      });
    }
  }

  const charts = sections.flatMap((s) => (s.chart ? [s.chart] : []));
  const svgs = await drawCharts(charts);
  let drawn = 0;
  const body = sections
    .map((s) => {
      const figure = s.chart
        ? `<figure role="img" aria-label="${escape(s.chart.description)}">${svgs[drawn++]}</figure>`
        : `<p>${escape(s.none ?? "")}</p>`;
      return `<section>\n<h2>${escape(s.title)}</h2>\n${figure}\n${s.note ? `<p class="note">${escape(s.note)}</p>\n` : ""}${s.table}</section>\n`;
    })
    .join("");
  return visibleControls(page(summary, made, inputs, body));
}

/**
 * Control characters a name could carry (U+0000-U+001F but tab and line ends, U+007F), in the tables
 * and in the drawings alike, shown as their pictures (U+2400-U+2421): HTML has no place for them,
 * and a NUL is dropped or replaced by a browser, so that two names would look one.
 */
function visibleControls(html: string): string {
  return html.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) =>
    String.fromCharCode(c === "\u007f" ? 0x2421 : 0x2400 + c.charCodeAt(0)),
  );
}

/** The folder (with its final slash) that every name starts with, or "". */
export function sharedFolder(names: readonly string[]): string {
  if (names.length === 0) return "";
  let prefix = names[0]!;
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf("/") + 1);
}

function verdictRows(
  rows: ({ name: string } & Verdicts)[],
): { name: string; verdict: string; events: number; order: number }[] {
  return rows.flatMap((r) => [
    { name: r.name, verdict: "valid", events: r.valid, order: 0 },
    { name: r.name, verdict: "invalid", events: r.invalid, order: 1 },
    { name: r.name, verdict: "unrecognised", events: r.unrecognised, order: 2 },
  ]);
}

/** The 1 % bins summed into the chart's: ten of 10 % (100 in the last), then above 100, below 0, missing. */
function coarse(bins: Uint32Array): number[] {
  const out = new Array<number>(BINS.length).fill(0);
  for (let p = 0; p <= 100; p++) out[Math.min(9, Math.floor(p / 10))]! += bins[p]!;
  out[10] = bins[ABOVE_100]!;
  out[11] = bins[BELOW_0]!;
  out[12] = bins[MISSING]!;
  return out;
}

function binRows(name: string, bins: Uint32Array) {
  return coarseRows(name, coarse(bins));
}

function coarseRows(name: string, bins: number[]) {
  return bins.map((records, i) => ({ name, bin: BINS[i]!, records, unusual: UNUSUAL.has(BINS[i]!) }));
}

function courseTable(courses: ({ name: string } & CourseFacts)[]): string {
  return table(
    ["course", "records", "learners", "items", "median score_percent", "missing scores"],
    courses.map((c) => {
      const median = medianBin(c.bins);
      const missing = c.bins[MISSING]!;
      return [
        c.name,
        c.records,
        `${c.learners.estimated ? "≈ " : ""}${c.learners.count}`,
        `${c.items.estimated ? "≈ " : ""}${c.items.count}`,
        median === undefined ? "" : median === ABOVE_100 ? "> 100 %" : median === BELOW_0 ? "< 0 %" : `${median} %`,
        `${((100 * missing) / c.records).toFixed(1)} %`,
      ];
    }),
  );
}

/** Every day from the first to the last (at most MAX_DAYS), with its count or 0. */
function everyDay(days: ReadonlyMap<string, number>): { day: string; events: number }[] {
  if (days.size === 0) return [];
  const sorted = [...days.keys()].sort();
  const first = Date.parse(`${sorted[0]}T00:00:00Z`);
  const last = Date.parse(`${sorted.at(-1)}T00:00:00Z`);
  const span = Math.round((last - first) / 86_400_000) + 1;
  if (span > MAX_DAYS) return sorted.map((day) => ({ day, events: days.get(day)! }));
  return Array.from({ length: span }, (_, i) => {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    return { day, events: days.get(day) ?? 0 };
  });
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const shown = rows.slice(0, TABLE_ROWS);
  const cell = (value: string | number) =>
    typeof value === "number" ? `<td class="n">${value}</td>` : `<td>${escape(value)}</td>`;
  const more =
    rows.length > shown.length ? `<p class="note">${rows.length - shown.length} more rows are not listed.</p>\n` : "";
  return `<div class="scroll"><table>\n<thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join("")}</tr></thead>\n<tbody>\n${shown.map((row) => `<tr>${row.map(cell).join("")}</tr>`).join("\n")}\n</tbody>\n</table></div>\n${more}`;
}

function page(summary: Summary, made: string, inputs: readonly string[], body: string): string {
  const totals = [
    ["files", summary.files],
    ["events", summary.events],
    ["valid", summary.valid],
    ["invalid", summary.invalid],
    ["unrecognised", summary.unrecognised],
    ["errors", summary.errors],
    ["warnings", summary.warnings],
  ] as const;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>gradeev report</title>
<style>
body { font-family: sans-serif; margin: 1.5rem; color: #212121; overflow-wrap: anywhere; } /* a long name in a heading or a path wraps */
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
figure { margin: 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #bdbdbd; padding: 0.2rem 0.5rem; text-align: left; overflow-wrap: anywhere; }
.scroll { max-width: 100%; overflow-x: auto; } th { overflow-wrap: normal; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
td, th, code, h2 { unicode-bidi: isolate; } /* a name's right-to-left override ends with the name */
.totals td { font-size: 1.1rem; } .note { color: #616161; font-size: 0.9rem; }
@media print { section { break-inside: avoid-page; } }
</style>
</head>
<body>
<h1>gradeev report</h1>
<p>Made ${escape(made)} from ${madeFrom(inputs)}.</p>
<table class="totals"><tbody>${totals.map(([name, value]) => `<tr><th scope="row">${name}</th><td class="n">${value}</td></tr>`).join("")}</tbody></table>
${body}</body>
</html>
`;
}

/** The first INPUTS_SHOWN inputs, and how many more: `nightly/*.ndjson` may name thousands, and the totals come first. */
function madeFrom(inputs: readonly string[]): string {
  const shown = inputs.slice(0, INPUTS_SHOWN).map((p) => `<code>${escape(p)}</code>`);
  return shown.join(", ") + (inputs.length > INPUTS_SHOWN ? ` and ${inputs.length - INPUTS_SHOWN} more` : "");
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
