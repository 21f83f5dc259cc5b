// The reference xAPI validator: Learning Locker's @learninglocker/xapi-validation (the library an LRS
// runs on every statement), over the same NDJSON file, read and parsed as the floor does.
// Usage: node xapi-validation.js FILE   -> prints "N statements, M rejected".
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";

// A CommonJS package, resolved from the project (a devDependency).
const validate = createRequire(import.meta.url)("@learninglocker/xapi-validation").default;

let count = 0, invalid = 0;
const check = (text) => {
  if (text.length === 0) return;
  count++;
  if (validate(JSON.parse(text)).length > 0) invalid++;
};
let pending = null;
for await (const chunk of createReadStream(process.argv[2])) {
  let start = 0;
  for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
    const piece = chunk.subarray(start, nl);
    check((pending ? Buffer.concat([pending, piece]) : piece).toString("utf8"));
    pending = null;
    start = nl + 1;
  }
  if (start < chunk.length) pending = pending ? Buffer.concat([pending, chunk.subarray(start)]) : chunk.subarray(start);
}
if (pending) check(pending.toString("utf8"));
console.log(`${count} statements, ${invalid} rejected`);
