#!/usr/bin/env node
// Run by `npm run readme`, after the build: writes the README's table of rule codes and its list of
// the warnings --strict leaves alone from the catalogue in src/diagnostics.ts (src/rules-table.ts).
// test/readme.test.ts fails when the README differs from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { withGeneratedRegions } from "../dist/rules-table.js";

const file = new URL("../README.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = withGeneratedRegions(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "README.md: rule codes already up to date" : "README.md: rule codes rewritten from the catalogue");
