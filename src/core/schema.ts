import type { ErrorObject } from "ajv";
import { checkedLevel, isRuleCode, type DiagnosticDraft, type RuleCode } from "../diagnostics.js";
import { describeValue, isObject, joinPointer, parsePointer } from "./json.js";
import type { JsonSchema, Validate } from "./ajv-config.js";
import { validatorFor } from "./validators.generated.js";

export type { JsonSchema } from "./ajv-config.js";

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
  const message = annotation(annotations, "x-message") ?? genericMessage(err);
  // A level the code does not have is a bug in a profile's schema: it fails the event (INTERNAL_ERROR).
  const level = checkedLevel(code, annotation(annotations, "x-level") ?? "invalid");
  return [{ code, level, pointer: pointerOf(err), message } as DiagnosticDraft];
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

function genericMessage(err: ErrorObject): string {
  const params = err.params as Record<string, unknown>;
  const where = humanPath(err.instancePath);
  switch (err.keyword) {
    case "required":
      return `${where} has no '${String(params.missingProperty)}' property, which is required`;
    case "additionalProperties":
      return `${where} has a property '${String(params.additionalProperty)}' that the specification does not define`;
    case "type":
      return `${where} must be ${String(params.type).replaceAll(",", " or ")}, not ${describeValue(err.data)}`;
    case "enum":
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, not ${describeValue(err.data)}`;
    case "const":
      return `${where} must be ${JSON.stringify(params.allowedValue)}, not ${describeValue(err.data)}`;
    case "format":
      return `${where} must be a valid ${String(params.format)}, not ${describeValue(err.data)}`;
    case "minLength":
      return `${where} must not be empty`;
    case "pattern":
      return `${where} does not match the pattern ${String(params.pattern)}: ${describeValue(err.data)}`;
    default:
      return `${where} ${err.message ?? "breaks the schema"}`;
  }
}

/** `/context/extensions/https:~1~1x~1y/id` → `context.extensions["https://x/y"].id`, as a reader would write it. */
export function humanPath(pointer: string): string {
  if (pointer === "") return "the event";
  return parsePointer(pointer)
    .map((token, i) =>
      /^(0|[1-9][0-9]*)$/.test(token)
        ? `[${token}]`
        : /^[A-Za-z_$@][\w$@:.-]*$/.test(token) && !token.includes(".")
          ? `${i === 0 ? "" : "."}${token}`
          : `[${JSON.stringify(token)}]`,
    )
    .join("");
}
