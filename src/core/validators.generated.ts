/**
 * The validators of the profiles' schemas, as the sources have them: none compiled ahead, each
 * schema compiled with Ajv on first use (tests run so). The build replaces this module's output
 * with generated code of the same exports (scripts/write-schemas.js): the validators it compiled,
 * by schema $id, each loaded when first asked for, so that gradeev starts without loading Ajv; a
 * schema it did not see (a library user's own profile) is compiled as here.
 */
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { configuredAjv, type JsonSchema, type Validate } from "./ajv-config.js";

/** The validators compiled ahead, by schema $id: none in the sources. */
export const validators: Readonly<Record<string, Validate>> = {};

let ajv: Ajv | undefined;

/** The validator of `schema`: compiled ahead, else compiled now. */
export function validatorFor(schema: JsonSchema): Validate {
  return (ajv ??= configuredAjv(Ajv, addFormats.default)).compile(schema);
}
