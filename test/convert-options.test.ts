/** convert's options, from the built binary, on real and hand-made inputs. */
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { pseudonymizer } from "../src/write/pseudonymize.js";
import { createRecordWriter, RECORD_COLUMNS, type GradeRecord } from "../src/index.js";
import { guardFormula } from "../src/write/formula-guard.js";
import { GroupedJson } from "../src/write/grouped-json.js";
import { BIN, recordsAs, ROOT, runCli, scratchFolder } from "./helpers.js";

const F = "test/fixtures/options";
const NIGHTLY = [`${F}/nightly-1.ndjson`, `${F}/nightly-2.ndjson`];
const scratch = () => scratchFolder("options");
const rows = (csv: string) => parse(csv, { columns: true, relax_column_count: false }) as Record<string, string>[];

describe("nothing lost", () => {
  it("--rejects writes every event not converted, verbatim, with why; the summary adds up", async () => {
    const out = join(scratch(), "rejects.ndjson");
    const result = await runCli([
      "convert",
      "samples/invalid/input/json-syntax--one-bad-ndjson-line.ndjson",
      "samples/invalid/bb-calculated-grade/no-course.json",
      "--rejects",
      out,
    ]);
    expect(result.code).toBe(1);
    const lines = readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.reason, l.file, l.line])).toEqual([
      ["unparsable", "samples/invalid/input/json-syntax--one-bad-ndjson-line.ndjson", 2],
      ["invalid", "samples/invalid/bb-calculated-grade/no-course.json", 6],
    ]);
    expect(lines[0]!.text).toMatch(/^\{"id":"0b8a3f52/);
    expect(lines[1]).toMatchObject({ pointer: "/data/0", diagnostics: [{ code: "NO_COURSE" }] });
    const original = JSON.parse(readFileSync("samples/invalid/bb-calculated-grade/no-course.json", "utf8")) as {
      data: unknown[];
    };
    expect(lines[1]!.event).toEqual(original.data[0]);
    expect(result.stderr).toMatch(/^4 read = 2 written \+ 2 rejected \+ 0 unrecognised$/m);
    expect(result.stderr).toMatch(/^2 rejected events written to /m);
  });

  it("--rejects keeps numbers' digits and can include unrecognised events", async () => {
    const out = join(scratch(), "rejects.ndjson");
    await runCli([
      "convert",
      "samples/unrecognised/caliperspec-v1p2-sessionevent-loggedin.json",
      "--rejects",
      out,
      "--rejects-unrecognised",
    ]);
    const [line] = readFileSync(out, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { reason: string });
    expect(line!.reason).toBe("unrecognised");
  });

  it("--dedupe drops repeated events and statements voided in the same input", async () => {
    const repeated = await runCli(["convert", ...NIGHTLY, "--dedupe", "--columns", "user,score"]);
    expect(rows(repeated.stdout).map((r) => [r.user, r.score])).toEqual([
      ["s1001", "87.5"],
      ["s1002", "0"],
      ["s1001", "95.0"],
      ["s1002", "5"],
    ]);
    expect(repeated.stderr).toMatch(
      /5 read = 4 written \+ 1 rejected \+ 0 unrecognised \(rejected: 0 invalid, 1 duplicate, 0 conflicting, 0 voided, 0 superseded\)/,
    );
    const voided = await runCli(["convert", `${F}/xapi-with-voided.ndjson`, "--dedupe", "--columns", "user"]);
    expect(rows(voided.stdout).map((r) => r.user)).toEqual(["u2"]);
    expect(voided.stderr).toMatch(/1 voided/);
  });

  it("--latest keeps the newest record per course, user and item: by event time, then by version", async () => {
    const result = await runCli(["convert", ...NIGHTLY, "--latest", "--columns", "user,item,score,grade_version"]);
    expect(rows(result.stdout)).toEqual([
      { user: "s1001", item: "_5001_1", score: "95.0", grade_version: "900101" },
      { user: "s1002", item: "_5001_1", score: "5", grade_version: "900102" },
    ]);
    expect(result.stderr).toMatch(/2 superseded/);
  });
});

describe("repeats, found in review", () => {
  it("--latest keeps the newest record that is not voided; ids compare as UUIDs, whatever their case", async () => {
    const result = await runCli(["convert", `${F}/latest-voided.ndjson`, "--latest", "--columns", "user,score"]);
    expect(rows(result.stdout)).toEqual([{ user: "learner-1", score: "10" }]);
    expect(result.stderr).toMatch(/\(rejected: 0 invalid, 1 duplicate, 0 conflicting, 1 voided, 0 superseded\)/);
  });
});

describe("output people open", () => {
  it("--columns chooses and orders; an unknown name is a usage error listing the valid ones", async () => {
    const chosen = await runCli(["convert", NIGHTLY[0]!, "--columns", "score,user"]);
    expect(chosen.stdout.split("\n")[0]).toBe("score,user");
    const wrong = await runCli(["convert", NIGHTLY[0]!, "--columns", "user,grade"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`gradeev: unknown column grade; the columns are ${RECORD_COLUMNS.join(", ")}\n`);
  });

  it("--columns naming a column twice is a usage error: a JSON object must not hold a key twice", async () => {
    for (const to of ["csv", "json", "ndjson"]) {
      const result = await runCli(["convert", NIGHTLY[0]!, "--to", to, "--columns", "user,score, user"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("gradeev: --columns names user twice; name each column once\n");
    }
    // The library refuses it too, whichever writer is asked for.
    expect(() => createRecordWriter("ndjson", new PassThrough(), { columns: ["user", "score", "user"] })).toThrow(
      /names user twice/,
    );
  });

  it("quotes a cell with a line break whatever the row ending (found in review)", async () => {
    for (const crlf of [[], ["--crlf"]]) {
      const result = await runCli([
        "convert",
        `${F}/hostile-csv.ndjson`,
        "--columns",
        "user,score",
        "--no-formula-guard",
        ...crlf,
      ]);
      const parsed = rows(result.stdout);
      expect(parsed).toHaveLength(5);
    }
    const text = (await runCli(["convert", `${F}/multiline-name.ndjson`, "--columns", "user,score", "--crlf"])).stdout;
    expect(text).toBe('user,score\r\n"a\nb",42\r\n"c\rd",43\r\n');
  });

  it("--delimiter that would make CSV unreadable is a usage error", async () => {
    for (const bad of ['"', "\n", "\r"])
      expect((await runCli(["convert", NIGHTLY[0]!, "--delimiter", bad])).code).toBe(2);
  });

  it("--delimiter, --no-header, --bom and --crlf", async () => {
    const result = await runCli([
      "convert",
      NIGHTLY[0]!,
      "--columns",
      "user,score",
      "--delimiter",
      ";",
      "--no-header",
      "--bom",
      "--crlf",
    ]);
    expect(result.stdout).toBe("\ufeffs1001;87.5\r\ns1002;0\r\n");
  });

  it("neutralises formulas in text cells but writes negative numbers untouched", async () => {
    const result = await runCli(["convert", `${F}/hostile-csv.ndjson`, "--columns", "user,score,score_scaled"]);
    const parsed = rows(result.stdout);
    expect(parsed.map((r) => r.user)).toEqual([
      '\'=HYPERLINK("http://evil.example/","click")',
      "'+SUM(1,2)",
      "'@cmd",
      "'-learner",
      "'\tTAB",
    ]);
    expect(parsed.map((r) => r.score)).toEqual(["-2", "5", "6", "1", "2"]);
    expect(parsed.map((r) => r.score_scaled)).toEqual(["-0.2", "0.5", "-1", "0.1", "0.2"]);
    const off = await runCli(["convert", `${F}/hostile-csv.ndjson`, "--columns", "user", "--no-formula-guard"]);
    expect(rows(off.stdout)[0]!.user).toBe('=HYPERLINK("http://evil.example/","click")');
  });

  it("--pseudonymize hashes people with the key from the environment, stably", async () => {
    const env = { GRADEEV_PSEUDONYM_KEY: "research-2024-key-one" };
    const first = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize", "--columns", "user,user_ref,actor,course"], {
      env,
    });
    const second = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize", "--columns", "user,user_ref,actor,course"], {
      env,
    });
    expect(first.stdout).toBe(second.stdout);
    const [row] = rows(first.stdout);
    expect(row!.user).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.user_ref).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.course).toBe("MATH-201.2024S");
    const otherKey = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize", "--columns", "user"], {
      env: { GRADEEV_PSEUDONYM_KEY: "another-key-of-16-bytes" },
    });
    expect(rows(otherKey.stdout)[0]!.user).not.toBe(row!.user);
    const noKey = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize"], {
      env: { GRADEEV_PSEUDONYM_KEY: undefined },
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/GRADEEV_PSEUDONYM_KEY/);
  });

  it("--pseudonymize leaves no column that names a person: learner ids inside item_ref and event ids go too", async () => {
    const env = { GRADEEV_PSEUDONYM_KEY: "research-2024-key-one" };
    const inputs = [
      "samples/valid/caliper-grade-event/caliperspec-v1p1-gradeevent-graded.json",
      "samples/valid/caliper-outcome-event/moodle-recipe-v1p0-assignment-graded.json",
    ];
    const plain = rows((await runCli(["convert", ...inputs])).stdout);
    expect(plain.map((r) => r.item_ref)).toEqual([
      "https://example.edu/terms/201601/courses/7/sections/1/assess/1/users/554433/attempts/1",
      "https://moodle.example.edu/mod/assign/view.php?id=42/user/7/attempt/3",
    ]);
    const result = await runCli(["convert", ...inputs, "--pseudonymize"], { env });
    expect(result.code).toBe(0);
    const hashed = rows(result.stdout);
    for (const [k, row] of hashed.entries()) {
      for (const column of ["user", "user_ref", "actor", "actor_ref", "item_ref", "event_id"]) {
        if (plain[k]![column] === "") expect(row[column]).toBe("");
        else expect(row[column], column).toMatch(/^[0-9a-f]{64}$/);
      }
      // What names the course and the item, not a person, stays as it was, for research to group by.
      for (const column of ["course", "course_ref", "item", "score"]) expect(row[column]).toBe(plain[k]![column]);
    }
    expect(result.stdout).not.toMatch(/554433|\/user\/(7|101)\b|a50ca17f/);
  });

  it("--pseudonymize refuses a key shorter than 16 bytes: exit 2, one line, nothing written", async () => {
    for (const key of [" ", "research-2024", "é".repeat(7) + "x"]) {
      const result = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize"], { env: { GRADEEV_PSEUDONYM_KEY: key } });
      expect(result.code, JSON.stringify(key)).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(
        /^gradeev: GRADEEV_PSEUDONYM_KEY is \d+ bytes? long; --pseudonymize needs a secret key of at least 16 bytes[^\n]*\n$/,
      );
    }
    const sixteen = await runCli(["convert", NIGHTLY[0]!, "--pseudonymize", "--columns", "user"], {
      env: { GRADEEV_PSEUDONYM_KEY: "é".repeat(8) },
    });
    expect(sixteen.code).toBe(0);
  });

  it("--pseudonymize refuses a key of bytes that are not UTF-8 text: the environment carries them as U+FFFD, and keys of 32 random bytes would all be one", () => {
    // Raw bytes reach the environment only through a shell: Node writes its env strings as UTF-8.
    const run = (bytes: string) =>
      spawnSync(
        "sh",
        [
          "-c",
          `GRADEEV_PSEUDONYM_KEY="$(printf '${bytes}')" exec "$0" "$1" convert "$2" --pseudonymize --columns user`,
          process.execPath,
          BIN,
          NIGHTLY[0]!,
        ],
        {
          encoding: "utf8",
          cwd: ROOT,
        },
      );
    for (const bytes of ["\\377\\376\\375\\374\\373\\372\\371\\370\\367\\366", "abcdefghijklmnop\\200"]) {
      const result = run(bytes);
      expect(result.status, bytes).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^gradeev: GRADEEV_PSEUDONYM_KEY is not UTF-8 text[^\n]*\n$/);
    }
    expect(run("abcdefghijklmnop").status).toBe(0);
  });

  it("--group-by course nests records by course then user (and user by user then course)", async () => {
    const byCourse = await runCli([
      "convert",
      NIGHTLY[0]!,
      "--to",
      "json",
      "--group-by",
      "course",
      "--columns",
      "score",
    ]);
    expect(JSON.parse(byCourse.stdout)).toEqual({
      "MATH-201.2024S": { s1001: [{ score: 87.5 }], s1002: [{ score: 0 }] },
    });
    const byUser = await runCli(["convert", NIGHTLY[0]!, "--to", "json", "--group-by", "user", "--columns", "score"]);
    expect(JSON.parse(byUser.stdout)).toEqual({
      s1001: { "MATH-201.2024S": [{ score: 87.5 }] },
      s1002: { "MATH-201.2024S": [{ score: 0 }] },
    });
    const wrongFormat = await runCli(["convert", NIGHTLY[0]!, "--group-by", "course"]);
    expect(wrongFormat.code).toBe(2);
  });

  it("--group-by writes its document a piece at a time, none with more than one record: never one string of all records", () => {
    const base = Object.fromEntries(RECORD_COLUMNS.map((c) => [c, null])) as unknown as GradeRecord;
    const rows: [string | null, string | null, string][] = [
      ["C1", "u1", "1"],
      ["C2", "u1", "2"],
      ["C1", "u2", "3"],
      ["C1", "u1", "4"],
      [null, "u3", "5"],
    ];
    const grouped = new GroupedJson("course", ["user", "score"]);
    for (const [course, user, score] of rows)
      grouped.add({ ...base, source: "xapi", profile: "xapi-scored", course, user, score });
    const pieces = [...grouped.pieces()];
    // The bytes the document had when it was built as one string.
    expect(pieces.join("")).toBe(
      '{\n  "C1": {\n    "u1": [\n      {"user":"u1","score":1},\n      {"user":"u1","score":4}\n    ],\n    "u2": [\n      {"user":"u2","score":3}\n    ]\n  },\n' +
        '  "C2": {\n    "u1": [\n      {"user":"u1","score":2}\n    ]\n  },\n  "": {\n    "u3": [\n      {"user":"u3","score":5}\n    ]\n  }\n}\n',
    );
    for (const piece of pieces) expect(piece.match(/"score"/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect([...new GroupedJson("user").pieces()].join("")).toBe("{}\n");
  });

  it("--rejects-unrecognised without --rejects is a usage error, not ignored", async () => {
    const result = await runCli(["convert", NIGHTLY[0]!, "--rejects-unrecognised"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gradeev: --rejects-unrecognised needs --rejects FILE\n");
    expect(result.stdout).toBe("");
  });
});

describe("reporting options", () => {
  it("--quiet prints the summary only and says how many diagnostics it held back", async () => {
    const result = await runCli(["validate", "samples/invalid/brightspace-grade", "--quiet"]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/error /);
    expect(result.stdout).toMatch(/^\d+ more diagnostics not shown/m);
  });

  it("--max-diagnostics N prints N and counts the rest", async () => {
    const result = await runCli(["validate", "samples/invalid/brightspace-grade", "--max-diagnostics", "2"]);
    expect(result.stdout.split("\n").filter((l) => /: (error|warning) /.test(l))).toHaveLength(2);
    expect(result.stdout).toMatch(/^\d+ more diagnostics not shown/m);
    expect((await runCli(["validate", "samples/valid", "--max-diagnostics", "lots"])).code).toBe(2);
  });

  it("suggests the nearest option for a misspelt one", async () => {
    const result = await runCli(["convert", "--dedup", NIGHTLY[0]!]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Did you mean --dedupe\?/);
  });
});

describe("the formula guard", () => {
  const formulas = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1"];
  const fullWidth = [
    "\uFF1D1+1",
    "\uFF0B1",
    "\uFF0D1",
    "\uFF20SUM(A1)",
    "\uFE661",
    "\uFE621",
    "\uFE631",
    "\uFE6BSUM(A1)",
    "\u22121",
  ];
  // What a spreadsheet may skip or show as nothing before a sign: white space, controls, format
  // characters (soft hyphen, bidi marks and overrides, invisible operators), combining marks
  // (a combining accent, the grapheme joiner, a variation selector) and Hangul fillers.
  const leading = [
    " ",
    "   ",
    "\u00A0",
    "\u200B",
    "\uFEFF",
    "\u2060",
    "\u3000",
    " \u200B\uFEFF",
    "\u2003",
    "\u0085",
    "\u001C",
    "\u0000",
    "\u00AD",
    "\u200E",
    "\u202E",
    "\u2066",
    "\u2061",
    "\u0301",
    "\u034F",
    "\uFE0F",
    "\u3164",
    "\u115F",
    "\uFFA0",
  ];

  it.each([...formulas, ...fullWidth])("guards %j", (cell) => {
    expect(guardFormula(cell)).toBe(`'${cell}`);
  });

  it.each(leading.flatMap((space) => [...formulas, ...fullWidth].map((f) => `${space}${f}`)))(
    "guards %j: invisible or white space before a formula",
    (cell) => {
      expect(guardFormula(cell)).toBe(`'${cell}`);
    },
  );

  // csv-stringify's escape_formulas guards by the first character (the ASCII and full-width signs,
  // TAB, CR); whatever it guards, this guard guards too, for every first character of the BMP.
  it("guards every text csv-stringify's escape_formulas guards", () => {
    const missed: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const cell = `${String.fromCharCode(code)}1`;
      const escaped = stringify([[cell]], { escape_formulas: true, record_delimiter: "unix" }).replace(/^"/, "");
      if (escaped.startsWith("'") && !cell.startsWith("'") && guardFormula(cell) === cell)
        missed.push(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
    }
    expect(missed).toEqual([]);
  });

  it.each(["Biology 101", " Biology", "a=b", "\u00A0x", "", "1-2", " '=1"])("leaves %j alone", (cell) => {
    expect(guardFormula(cell)).toBe(cell);
  });

  // Found by the property test: "=1" and "'=1" were both written '=1.
  it.each(["'=1", "'", "''", "'x"])(
    "guards %j: a leading apostrophe, so that one is always the guard's and comes off alone",
    (cell) => {
      expect(guardFormula(cell)).toBe(`'${cell}`);
    },
  );

  it("two ids that differ by the guard's apostrophe stay two in CSV", async () => {
    const record = (user: string) =>
      ({ ...Object.fromEntries(RECORD_COLUMNS.map((c) => [c, null])), user }) as unknown as GradeRecord;
    const users = rows(await recordsAs("csv", ["=1", "'=1", "''=1"].map(record))).map((r) => r.user);
    expect(users).toEqual(["'=1", "''=1", "'''=1"]);
  });
});

describe("lone surrogates in records", () => {
  const ids = ["learner-\uD800", "learner-\uD801", "learner-\uDC00"];
  const record = (user: string) =>
    ({ ...Object.fromEntries(RECORD_COLUMNS.map((c) => [c, null])), user, course: user }) as unknown as GradeRecord;
  const records = ids.map(record);

  /** The user column of records written in `format`. */
  const usersIn = (format: "csv" | "json" | "ndjson", text: string) =>
    format === "csv"
      ? rows(text).map((r) => r.user)
      : format === "json"
        ? (JSON.parse(text) as GradeRecord[]).map((r) => r.user)
        : text
            .trimEnd()
            .split("\n")
            .map((l) => (JSON.parse(l) as GradeRecord).user);

  it.each(["csv", "json", "ndjson"] as const)(
    "%s: three different learner ids stay three, as well-formed text",
    async (format) => {
      const text = await recordsAs(format, records);
      expect(Buffer.from(text, "utf8").toString("utf8")).toBe(text);
      if (format !== "csv") expect(text).not.toMatch(/(?<!\\)\\u[dD][89a-fA-F]/);
      const users = usersIn(format, text);
      expect(users).toEqual(["learner-\\uD800", "learner-\\uD801", "learner-\\uDC00"]);
    },
  );

  // Found by the property test: the text `\uD800` already in an id was written as the lone surrogate was.
  it.each(["csv", "json", "ndjson"] as const)(
    "%s: an id with a lone surrogate and one with its escape as text stay two",
    async (format) => {
      const lookalikes = ["a\uD800", "a\\uD800", "a\\\uD800", "a\\\\uD800", "a\\\uDC00x"].map(record);
      const text = await recordsAs(format, lookalikes);
      const users = usersIn(format, text);
      // A run of backslashes before `uD800` is doubled; an odd run then stands for a lone surrogate.
      expect(users).toEqual(["a\\uD800", "a\\\\uD800", "a\\\\\\uD800", "a\\\\\\\\uD800", "a\\\\\\uDC00x"]);
    },
  );

  const KEY16 = "a-test-key-of-32-bytes-0123456789";
  it("three different learner ids get three pseudonyms; a well-formed id keeps its pseudonym", () => {
    const pseudonym = pseudonymizer(KEY16);
    expect(new Set(ids.map((id) => pseudonym(record(id)).user)).size).toBe(3);
    expect(pseudonym(record("learner-\uFFFD")).user).not.toBe(pseudonym(record("learner-\uD800")).user);
    expect(pseudonym(record("s1001")).user).toBe(createHmac("sha256", KEY16).update("s1001", "utf8").digest("hex"));
    expect(pseudonym(record("é\uD83D\uDE00")).user).toBe(
      createHmac("sha256", KEY16).update("é\uD83D\uDE00", "utf8").digest("hex"),
    );
  });
});
