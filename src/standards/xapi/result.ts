/**
 * The result of a statement and its score (xAPI-Data §2.4.5, §2.4.5.1): the part of a statement a
 * grade table is built from, so its rules are spelled out one by one.
 */
import { isDuration } from "./times.js";
import {
  checkBoolean,
  checkExtensions,
  checkString,
  given,
  hasOwn,
  isObject,
  isString,
  nullValue,
  unknownProperty,
  wrongType,
} from "./values.js";
import { diagnosticAt, enter, leave } from "./walk.js";

const RESULT_KEYS = ["score", "success", "completion", "response", "duration", "extensions"] as const;
const SCORE_KEYS = ["scaled", "raw", "min", "max"] as const;

export function checkResult(result: unknown): void {
  if (!isObject(result)) {
    wrongType("result", "object", result);
    return;
  }
  enter("result");
  let score: unknown;
  let success: unknown;
  let completion: unknown;
  let response: unknown;
  let duration: unknown;
  let extensions: unknown;
  for (const k in result) {
    if (!hasOwn(result, k)) continue;
    const v = result[k];
    switch (k) {
      case "score":
        score = v;
        break;
      case "success":
        success = v;
        break;
      case "completion":
        completion = v;
        break;
      case "response":
        response = v;
        break;
      case "duration":
        duration = v;
        break;
      case "extensions":
        extensions = v;
        break;
      default:
        unknownProperty(k, "result", RESULT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (given(score)) checkScore(score);
  if (given(success)) checkBoolean(success, "success");
  if (given(completion)) checkBoolean(completion, "completion");
  if (given(response)) checkString(response, "response");
  if (given(duration) && isString(duration, "duration") && !isDuration(duration)) {
    diagnosticAt("XAPI_DURATION.notDuration", "invalid", "duration", { value: duration });
  }
  if (given(extensions)) checkExtensions(extensions, "extensions");
  leave();
}

/**
 * §2.4.5.1: scaled is a decimal between -1 and 1; raw lies between min and max when they are
 * given; min is less than max. All are JSON numbers: "the LRS MUST reject Statements with strings
 * where numbers are required, even if those strings contain numbers" (§2.2). min equal to max
 * breaks "less than" but leaves the score readable, and producers send it (Open edX sends 0/0),
 * so it is a warning; the suite only rejects min above max.
 */
export function checkScore(score: unknown): void {
  if (!isObject(score)) {
    wrongType("score", "scoreObject", score);
    return;
  }
  enter("score");
  let scaled: unknown;
  let raw: unknown;
  let min: unknown;
  let max: unknown;
  for (const k in score) {
    if (!hasOwn(score, k)) continue;
    const v = score[k];
    switch (k) {
      case "scaled":
        scaled = v;
        break;
      case "raw":
        raw = v;
        break;
      case "min":
        min = v;
        break;
      case "max":
        max = v;
        break;
      default:
        unknownProperty(k, "score", SCORE_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  const s = numberAt(scaled, "scaled");
  const r = numberAt(raw, "raw");
  const lo = numberAt(min, "min");
  const hi = numberAt(max, "max");
  if (s !== undefined && (s < -1 || s > 1)) {
    diagnosticAt("XAPI_SCORE.scaled", "invalid", "scaled", { scaled: s });
  }
  if (lo !== undefined && hi !== undefined) {
    if (lo > hi) diagnosticAt("XAPI_SCORE.minAboveMax", "invalid", "min", { min: lo, max: hi });
    else if (lo === hi) diagnosticAt("XAPI_SCORE.minIsMax", "deviation", "max", { max: hi });
  }
  if (r !== undefined) {
    if (lo !== undefined && r < lo) diagnosticAt("XAPI_SCORE.belowMin", "invalid", "raw", { raw: r, min: lo });
    if (hi !== undefined && r > hi) diagnosticAt("XAPI_SCORE.aboveMax", "invalid", "raw", { raw: r, max: hi });
  }
  leave();
}

/** The number at `key`, or undefined when absent, null or not a finite number (reported). */
function numberAt(value: unknown, key: string): number | undefined {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    wrongType(key, "finiteNumber", value); // 1e400 parses to Infinity
    return undefined;
  }
  if (value !== undefined && value !== null) wrongType(key, "number", value);
  return undefined;
}
