// The floor: the least any NDJSON tool must do. Reads the file as a stream (64 KiB chunks, Node's
// default, as gradeev reads), splits lines at LF, decodes and JSON.parses each, and nothing else.
// Usage: node floor.js FILE   -> prints the number of lines parsed.
import { createReadStream } from "node:fs";

let count = 0;
let pending = null; // the start of a line cut by a chunk boundary
for await (const chunk of createReadStream(process.argv[2])) {
  let start = 0;
  for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
    const piece = chunk.subarray(start, nl);
    const line = pending ? Buffer.concat([pending, piece]) : piece;
    pending = null;
    if (line.length > 0) { JSON.parse(line.toString("utf8")); count++; }
    start = nl + 1;
  }
  if (start < chunk.length) pending = pending ? Buffer.concat([pending, chunk.subarray(start)]) : chunk.subarray(start);
}
if (pending && pending.length > 0) { JSON.parse(pending.toString("utf8")); count++; }
console.log(count);
