import type { Diagnostic } from "../diagnostics.js";
import { batched, type ReportSink, type ReportWriter } from "./sink.js";
import { Spool, type SpoolOptions } from "./spool.js";
import {
  CASE_END,
  caseOpen,
  caseXml,
  FAILURE_END,
  failureXml,
  problemLine,
  SUITE_TAIL,
  suiteHead,
  SYSTEM_OUT,
  SYSTEM_OUT_END,
  text,
  type JunitOptions,
} from "./junit.js";

/**
 * The same bytes as formatJunit, written as a stream. The suite's totals come first and a case
 * lists its errors before its warnings, in the order of the files given, whatever order the
 * diagnostics come in: each diagnostic's line waits in a spool (memory, then a temporary file) and
 * only a few numbers per diagnostic stay in memory (its file, event, severity and code), by which the
 * lines are put in order at the end.
 */
export function createJunitReport(
  sink: ReportSink,
  options: Pick<JunitOptions, "perEvent"> & SpoolOptions = {},
): ReportWriter {
  const spool = new Spool(options);
  const fileIds = new Map<string, number>();
  const names: string[] = [];
  const listed: number[] = [];
  const isListed = new Set<number>();
  const codeIds = new Map<string, number>();
  const codes: string[] = [];
  let fileOf = new Uint32Array(1024);
  let eventOf = new Float64Array(1024); // -1: a diagnostic of the file itself
  let isError = new Uint8Array(1024);
  let codeOf = new Uint32Array(1024);
  const idOf = (map: Map<string, number>, list: string[], key: string) => {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = list.push(key) - 1));
    return id;
  };
  return {
    file(name) {
      const id = idOf(fileIds, names, name);
      if (isListed.has(id)) return;
      listed.push(id);
      isListed.add(id);
    },
    async diagnostic(d: Diagnostic) {
      const i = spool.count;
      if (i === fileOf.length)
        [fileOf, eventOf, isError, codeOf] = [grow(fileOf), grow(eventOf), grow(isError), grow(codeOf)];
      fileOf[i] = idOf(fileIds, names, d.file);
      eventOf[i] = options.perEvent === true && d.index !== undefined ? d.index : -1;
      isError[i] = d.severity === "error" ? 1 : 0;
      codeOf[i] = idOf(codeIds, codes, d.code);
      await spool.append(text(problemLine(d)));
    },
    async end(summary) {
      const count = spool.count;
      // Files given first, then those only the diagnostics name (ids are in order of first sight).
      const rank = new Uint32Array(names.length).fill(0xffffffff);
      const fileOrder = [...listed];
      for (let id = 0; id < names.length; id++) if (!isListed.has(id)) fileOrder.push(id);
      fileOrder.forEach((id, r) => (rank[id] = r));
      const order = new Uint32Array(count).map((_, i) => i);
      order.sort(
        (a, b) =>
          (rank[fileOf[a] ?? 0] ?? 0) - (rank[fileOf[b] ?? 0] ?? 0) ||
          (eventOf[a] ?? 0) - (eventOf[b] ?? 0) ||
          (isError[b] ?? 0) - (isError[a] ?? 0) ||
          a - b,
      );
      const cases = () => testCases(fileOrder, order, { fileOf, eventOf, isError }, names, options.perEvent === true);
      let tests = 0;
      let failures = 0;
      for (const c of cases()) {
        tests++;
        if (c.errorsEnd > c.start) failures++;
      }
      const out = batched(sink);
      await out.add(suiteHead(tests, failures, summary));
      const lines = spool.read(order)[Symbol.asyncIterator]();
      const next = async () => (await lines.next()).value ?? "";
      for (const c of cases()) {
        if (sink.closed()) return;
        if (c.end === c.start) {
          await out.add(caseXml(c.name));
          continue;
        }
        await out.add(caseOpen(c.name));
        if (c.errorsEnd > c.start) {
          const caseCodes: string[] = [];
          for (let p = c.start; p < c.errorsEnd; p++) caseCodes.push(codes[codeOf[order[p] ?? 0] ?? 0] ?? "");
          await out.add(failureXml(c.errorsEnd - c.start, caseCodes));
          for (let p = c.start; p < c.errorsEnd; p++) await out.add(`${p > c.start ? "\n" : ""}${await next()}`);
          await out.add(FAILURE_END);
        }
        if (c.end > c.errorsEnd) {
          await out.add(SYSTEM_OUT);
          for (let p = c.errorsEnd; p < c.end; p++) await out.add(`${p > c.errorsEnd ? "\n" : ""}${await next()}`);
          await out.add(SYSTEM_OUT_END);
        }
        await out.add(CASE_END);
      }
      await out.add(SUITE_TAIL);
      await out.flush();
    },
    close: () => spool.close(),
  };
}

/** A test case: its name and its diagnostics, positions [start, end) in the sorted order, errors first. */
interface CaseRange {
  name: string;
  start: number;
  errorsEnd: number;
  end: number;
}

interface Columns {
  fileOf: Uint32Array;
  eventOf: Float64Array;
  isError: Uint8Array;
}

/** The cases as formatJunit makes them, from diagnostics sorted by file rank, event, errors first. */
function* testCases(
  fileOrder: readonly number[],
  order: Uint32Array,
  columns: Columns,
  names: readonly string[],
  perEvent: boolean,
): Generator<CaseRange> {
  const { fileOf, eventOf, isError } = columns;
  let p = 0;
  const at = (q: number) => order[q] ?? 0;
  // Positions from `start` while `same` holds, split where the errors end.
  const run = (name: string, start: number, same: (i: number) => boolean): CaseRange => {
    let q = start;
    while (q < order.length && same(at(q)) && isError[at(q)] === 1) q++;
    const errorsEnd = q;
    while (q < order.length && same(at(q))) q++;
    return { name, start, errorsEnd, end: q };
  };
  for (const file of fileOrder) {
    const name = names[file] ?? "";
    const inFile = (i: number) => fileOf[i] === file;
    if (!perEvent) {
      const c = run(name, p, inFile);
      p = c.end;
      yield c;
      continue;
    }
    const fileLevel = run(name, p, (i) => inFile(i) && eventOf[i] === -1);
    p = fileLevel.end;
    const hasEvents = p < order.length && inFile(at(p));
    if (fileLevel.end > fileLevel.start || !hasEvents) yield fileLevel;
    while (p < order.length && inFile(at(p))) {
      const index = eventOf[at(p)] ?? 0;
      const c = run(`${name}#${index}`, p, (i) => inFile(i) && eventOf[i] === index);
      p = c.end;
      yield c;
    }
  }
}

function grow<T extends Uint8Array | Uint32Array | Float64Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}
