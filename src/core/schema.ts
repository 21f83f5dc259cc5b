import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import { isRuleCode, type DiagnosticDraft, type RuleCode, type Severity } from "../diagnostics.js";
import { describeValue, isObject, joinPointer, parsePointer } from "./json.js";

/**
 * Profiles annotate their schemas with three keywords of ours, read from the subschema that failed:
 * - `x-severity`: "warning" for a spec deviation that leaves the grade record sound (default "error");
 * - `x-code`: the rule code to report instead of the generic one for the JSON Schema keyword;
 * - `x-message`: the sentence to report instead of the generic one.
 */
export type JsonSchema = Record<string, unknown>;

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

// strictRequired is off: the annotated `allOf: [{ required: [...] }]` pattern names properties declared beside it.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
for (const keyword of ["x-severity", "x-code", "x-message"]) ajv.addKeyword({ keyword, schemaType: "string" });

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** Compiles each schema once, on first use, so that a run pays only for the profiles it meets. */
export function schemaValidator(schema: JsonSchema): (event: unknown) => DiagnosticDraft[] {
  return (event) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(event)) return [];
    return (validate.errors ?? []).flatMap(toDraft);
  };
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
  const code = annotation(annotations, "x-code");
  const severity: Severity = annotations["x-severity"] === "warning" ? "warning" : "error";
  const message = annotation(annotations, "x-message") ?? genericMessage(err);
  return [
    {
      code: code !== undefined && isRuleCode(code) ? code : (genericCodes[err.keyword] ?? "SCHEMA"),
      severity,
      pointer: pointerOf(err),
      message,
    },
  ];
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
