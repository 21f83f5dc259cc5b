/**
 * Base rules of every xAPI statement, grade or not: the full statement rules of xAPI 1.0.3
 * (xAPI-Data.md), or of xAPI 2.0 (IEEE 9274.1.1) when the statement says `"version": "2.0.0"` or the
 * user asks with --xapi-version 2.0. The rules themselves start in statement.ts.
 */
import { prop } from "../../core/json.js";
import { checkStatement, statementVersion } from "./statement.js";
import type { Standard } from "../standard.js";

export const xapi: Standard = {
  id: "xapi",
  // A statement has a verb; one that lost it still has an actor and an object, and none of
  // Caliper's type, action or eventTime.
  detect: (value) =>
    ("verb" in value && ("actor" in value || "object" in value)) ||
    ("actor" in value &&
      "object" in value &&
      !("type" in value || "@type" in value || "action" in value || "eventTime" in value)),
  label: (value) => {
    const verb = prop(prop(value, "verb"), "id");
    return typeof verb === "string" ? `xAPI statement, verb ${verb}` : "xAPI statement";
  },
  check: (statement, context) => checkStatement(statement, statementVersion(statement, context.xapiVersion)),
};
