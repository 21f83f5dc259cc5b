/**
 * The report's charts as Vega-Lite specifications, drawn to SVG by Vega's headless renderer when
 * the report is written: the page holds the drawings, not a script, so it opens offline in any
 * browser and prints. Vega and Vega-Lite are loaded only by `gradeev report`.
 */
export interface Chart {
  title: string;
  /** What the chart shows, for a screen reader: the SVG's aria description. */
  description: string;
  spec: Record<string, unknown>;
}

const WIDTH = 640;
const DAY_MS = 86_400_000;
const VERDICT_COLOURS = { domain: ["valid", "invalid", "unrecognised"], range: ["#2e7d32", "#c62828", "#9e9e9e"] };

/** Rows of (name, verdict, events): a bar per name, its verdicts stacked. */
export function verdictChart(
  title: string,
  axis: string,
  rows: { name: string; verdict: string; events: number }[],
): Chart {
  return {
    title,
    description: `${title}: events by verdict (valid, invalid, unrecognised) for each ${axis}.`,
    spec: {
      width: WIDTH,
      data: { values: rows },
      mark: { type: "bar", tooltip: true },
      encoding: {
        y: { field: "name", type: "nominal", title: axis, sort: null, axis: { labelLimit: 260 } },
        x: { field: "events", type: "quantitative", title: "events", stack: "zero" },
        color: { field: "verdict", type: "nominal", title: "verdict", scale: VERDICT_COLOURS },
        order: { field: "order", type: "quantitative" },
      },
    },
  };
}

export function codesChart(rows: { code: string; count: number }[]): Chart {
  return {
    title: "Rule codes found most",
    description: "The rule codes found most often, with how many times each was found.",
    spec: {
      width: WIDTH,
      data: { values: rows },
      mark: { type: "bar", tooltip: true, color: "#6a1b9a" },
      encoding: {
        y: { field: "code", type: "nominal", title: "rule code", sort: null, axis: { labelLimit: 260 } },
        x: { field: "count", type: "quantitative", title: "diagnostics" },
      },
    },
  };
}

/**
 * One bar per day from the first to the last, days without events at 0: a missing export is a gap.
 * Each bar spans its day in milliseconds (x to x2), not a day string under Vega's UTC time unit,
 * which reads the years 0 to 99 as 1900 to 1999 and draws them as NaN.
 */
export function daysChart(days: { day: string; events: number }[]): Chart {
  const rows = days.map(({ day, events }) => {
    const start = Date.parse(`${day}T00:00:00Z`);
    return { start, end: start + DAY_MS, events, label: `day (UTC): ${day}; valid events: ${events}` };
  });
  // The days drawn, first to last: past MAX_DAYS the rows are the days with events only.
  const spanDays = rows.length === 0 ? 0 : (rows.at(-1)!.start - rows[0]!.start) / DAY_MS + 1;
  return {
    title: "Valid events per day",
    description:
      "Valid events per day of their event time (UTC), every day from the first to the last, so that a day without events shows as a gap.",
    spec: {
      width: WIDTH,
      height: 200,
      data: { values: rows },
      // Vertical: a bar given x and x2 is otherwise drawn on its side. Past a day a pixel, outlined: a lone day would be 0.03 px wide.
      mark: {
        type: "bar",
        orient: "vertical",
        color: "#1565c0",
        ...(spanDays > WIDTH && { stroke: "#1565c0", strokeWidth: 1 }),
      },
      encoding: {
        // At most 8 ticks, and never fewer days apart than there are days: no tick at noon.
        x: {
          field: "start",
          type: "temporal",
          title: "day (UTC)",
          scale: { type: "utc" },
          axis: { format: "%Y-%m-%d", tickCount: Math.min(8, rows.length), labelOverlap: true },
        },
        x2: { field: "end" },
        y: { field: "events", type: "quantitative", title: "valid events" },
        description: { field: "label" },
      },
    },
  };
}

/**
 * A heat map of records by score bin (columns) for each row (course or item): the bins of 10 %
 * in blues, scores above 100 %, below 0 and missing in oranges, so that they stand out.
 */
export function binsChart(
  title: string,
  axis: string,
  rows: { name: string; bin: string; records: number; unusual: boolean }[],
  bins: readonly string[],
): Chart {
  const x = { field: "bin", type: "ordinal", title: "score_percent", sort: bins, scale: { domain: bins } };
  const y = { field: "name", type: "nominal", title: axis, sort: null, axis: { labelLimit: 260 } };
  const drawn = rows.filter((row) => row.records > 0);
  return {
    title,
    description: `${title}: records in each score_percent bin of 10 %, and those above 100 %, below 0 or without a percentage (marked in orange).`,
    spec: {
      width: WIDTH,
      data: { values: drawn },
      // A layer of no rows would draw its legend from NaN to NaN: only the layers with rows.
      layer: [
        {
          transform: [{ filter: "!datum.unusual" }],
          mark: { type: "rect", tooltip: true },
          encoding: {
            x,
            y,
            color: { field: "records", type: "quantitative", title: "records", scale: { scheme: "blues" } },
          },
        },
        {
          transform: [{ filter: "datum.unusual" }],
          mark: { type: "rect", tooltip: true },
          encoding: {
            x,
            y,
            color: {
              field: "records",
              type: "quantitative",
              title: "records above 100 %, below 0, missing",
              scale: { scheme: "oranges" },
            },
          },
        },
      ].filter((_, i) => drawn.some((row) => row.unusual === (i === 1))),
      resolve: { scale: { color: "independent" } },
    },
  };
}

/** Draws the charts to SVG, in order. */
export async function drawCharts(charts: readonly Chart[]): Promise<string[]> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const svgs: string[] = [];
  for (const chart of charts) {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      description: chart.description,
      config: { font: "sans-serif" },
      ...chart.spec,
    };
    const view = new vega.View(vega.parse(vegaLite.compile(spec as never).spec), { renderer: "none" });
    svgs.push(await view.toSVG());
    view.finalize();
  }
  return svgs;
}
