// gradeev as a library: one event held in memory, then a text with the name its diagnostics give.
// Run from the repository after `npm run build` (`node examples/library.mjs`): "gradeev" is this package.
import { checkEvent, checkText } from "gradeev";

const statement = {
  actor: { mbox: "mailto:ada@example.org" },
  verb: { id: "http://adlnet.gov/expapi/verbs/scored" },
  object: { id: "https://lms.example.org/course/7/quiz/3" },
  result: { score: { raw: 8.5, max: 10 } },
  timestamp: "2026-12-01T09:30:00Z",
};

const one = checkEvent(statement);
console.log(one.verdict, one.profile, one.record?.score, typeof one.record?.score);

// Scores come as exact decimal strings unless numbers are asked for.
console.log(checkEvent(statement, { numbers: "number" }).record?.score);

// A text keeps its lines and columns, and says the name given.
const text =
  '{"actor": {"mbox": "mailto:ada@example.org"},\n "verb": {"id": "http://adlnet.gov/expapi/verbs/scored"},\n "object": {"id": 42}}';
const checked = checkText(text, { name: "quiz.json" });
console.log(checked.verdict);
for (const d of checked.diagnostics)
  console.log(`${d.file}:${d.line}:${d.column ?? 1} ${d.code}${d.pointer ? ` ${d.pointer}` : ""}`);
