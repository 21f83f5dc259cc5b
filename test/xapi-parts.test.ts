/** The xAPI profiles' readers of one key each (src/profiles/xapi/_parts.ts) read what prop() reads. */
import { describe, expect, it } from "vitest";
import { prop } from "../src/core/json.js";
import * as parts from "../src/profiles/xapi/_parts.js";
import { contextActivitiesIn } from "../src/profiles/xapi/_parts.js";

/** `fooOf` reads "foo"; `mboxSha1sumOf` reads "mbox_sha1sum". */
function keyOf(reader: string): string {
  const key = reader.slice(0, -2);
  return key === "mboxSha1sum" ? "mbox_sha1sum" : key;
}

const readers = Object.entries(parts).filter(([name]) => name.endsWith("Of")) as [
  string,
  (value: unknown) => unknown,
][];

/** Every way a key can be there or not: own, own null, inherited only, absent, and values that are no objects. */
function holders(key: string): unknown[] {
  return [
    { [key]: "own", other: 1 },
    { [key]: null },
    Object.create({ [key]: "inherited" }) as unknown,
    { other: 1 },
    [key],
    `${key}`,
    null,
    undefined,
    7,
  ];
}

describe("xAPI profile readers", () => {
  it("cover the keys the profiles read", () => {
    expect(readers.map(([name]) => keyOf(name)).sort()).toEqual(
      [
        "account",
        "context",
        "contextActivities",
        "definition",
        "extensions",
        "homePage",
        "id",
        "max",
        "mbox",
        "mbox_sha1sum",
        "min",
        "name",
        "object",
        "objectType",
        "openid",
        "platform",
        "raw",
        "result",
        "scaled",
        "score",
        "stored",
        "success",
        "type",
        "verb",
      ].sort(),
    );
  });

  it.each(readers)("%s reads its key as prop() does: own properties only", (name, read) => {
    for (const holder of holders(keyOf(name))) expect(read(holder)).toBe(prop(holder, keyOf(name)));
  });

  it.each(["parent", "grouping", "category", "other"] as const)(
    "contextActivitiesIn reads %s as prop() does",
    (kind) => {
      for (const holder of holders(kind)) expect(contextActivitiesIn(holder, kind)).toBe(prop(holder, kind));
    },
  );
});
