// The floor: the least any NDJSON tool must do. Reads the file, splits lines, JSON.parses each
// (lines.js), and nothing else.
// Usage: node floor.js FILE   -> prints the number of lines parsed.
import { eachLine } from "./lines.js";

let count = 0;
await eachLine(process.argv[2], (text) => {
  JSON.parse(text);
  count++;
});
console.log(count);
