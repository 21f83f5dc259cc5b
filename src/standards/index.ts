import { caliper } from "./caliper.js";
import type { Standard } from "./standard.js";
import { xapi } from "./xapi/index.js";

/** xAPI first: a statement has a verb, which no Caliper event has. */
export const standards: readonly Standard[] = [xapi, caliper];
