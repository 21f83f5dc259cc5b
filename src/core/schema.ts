import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Ajv as AjvInstance, ErrorObject, Options } from "ajv";
import { checkedLevel, isRuleCode, type DiagnosticDraft, type RuleCode } from "../diagnostics.js";
import { describeValue, isObject, joinPointer, parsePointer } from "./json.js";

/**
 * Profiles annotate their schemas with three keywords of ours, read from the subschema that failed:
 * - `x-level`: the level of the finding, one its rule code has in the catalogue (diagnostics.ts):
 *   "deviation" for a spec deviation that leaves the grade record sound (default "invalid");
 * - `x-code`: the rule code to report instead of the generic one for the JSON Schema keyword;
 * - `x-message`: the sentence to report instead of the generic one.
 */
export type JsonSchema = Record<string, unknown>;

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

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

/** A configured Ajv; loaded on demand, so that a run on precompiled validators never loads Ajv at all. */
export function createAjv(options: Options = {}): AjvInstance {
  const require = createRequire(import.meta.url);
  const { Ajv } = require("ajv") as typeof import("ajv");
  const addFormats = require("ajv-formats") as unknown as (ajv: AjvInstance) => AjvInstance;
  const ajv = addFormats(new Ajv({ ...AJV_OPTIONS, ...options }));
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword, schemaType: "string" });
  return ajv;
}

/**
 * Validators the build compiled from the profiles' schemas (scripts/write-schemas.js, Ajv's standalone
 * code), by schema $id: starting gradeev then costs no schema compilation, and each profile's code is
 * loaded when its validator is first read. Absent when running from the sources (tests), where the
 * schemas are compiled on first use instead. Loaded synchronously, not by a top-level `await`, which
 * would keep `require("gradeev")` from working (ERR_REQUIRE_ASYNC_MODULE).
 */
const precompiled: Record<string, Validate> = loadPrecompiled();

function loadPrecompiled(): Record<string, Validate> {
  const url = new URL("./validators.generated.js", import.meta.url);
  if (!existsSync(url)) return {};
  const module = createRequire(import.meta.url)(fileURLToPath(url)) as { validators?: Record<string, Validate> };
  return module.validators ?? {};
}

let ajv: AjvInstance | undefined;
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
    const id = typeof schema.$id === "string" ? schema.$id : undefined;
    validate = (id !== undefined ? precompiled[id] : undefined) ?? (ajv ??= createAjv()).compile(schema);
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
