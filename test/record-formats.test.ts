/**
 * The shortcuts of record formatting write the very bytes of the long way: CSV rows written
 * directly against csv-stringify's, the formula guard and surrogatesShown against their patterns,
 * JSON records against JSON.stringify. FUZZ_RUNS cases each (FUZZ_SEED to replay a failure).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { surrogatesRewritten, surrogatesShown } from "../src/shown.js";
import { RECORD_COLUMNS, recordColumns, type GradeRecord, type RecordColumn } from "../src/types.js";
import { csvRowFormatter } from "../src/write/csv-rows.js";
import { guardFormula, startsLikeFormula } from "../src/write/formula-guard.js";
import { recordJsonFormatter } from "../src/write/record-json.js";
import type { WriterOptions } from "../src/write/writers.js";

const runs = Number(process.env.FUZZ_RUNS ?? 100);
const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const settings = { numRuns: runs, ...seed };

/** What makes CSV quote, guard or show a cell otherwise, and what looks like it but does not. */
const PIECES = [
  ",",
  ";",
  "|",
  "\t",
  '"',
  "\r",
  "\n",
  "\r\n",
  "=",
  "+",
  "-",
  "@",
  "'",
  " ",
  "\u00A0",
  "\u200B",
  "\u0301",
  "\uFF1D",
  "\u2212",
];
const SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uD83D\uDE00", "\\", "\\uD800", "\\\\uDC00", "\\\uD800"];
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES, ...SURROGATES, "é", "e", "true", "x1"),
      fc.string({ unit: "binary", maxLength: 3 }),
    ),
    { maxLength: 5 },
  )
  .map((pieces) => pieces.join(""));
/** Mostly text a grade record holds (ids, URLs, titles), which no cell quotes. */
const plainText = fc.stringMatching(/^[A-Za-z0-9 ._:/?=&+@-]{0,16}$/);
const text = fc.oneof(
  { weight: 8, arbitrary: plainText },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
  { weight: 2, arbitrary: tricky },
  { weight: 1, arbitrary: fc.constantFrom(null, "") },
);
const decimal = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom("-0", "0.0", "-1.5", "12345678901234567890", "1e21", null),
);
const flag = fc.constantFrom(true, false, null);
const valueOf = { text, number: decimal, boolean: flag } as const;
const record = fc.record(
  Object.fromEntries(RECORD_COLUMNS.map((column) => [column, valueOf[recordColumns[column]]])),
) as unknown as fc.Arbitrary<GradeRecord>;
const records = fc.array(record, { minLength: 1, maxLength: 8 });
const someColumns = fc.shuffledSubarray(RECORD_COLUMNS as RecordColumn[], { minLength: 1 });

describe("CSV rows written directly are csv-stringify's bytes", () => {
  // A letter is a delimiter too (below), but one in "true" and "false" leaves few rows unquoted.
  const delimiters = [undefined, ",", ";", "|", "\t", " ", "'", ":"];
  const combinations = delimiters.flatMap((delimiter) =>
    [false, true].flatMap((crlf) =>
      [true, false].flatMap((formulaGuard) =>
        (["all", "chosen"] as const).map((columns) => ({ delimiter, crlf, formulaGuard, columns })),
      ),
    ),
  );

  it.each(combinations)(
    "delimiter $delimiter, crlf $crlf, formula guard $formulaGuard, $columns columns",
    ({ delimiter, crlf, formulaGuard, columns }) => {
      let plainRows = 0;
      let quotedRows = 0;
      fc.assert(
        fc.property(records, someColumns, (batch, chosen) => {
          const options: WriterOptions = {
            delimiter,
            crlf,
            formulaGuard,
            ...(columns === "chosen" && { columns: chosen }),
          };
          const order = options.columns ?? RECORD_COLUMNS;
          const viaStringify = csvRowFormatter(options, order, false);
          expect(csvRowFormatter(options, order)(batch)).toBe(viaStringify(batch));
          for (const one of batch) viaStringify([one]).includes('"') ? quotedRows++ : plainRows++;
        }),
        settings,
      );
      // Both ways were taken: rows written directly and rows csv-stringify quoted.
      expect(plainRows).toBeGreaterThan(0);
      expect(quotedRows).toBeGreaterThan(0);
    },
  );

  // Found by the property below: a boolean written as text holds the delimiter `e` or `t` too.
  it.each(["e", "t", "a", "s"])(
    "a boolean cell that holds the delimiter %j is quoted as csv-stringify quotes it",
    (delimiter) => {
      const record = {
        ...Object.fromEntries(RECORD_COLUMNS.map((column) => [column, null])),
        course: "c1",
        success: true,
        is_final: false,
      } as unknown as GradeRecord;
      const options: WriterOptions = { delimiter };
      expect(csvRowFormatter(options, RECORD_COLUMNS)([record])).toBe(
        csvRowFormatter(options, RECORD_COLUMNS, false)([record]),
      );
    },
  );

  // The texts gradeev writes itself (times, signs, points, booleans, the guard's apostrophe) hold
  // many a delimiter; rows of line breaks sit beside plain ones, in either row ending.
  it("every delimiter up to U+00FF, and surrogates, on the texts gradeev writes itself", () => {
    const row = (cells: Partial<GradeRecord>): GradeRecord =>
      ({ ...Object.fromEntries(RECORD_COLUMNS.map((column) => [column, null])), ...cells }) as GradeRecord;
    const plain = row({
      course: "=SUM(1)",
      user: "x y\tz",
      score: "-1.5",
      score_percent: "87.5",
      success: true,
      is_final: false,
      event_time: "2024-01-01T10:00:00.000Z",
      action: "Graded",
      source: "caliper",
      profile: "caliper-grade-event",
    });
    const batches = [
      [plain, plain],
      [plain, row({ course: "a\rb", success: false }), plain],
      [row({ user: "a\nb" }), plain, row({ user: "a\r\nb" })],
    ];
    const delimiters = [...Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)), "\uD800", "\uDC00"];
    for (const delimiter of delimiters.filter((one) => !/["\r\n]/.test(one)))
      for (const columns of [RECORD_COLUMNS, ["event_time", "success", "score", "course"] as RecordColumn[]])
        for (const crlf of [false, true])
          for (const formulaGuard of [true, false]) {
            const options: WriterOptions = { delimiter, crlf, formulaGuard, columns };
            for (const batch of batches)
              expect(csvRowFormatter(options, columns)(batch), JSON.stringify(options)).toBe(
                csvRowFormatter(options, columns, false)(batch),
              );
          }
  });

  it("any one-character delimiter, and delimiters csv-stringify alone writes", () => {
    const delimiter = fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      fc.constantFrom("e", "::", "", "\uD83D\uDE00"),
    );
    fc.assert(
      fc.property(records, delimiter, fc.boolean(), fc.boolean(), (batch, delimiter, crlf, formulaGuard) => {
        fc.pre(!/["\r\n]/.test(delimiter) || delimiter.length !== 1);
        const options: WriterOptions = { delimiter, crlf, formulaGuard };
        expect(csvRowFormatter(options, RECORD_COLUMNS)(batch)).toBe(
          csvRowFormatter(options, RECORD_COLUMNS, false)(batch),
        );
      }),
      settings,
    );
  });
});

describe("shortcuts that answer 'nothing to do'", () => {
  /** Signs after what a spreadsheet skips, and what is neither. */
  const formulaLike = fc
    .tuple(
      fc.array(fc.constantFrom(" ", "\t", "\u00A0", "\u200B", "\uFEFF", "\u0301", "\u3164", "\u0000"), {
        maxLength: 3,
      }),
      fc.constantFrom(...PIECES, "a", "1", "'"),
      plainText,
    )
    .map(([before, sign, after]) => before.join("") + sign + after);
  const anyText = fc.oneof(
    text.map((t) => t ?? ""),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.tuple(tricky, plainText).map(([a, b]) => a + b),
    formulaLike,
  );

  it("guardFormula guards exactly the texts its rule guards", () => {
    fc.assert(
      fc.property(anyText, (cell) => {
        expect(guardFormula(cell)).toBe(startsLikeFormula(cell) ? `'${cell}` : cell);
      }),
      settings,
    );
  });

  it("surrogatesShown writes what its pattern writes", () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(surrogatesShown(value)).toBe(surrogatesRewritten(value));
      }),
      settings,
    );
  });

  it("a JSON record is what JSON.stringify writes for each key and value", () => {
    // The writer as it was before its shortcuts.
    const reference = (one: GradeRecord, columns: readonly RecordColumn[]) =>
      `{${columns
        .map((column) => {
          const value = one[column];
          const json =
            value === null || value === undefined
              ? "null"
              : recordColumns[column] === "number"
                ? String(value)
                : JSON.stringify(typeof value === "string" ? surrogatesRewritten(value) : value);
          return `${JSON.stringify(column)}:${json}`;
        })
        .join(",")}}`;
    fc.assert(
      fc.property(
        record,
        fc.oneof(fc.constant(RECORD_COLUMNS as RecordColumn[]), fc.shuffledSubarray(RECORD_COLUMNS as RecordColumn[])),
        (one, columns) => {
          expect(recordJsonFormatter(columns)(one)).toBe(reference(one, columns));
        },
      ),
      settings,
    );
  });
});
