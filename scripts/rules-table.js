#!/usr/bin/env node
// Run by `npm run readme`, after the build: writes the table of rule codes, the table of levels, the
// list of the warnings --strict leaves alone and the tables of message templates in docs/rules.md
// from the catalogue in src/diagnostics.ts and src/messages.ts (src/rules-table.ts). test/readme.test.ts fails when the page differs from what
// this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { RULES_PAGE, withGeneratedRegions } from "../dist/rules-table.js";

const file = new URL(`../${RULES_PAGE}`, import.meta.url);
const before = readFileSync(file, "utf8");
const after = withGeneratedRegions(before);
if (after !== before) writeFileSync(file, after);
console.log(
  after === before
    ? `${RULES_PAGE}: rule codes already up to date`
    : `${RULES_PAGE}: rule codes rewritten from the catalogue`,
);
