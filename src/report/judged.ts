/**
 * The options a run was given that change verdicts, as its JSON report records them: only those
 * not left at their default, so that a default run's report is as it always was. merge-reports
 * merges only parts judged alike; a report without the field was judged by the defaults.
 */
import type { CheckOptions } from "../core/check.js";
import { DEFAULT_MAX_LINE_BYTES } from "../read/lines.js";

export interface Judged {
  strict?: true;
  failOnUnknown?: true;
  xapiVersion?: string;
  profile?: string;
  maxEventBytes?: number;
}

export function judgedBy(options: CheckOptions & { maxEventBytes?: number }): Judged | undefined {
  const judged: Judged = {
    ...(options.strict && { strict: true }),
    ...(options.failOnUnknown && { failOnUnknown: true }),
    ...(options.xapiVersion !== undefined && options.xapiVersion !== "1.0.3" && { xapiVersion: options.xapiVersion }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.maxEventBytes !== undefined &&
      options.maxEventBytes !== DEFAULT_MAX_LINE_BYTES && { maxEventBytes: options.maxEventBytes }),
  };
  return Object.keys(judged).length > 0 ? judged : undefined;
}

/** The options as a command line gives them: for an error that says how two parts differ. */
export function judgedFlags(judged: Judged | undefined): string {
  if (judged === undefined) return "the default options";
  const flags = [
    ...(judged.strict ? ["--strict"] : []),
    ...(judged.failOnUnknown ? ["--fail-on-unknown"] : []),
    ...(judged.xapiVersion !== undefined ? [`--xapi-version ${judged.xapiVersion}`] : []),
    ...(judged.profile !== undefined ? [`--profile ${judged.profile}`] : []),
    ...(judged.maxEventBytes !== undefined ? [`--max-event-bytes ${judged.maxEventBytes}`] : []),
  ];
  return flags.join(" ");
}

/** What is wrong with a report's `options`, read back, if anything. */
export function judgedProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "its options are not an object";
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    const ok =
      key === "strict" || key === "failOnUnknown"
        ? v[key] === true
        : key === "xapiVersion" || key === "profile"
          ? typeof v[key] === "string"
          : key === "maxEventBytes"
            ? Number.isSafeInteger(v[key]) && (v[key] as number) > 0
            : false;
    if (!ok) return `its options hold ${JSON.stringify(key)}, not an option gradeev records`;
  }
  return undefined;
}

/** Whether two parts were judged alike. */
export function sameJudged(a: Judged | undefined, b: Judged | undefined): boolean {
  return judgedFlags(a) === judgedFlags(b);
}
