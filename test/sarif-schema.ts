/** The official SARIF 2.1.0 schema as a validator, for the tests that check SARIF logs against it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { expect } from "vitest";
import { SARIF_SCHEMA_URI } from "../src/report/sarif.js";
import { ROOT } from "./helpers.js";

// ajv-formats' CommonJS default export, typed as src/core/schema.ts types it.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

/**
 * The official schema (test/fixtures/sarif-schema-2.1.0.SOURCES.md) declares draft-04, which Ajv 8 does not run, yet
 * uses the draft-06 format `uri-reference`. It uses no keyword whose meaning changed from draft-04
 * to draft-07 but the root `id` (now `$id`) — the test below checks that — so it is run as draft-07
 * with that one key renamed, and with ajv-formats for `uri`, `uri-reference` and `date-time`.
 */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(ROOT, "test/fixtures/sarif-schema-2.1.0.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const { $schema: draft, id, ...rest } = schema;
  expect(draft).toBe("http://json-schema.org/draft-04/schema#");
  expect(id).toBe(SARIF_SCHEMA_URI);
  const keywords = new Set<string>();
  const walk = (node: unknown, inProperties: boolean): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, false));
    else if (node !== null && typeof node === "object")
      for (const [key, value] of Object.entries(node)) {
        if (!inProperties) keywords.add(key);
        walk(value, !inProperties && (key === "properties" || key === "definitions"));
      }
  };
  walk(rest, false);
  for (const draft04Only of ["id", "exclusiveMinimum", "exclusiveMaximum", "dependencies"])
    expect(keywords).not.toContain(draft04Only);
  // Strict, as src/core/schema.ts is, less the two checks the schema's own idioms trip: `required`
  // inside `anyOf` branches, and the union type `["array", "null"]` of `runs`.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile({ ...rest, $id: SARIF_SCHEMA_URI });
}
