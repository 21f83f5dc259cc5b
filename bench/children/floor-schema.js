// The floor plus JSON Schema validation alone: each line parsed as the floor does, each event in it
// (a Caliper envelope's data, or the line itself) given to the first of gradeev's profiles that
// recognises it, and checked against that profile's schema with the validator the build compiled
// (Ajv's standalone code). No other rule, no record, no diagnostic text: what validation costs when
// it is only a schema, beside which gradeev's own rules and bookkeeping can be weighed.
// Usage: node floor-schema.js FILE   -> prints "N lines, E events, V schema-valid". Needs a build.
import { profiles } from "../../dist/profiles/index.js";
import { validators } from "../../dist/core/validators.generated.js";
import { eachLine } from "./lines.js";

const kinds = profiles.map((profile) => ({ detect: profile.detect, validate: validators[profile.schema.$id] }));
if (kinds.some((kind) => typeof kind.validate !== "function")) throw new Error("no compiled validator for some profile: run npm run build");

let lines = 0, events = 0, valid = 0;
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const check = (event) => {
  events++;
  if (!isObject(event)) return;
  const kind = kinds.find((k) => k.detect(event));
  if (kind?.validate(event)) valid++;
};
await eachLine(process.argv[2], (text) => {
  lines++;
  const value = JSON.parse(text);
  if (isObject(value) && Array.isArray(value.data)) value.data.forEach(check);
  else if (Array.isArray(value)) value.forEach(check);
  else check(value);
});
console.log(`${lines} lines, ${events} events, ${valid} schema-valid`);
