import type { AnyProfile } from "./profile.js";
import bbCalculatedGrade from "./caliper/bb-calculated-grade.js";
import caliperGradeEvent from "./caliper/grade-event.js";
import caliperOutcomeEvent from "./caliper/outcome-event.js";
import brightspaceGrade from "./xapi/brightspace-grade.js";

/** Every profile gradeev knows. Order is precedence: the first whose detect() matches wins. */
export const profiles: readonly AnyProfile[] = [bbCalculatedGrade, caliperGradeEvent, caliperOutcomeEvent, brightspaceGrade];
