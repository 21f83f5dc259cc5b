import type { ErrorObject } from "ajv";
import {
  annotatedMessage,
  checkedLevel,
  isRuleCode,
  type DiagnosticDraft,
  type RuleCode,
  type SchemaVariant,
} from "../diagnostics.js";
import { isObject, joinPointer } from "./json.js";
import type { JsonSchema, Validate } from "./ajv-config.js";
import { validatorFor } from "./validators.generated.js";

export type { JsonSchema } from "./ajv-config.js";
export { humanPath } from "./json.js";

const compiled = new WeakMap<JsonSchema, Validate>();

/** Compiles each schema once, on first use, so that a run pays only for the profiles it meets. */
export function schemaValidator(schema: JsonSchema): (event: unknown) => readonly DiagnosticDraft[] {
  let validate: Validate | undefined; // this validator's own: no look-up per event
  return (event) => {
    validate ??= compiledFor(schema);
    if (validate(event)) return NO_DRAFTS;
    return (validate.errors ?? []).flatMap(toDraft);
  };
}

/** What a valid event yields: one frozen list, not a new one per event. */
const NO_DRAFTS: readonly DiagnosticDraft[] = Object.freeze([]);

function compiledFor(schema: JsonSchema): Validate {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = validatorFor(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const genericCodes: Record<string, RuleCode> = {
  required: "REQUIRED",
  type: "TYPE",
  enum: "ENUM",
  const: "CONST",
  format: "FORMAT",
  pattern: "PATTERN",
  minimum: "RANGE",
  maximum: "RANGE",
  exclusiveMinimum: "RANGE",
  exclusiveMaximum: "RANGE",
  additionalProperties: "UNKNOWN_PROPERTY",
};

function toDraft(err: ErrorObject): DiagnosticDraft[] {
  // "if"/"then" wrappers repeat what the inner keyword already said.
  if (err.keyword === "if") return [];
  const annotations = isObject(err.parentSchema) ? err.parentSchema : {};
  const named = annotation(annotations, "x-code");
  const code = schemaCode(named, err.keyword);
  // A level the code does not have, or a message not from the catalogue, is a bug in a profile's
  // schema: it fails the event (INTERNAL_ERROR).
  const level = checkedLevel(code, annotation(annotations, "x-level") ?? "invalid");
  const said = annotation(annotations, "x-message");
  const { variant, args } = said === undefined ? generic(err) : annotatedMessage(code, said);
  return [{ code, level, pointer: pointerOf(err), variant, args } as DiagnosticDraft];
}

/** The rule code a failed schema keyword is reported with: the subschema's `x-code`, else the keyword's own. */
export function schemaCode(named: string | undefined, keyword: string): RuleCode {
  return named !== undefined && isRuleCode(named) ? named : (genericCodes[keyword] ?? "SCHEMA");
}

function annotation(schema: Record<string, unknown>, key: string): string | undefined {
  const value = schema[key];
  return typeof value === "string" ? value : undefined;
}

function pointerOf(err: ErrorObject): string {
  const params = err.params as Record<string, unknown>;
  if (err.keyword === "required" && typeof params.missingProperty === "string")
    return joinPointer(err.instancePath, params.missingProperty);
  if (err.keyword === "additionalProperties" && typeof params.additionalProperty === "string")
    return joinPointer(err.instancePath, params.additionalProperty);
  return err.instancePath;
}

/** The catalogue's schema-keyword template for a failed keyword, and its arguments. */
function generic(err: ErrorObject): { variant: SchemaVariant; args: Record<string, unknown> } {
  const params = err.params as Record<string, unknown>;
  const where = err.instancePath;
  const value = err.data;
  switch (err.keyword) {
    case "required":
      return { variant: "schema.required", args: { where, property: String(params.missingProperty) } };
    case "additionalProperties":
      return { variant: "schema.additionalProperties", args: { where, property: String(params.additionalProperty) } };
    case "type":
      return { variant: "schema.type", args: { where, types: String(params.type).split(","), value } };
    case "enum":
      return { variant: "schema.enum", args: { where, allowed: params.allowedValues, value } };
    case "const":
      return { variant: "schema.const", args: { where, allowed: params.allowedValue, value } };
    case "format":
      return { variant: "schema.format", args: { where, format: String(params.format), value } };
    case "minLength":
      return { variant: "schema.minLength", args: { where } };
    case "pattern":
      return { variant: "schema.pattern", args: { where, pattern: String(params.pattern), value } };
    default:
      return err.message === undefined
        ? { variant: "schema.other", args: { where } }
        : { variant: "schema.otherSaid", args: { where, detail: err.message } };
  }
}
