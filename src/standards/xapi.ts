/**
 * Base rules of every xAPI statement, grade or not (xAPI-Data.md, 1.0.3; IEEE 9274.1.1 for 2.0).
 */
import { prop } from "../core/json.js";
import type { Standard } from "./standard.js";

export const xapi: Standard = {
  id: "xapi",
  detect: (value) => "verb" in value && ("actor" in value || "object" in value),
  label: (value) => {
    const verb = prop(prop(value, "verb"), "id");
    return typeof verb === "string" ? `xAPI statement, verb ${verb}` : "xAPI statement";
  },
  check: () => [],
};
