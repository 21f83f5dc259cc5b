import type { AnyProfile } from "./profile.js";
import bbCalculatedGrade from "./caliper/bb-calculated-grade.js";
import caliperGradeEvent from "./caliper/grade-event.js";
import caliperOutcomeEvent from "./caliper/outcome-event.js";
import brightspaceGrade from "./xapi/brightspace-grade.js";
import xapiCmi5 from "./xapi/cmi5-grade.js";
import xapiJisc from "./xapi/jisc-grade.js";
import xapiMoodle from "./xapi/moodle-grade.js";
import xapiOpenedx from "./xapi/openedx-grade.js";
import xapiScore from "./xapi/score.js";

/**
 * Every profile gradeev knows. Order is precedence: the first whose detect() matches wins, so
 * producers' profiles come before the generic xapi-score (Jisc before Moodle: Jisc's Moodle
 * statements also say platform "Moodle").
 */
export const profiles: readonly AnyProfile[] = [
  bbCalculatedGrade,
  caliperGradeEvent,
  caliperOutcomeEvent,
  brightspaceGrade,
  xapiJisc,
  xapiMoodle,
  xapiOpenedx,
  xapiCmi5,
  xapiScore,
];
