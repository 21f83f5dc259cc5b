// The floor plus JSON Schema validation alone: each line parsed as the floor does, each event in it
// (a Caliper envelope's data, or the line itself) given to the first of gradeev's profiles that
// recognises it, and checked against that profile's schema with the validator the build compiled
// (Ajv's standalone code). No other rule, no record, no diagnostic text: what validation costs when
// it is only a schema, beside which gradeev's own rules and bookkeeping can be weighed.
// The bench's corpus holds events, one per line, or Blackboard envelopes: a `data` array is opened
// whatever its object, and no other container (gradeev's own reader knows them all).
// Usage: node floor-schema.js FILE   -> prints "N lines, E events, V schema-valid"; exits 1 when some
// event was recognised by no profile, so that a detector gone wrong cannot pass for a fast schema.
// Needs a build.
import { isObject } from "../../dist/core/json.js";
import { profiles } from "../../dist/profiles/index.js";
import { validators } from "../../dist/core/validators.generated.js";
import { eachLine } from "./lines.js";

// A profile without a schema of its own (most xAPI ones) has no schema step: its events pass it.
const kinds = profiles.map((profile) => ({
  detect: profile.detect,
  validate: profile.schema === undefined ? () => true : validators[profile.schema.$id],
}));
if (kinds.some((kind) => typeof kind.validate !== "function"))
  throw new Error("no compiled validator for some profile: run npm run build");

let lines = 0,
  events = 0,
  valid = 0,
  unknown = 0;
const check = (event) => {
  events++;
  const kind = isObject(event) ? kinds.find((k) => k.detect(event)) : undefined;
  if (!kind) unknown++;
  else if (kind.validate(event)) valid++;
};
await eachLine(process.argv[2], (text) => {
  lines++;
  const value = JSON.parse(text);
  if (isObject(value) && Array.isArray(value.data)) value.data.forEach(check);
  else if (Array.isArray(value)) value.forEach(check);
  else check(value);
});
console.log(`${lines} lines, ${events} events, ${valid} schema-valid`);
if (unknown > 0) {
  console.error(`${unknown} events recognised by no profile`);
  process.exitCode = 1;
}
