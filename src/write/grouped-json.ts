import type { GradeRecord, RecordColumn } from "../types.js";
import { surrogatesShown } from "../shown.js";
import { recordJsonFormatter } from "./record-json.js";

export type GroupBy = "course" | "user";

/**
 * Nested JSON for dashboards: `{course: {user: [records]}}` (or user, then course), keys in order of
 * first appearance. Records without a course or user are grouped under "" (never dropped). Each
 * record is held as its JSON until the end, and the document is given out a piece at a time, never
 * as one string: a million records would pass the longest string a JavaScript engine can make.
 */
export class GroupedJson {
  private readonly groups = new Map<string, Map<string, string[]>>();
  private readonly then: GroupBy;
  private readonly toJson: (record: GradeRecord) => string;

  constructor(
    private readonly by: GroupBy,
    columns?: readonly RecordColumn[],
  ) {
    this.then = by === "course" ? "user" : "course";
    this.toJson = recordJsonFormatter(columns);
  }

  add(record: GradeRecord): void {
    const outer = record[this.by] ?? "";
    const inner = record[this.then] ?? "";
    let group = this.groups.get(outer);
    if (!group) this.groups.set(outer, (group = new Map()));
    let list = group.get(inner);
    if (!list) group.set(inner, (list = []));
    list.push(this.toJson(record));
  }

  /** The document, a piece at a time: no piece holds more than one record. */
  *pieces(): Generator<string> {
    if (this.groups.size === 0) {
      yield "{}\n";
      return;
    }
    let outerSep = "{\n";
    for (const [outer, group] of this.groups) {
      yield `${outerSep}  ${JSON.stringify(surrogatesShown(outer))}: {\n`;
      let innerSep = "";
      for (const [inner, list] of group) {
        yield `${innerSep}    ${JSON.stringify(surrogatesShown(inner))}: [\n`;
        for (const [k, json] of list.entries()) yield `${k > 0 ? ",\n" : ""}      ${json}`;
        yield "\n    ]";
        innerSep = ",\n";
      }
      yield "\n  }";
      outerSep = ",\n";
    }
    yield "\n}\n";
  }
}
