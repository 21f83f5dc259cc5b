// The floor plus gradeev's own checks in a tight synchronous loop: each line parsed as the floor
// does, its events unwrapped (a Caliper envelope's data, or the line itself), each given to the
// checker every command uses, and, with --csv, the valid ones' records formatted as CSV. No reader,
// no batches, no report: what the rules themselves cost, the least a gradeev run can take.
// Usage: node floor-rules.js FILE [--csv]  -> prints "N events, V valid". Needs a build.
import { createChecker } from "../../dist/core/check.js";
import { startOf } from "../../dist/core/json-scan.js";
import { isObject } from "../../dist/core/json.js";
import { profiles } from "../../dist/profiles/index.js";
import { standards } from "../../dist/standards/index.js";
import { recordFormatter } from "../../dist/write/writers.js";
import { eachLine } from "./lines.js";

const checker = createChecker(standards, profiles);
const csv = process.argv.includes("--csv") ? recordFormatter("csv") : undefined;
let events = 0,
  valid = 0,
  lineNumber = 0,
  bytes = 0;
let records = [];
const none = new Map();
// A class, as the reader's own events are: an object literal with a getter per event leaves far more
// behind for the collector (26 MB surviving the young generation on 23 000 events, against 1.5 MB),
// which a tight loop of the rules must not be charged with.
class Event {
  constructor(value, at, source, line) {
    this.value = value;
    this.entities = none;
    this.at = at;
    this.source = source;
    this.line = line;
  }
  get anchor() {
    return startOf(this.source.text, this.line);
  }
}
const check = (value, source, pointer) => {
  const event = new Event(value, { file: "f", line: lineNumber, index: events, pointer }, source, lineNumber);
  events++;
  const outcome = checker.check(event);
  if (outcome.kind === "valid") {
    valid++;
    if (csv) {
      records.push(outcome.record);
      if (records.length === 64) {
        bytes += csv(records).length;
        records = [];
      }
    }
  }
};
await eachLine(process.argv[2], (text) => {
  lineNumber++;
  const value = JSON.parse(text);
  const source = { text, firstLine: lineNumber, keysUnique: true, numbersPlain: true };
  if (isObject(value) && Array.isArray(value.data)) value.data.forEach((e, i) => check(e, source, `/data/${i}`));
  else check(value, source, "");
});
if (csv && records.length > 0) bytes += csv(records).length;
console.log(`${events} events, ${valid} valid${csv ? `, ${bytes} CSV characters` : ""}`);
