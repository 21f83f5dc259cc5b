// The reference xAPI validator: Learning Locker's @learninglocker/xapi-validation (the library an LRS
// runs on every statement), over the same NDJSON file, read and parsed as the floor does.
// Usage: node xapi-validation.js FILE   -> prints "N statements, M rejected".
import { createRequire } from "node:module";
import { eachLine } from "./lines.js";

// A CommonJS package, resolved from the project (a devDependency).
const validate = createRequire(import.meta.url)("@learninglocker/xapi-validation").default;

let count = 0,
  invalid = 0;
const check = (text) => {
  count++;
  if (validate(JSON.parse(text)).length > 0) invalid++;
};
await eachLine(process.argv[2], check);
console.log(`${count} statements, ${invalid} rejected`);
