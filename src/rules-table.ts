/**
 * The table of rule codes, the table of levels, the list of the warnings --strict leaves alone and
 * the tables of message templates in docs/rules.md, written from the catalogue (diagnostics.ts,
 * messages.ts), so that what the documentation says of a code is what the checker does and says. `npm run readme` rewrites them (scripts/rules-table.js);
 * test/readme.test.ts fails when the page differs.
 */
import { levels, LEVELS, ruleInfo, type Level, type RuleCode } from "./diagnostics.js";
import { messages, phrases, schemaMessages } from "./messages.js";
import { formats } from "./templates.js";

const SEVERITY: Record<Level, string> = {
  invalid: "error",
  deviation: "warning, an error under `--strict`",
  quality: "warning, also under `--strict`",
};

/** The page, from the project root, that holds the regions written from the catalogue. */
export const RULES_PAGE = "docs/rules.md";

/** The regions of RULES_PAGE written from the catalogue, by name. */
export const GENERATED_REGIONS = {
  "levels-table": levelsTable,
  "rules-table": rulesTable,
  "strict-warnings": strictWarnings,
  "message-templates": messageTemplates,
  "schema-messages": schemaMessageTable,
  "message-formats": formatsTable,
  "message-phrases": phrasesTable,
} as const;

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function levelsOf(code: RuleCode): [Level, string][] {
  return Object.entries(ruleInfo[code].levels) as [Level, string][];
}

/** `| level | default | --strict | for |`, one row per level. */
export function levelsTable(): string {
  const rows = LEVELS.map(
    (level) => `| ${level} | ${levels[level].default} | ${levels[level].strict} | ${cell(levels[level].meaning)} |`,
  );
  return ["| level | default | `--strict` | for |", "|---|---|---|---|", ...rows].join("\n");
}

/** `| code | severity | meaning |`, one row per code, in the catalogue's order. */
export function rulesTable(): string {
  const rows = (Object.keys(ruleInfo) as RuleCode[]).map((code) => {
    const own = levelsOf(code);
    const severity =
      own.length === 1 ? SEVERITY[own[0]![0]] : own.map(([level, when]) => `${SEVERITY[level]} (${when})`).join("; ");
    return `| \`${code}\` | ${cell(severity)} | ${cell(ruleInfo[code].title)} |`;
  });
  return ["| code | severity | meaning |", "|---|---|---|", ...rows].join("\n");
}

/** One line per code that has a data-quality level: what stays a warning under --strict. */
export function strictWarnings(): string {
  return (Object.keys(ruleInfo) as RuleCode[])
    .flatMap((code) => {
      const own = levelsOf(code);
      const quality = own.find(([level]) => level === "quality");
      if (!quality) return [];
      return [`- \`${code}\`: ${own.length === 1 ? lowerFirst(ruleInfo[code].title) : `when ${quality[1]}`}`];
    })
    .join("\n");
}

/** A template in a table cell: as code, so that its placeholders and any `<`, `*` show as written. */
function template(text: string): string {
  return `\`${cell(text)}\``;
}

/** `| code | template | message |`, one row per template, the codes in the catalogue's order. */
export function messageTemplates(): string {
  const own = messages as Partial<Record<RuleCode, Record<string, string>>>;
  const rows = (Object.keys(ruleInfo) as RuleCode[]).flatMap((code) =>
    Object.entries(own[code] ?? {}).map(([name, text]) => `| \`${code}\` | \`${name}\` | ${template(text)} |`),
  );
  return ["| code | template | message |", "|---|---|---|", ...rows].join("\n");
}

/** `| keyword | template | message |`: what a failed schema keyword says, under any code. */
export function schemaMessageTable(): string {
  const rows = Object.entries(schemaMessages).map(
    ([keyword, text]) => `| \`${keyword}\` | \`schema.${keyword}\` | ${template(text)} |`,
  );
  return ["| keyword | template | message |", "|---|---|---|", ...rows].join("\n");
}

/** `| format | writes |`, one row per placeholder format. */
export function formatsTable(): string {
  const rows = Object.entries(formats).map(([name, { meaning }]) => `| \`${name}\` | ${cell(meaning)} |`);
  return ["| format | writes |", "|---|---|", ...rows].join("\n");
}

/** `| phrase | text |`, one row per phrase a template takes by name. */
export function phrasesTable(): string {
  const rows = Object.entries(phrases).map(([name, text]) => `| \`${name}\` | ${template(text)} |`);
  return ["| phrase | text |", "|---|---|", ...rows].join("\n");
}

function lowerFirst(text: string): string {
  return /^[A-Z](?:[a-z]|\s)/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/**
 * `page` (the text of RULES_PAGE) with each generated region (between `<!-- BEGIN name ... -->` and `<!-- END name -->`)
 * written afresh. Throws when a region's markers are missing.
 */
export function withGeneratedRegions(page: string): string {
  let text = page;
  for (const [name, write] of Object.entries(GENERATED_REGIONS)) {
    const region = new RegExp(`(<!-- BEGIN ${name}\\b[^\\n]*-->\\n)[\\s\\S]*?(<!-- END ${name} -->)`);
    if (!region.test(text))
      throw new Error(`${RULES_PAGE} has no region ${name} (<!-- BEGIN ${name} … --> … <!-- END ${name} -->)`);
    text = text.replace(region, (_all, begin: string, end: string) => `${begin}${write()}\n${end}`);
  }
  return text;
}
