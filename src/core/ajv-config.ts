/**
 * Ajv as gradeev configures it: for the build, which compiles the profiles' schemas ahead of time
 * (scripts/write-schemas.js), and for a schema met at run time that the build did not see. Types
 * only from Ajv: the caller hands in its classes, loaded when it needs them (gradeev starts
 * without Ajv when the build compiled the schemas).
 */
import type { Ajv, ErrorObject, Options } from "ajv";

/**
 * A profile's JSON Schema. Profiles annotate their schemas with three keywords of ours, read from
 * the subschema that failed:
 * - `x-level`: the level of the diagnostic, one its rule code has in the catalogue (diagnostics.ts):
 *   "deviation" for a spec deviation that leaves the grade record sound (default "invalid");
 * - `x-code`: the rule code to report instead of the generic one for the JSON Schema keyword;
 * - `x-message`: the sentence to report instead of the generic one.
 */
export type JsonSchema = Record<string, unknown>;

/** A compiled schema, as Ajv makes it: true or false, and the errors of the last call. */
export type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The Ajv settings gradeev validates with; the build compiles the profiles' schemas with the same. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  // The annotated `allOf: [{ required: [...] }]` pattern names properties declared beside it.
  strictRequired: false,
  allowUnionTypes: true,
};
export const ANNOTATION_KEYWORDS = ["x-level", "x-code", "x-message"];

/** An Ajv made from `AjvClass`, with ajv-formats' `addFormats` and gradeev's settings and keywords. */
export function configuredAjv(AjvClass: typeof Ajv, addFormats: (ajv: Ajv) => Ajv, options: Options = {}): Ajv {
  const ajv = addFormats(new AjvClass({ ...AJV_OPTIONS, ...options }));
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: "string" });
  return ajv;
}
