import type { GradeRecord, RecordColumn } from "../types.js";
import { surrogatesShown } from "../core/shown.js";
import { recordToJson } from "./record-json.js";

export type GroupBy = "course" | "user";

/**
 * Nested JSON for dashboards: `{course: {user: [records]}}` (or user, then course), keys in order of
 * first appearance. Records without a course or user are grouped under "" (never dropped).
 */
export function groupedJson(records: readonly GradeRecord[], by: GroupBy, columns?: readonly RecordColumn[]): string {
  const then: GroupBy = by === "course" ? "user" : "course";
  const groups = new Map<string, Map<string, string[]>>();
  for (const record of records) {
    const outer = record[by] ?? "";
    const inner = record[then] ?? "";
    let group = groups.get(outer);
    if (!group) groups.set(outer, (group = new Map()));
    const list = group.get(inner) ?? [];
    list.push(recordToJson(record, columns));
    group.set(inner, list);
  }
  const body = [...groups]
    .map(([outer, group]) => {
      const inner = [...group].map(([key, list]) => `    ${JSON.stringify(surrogatesShown(key))}: [\n      ${list.join(",\n      ")}\n    ]`).join(",\n");
      return `  ${JSON.stringify(surrogatesShown(outer))}: {\n${inner}\n  }`;
    })
    .join(",\n");
  return groups.size === 0 ? "{}\n" : `{\n${body}\n}\n`;
}
