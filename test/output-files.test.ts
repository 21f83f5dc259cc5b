/** What an output file is given (mode, owner), which entries of a shared folder are not followed, and temporary names. */
import { describe, expect, it } from "vitest";
import { keptOwnership } from "../src/write/ownership.js";
import { mayFollow } from "../src/write/shared-folder.js";
import { temporaryName, temporaryOwner } from "../src/write/temporaries.js";

describe("mayFollow: a link (or a file) in a sticky folder is used only if ours or the folder owner's", () => {
  const sticky = { mode: 0o41777, uid: 0 };
  it.each([
    ["a folder without the sticky bit: anyone's", { uid: 1001 }, { mode: 0o40777, uid: 0 }, 1000, true],
    ["sticky: ours", { uid: 1000 }, sticky, 1000, true],
    ["sticky: the folder owner's", { uid: 0 }, sticky, 1000, true],
    ["sticky: another user's", { uid: 1001 }, sticky, 1000, false],
    ["sticky: another user's, and we are root", { uid: 1001 }, sticky, 0, false],
    [
      "sticky, not world-writable (a group's shared folder): another user's",
      { uid: 1001 },
      { mode: 0o41770, uid: 0 },
      1000,
      false,
    ],
    ["sticky, owned by a user: that user's", { uid: 1001 }, { mode: 0o41777, uid: 1001 }, 1000, true],
  ])("%s", (_, entry, folder, uid, expected) => {
    expect(mayFollow(entry, folder, uid)).toBe(expected);
  });
});

describe("keptOwnership: a replaced file keeps its mode and owner; --private makes it 0600", () => {
  const user = { uid: 1000, gids: [1000, 50] };
  const root = { uid: 0, gids: [0] };
  it.each([
    ["a new file: as created (0666 less the umask)", undefined, user, false, {}],
    ["a new file, --private: 0600", undefined, user, true, { mode: 0o600 }],
    ["ours, 0600", { mode: 0o100600, uid: 1000, gid: 1000 }, user, false, { mode: 0o600, gid: 1000 }],
    ["ours, 0640, a group we are in", { mode: 0o100640, uid: 1000, gid: 50 }, user, false, { mode: 0o640, gid: 50 }],
    [
      "0640, a group we are not in: its group bits go, never to our group",
      { mode: 0o100640, uid: 1000, gid: 60 },
      user,
      false,
      { mode: 0o600 },
    ],
    [
      "another user's, 0664, our group: becomes ours, mode kept",
      { mode: 0o100664, uid: 1001, gid: 50 },
      user,
      false,
      { mode: 0o664, gid: 50 },
    ],
    [
      "setuid, setgid and sticky bits are not carried",
      { mode: 0o107755, uid: 1000, gid: 1000 },
      user,
      false,
      { mode: 0o755, gid: 1000 },
    ],
    ["replaced, --private: 0600", { mode: 0o100644, uid: 1000, gid: 50 }, user, true, { mode: 0o600, gid: 50 }],
    [
      "root: owner and group kept",
      { mode: 0o100640, uid: 1000, gid: 60 },
      root,
      false,
      { mode: 0o640, uid: 1000, gid: 60 },
    ],
    [
      "root, --private: owner and group kept, 0600",
      { mode: 0o100644, uid: 1000, gid: 60 },
      root,
      true,
      { mode: 0o600, uid: 1000, gid: 60 },
    ],
  ])("%s", (_, old, me, privately, expected) => {
    expect(keptOwnership(old, me, privately)).toEqual(expected);
  });
});

describe("temporary names say whose they are: this host and process", () => {
  it("a temporary name is recognised, with its process id; other names are not ours", () => {
    const name = temporaryName("/data/grades.csv", "tmp", 4242).split("/").pop()!;
    expect(name).toMatch(/^\.grades\.csv\.gradeev-[0-9a-f]{8}-4242-[0-9a-f]{8}\.tmp$/);
    expect(temporaryOwner(name)).toEqual({ host: expect.stringMatching(/^[0-9a-f]{8}$/), pid: 4242 });
    expect(temporaryOwner(temporaryName("/data/grades.csv", "old", 7).split("/").pop()!)?.pid).toBe(7);
    for (const other of [
      "grades.csv",
      ".grades.csv.1a2b3c4d.tmp",
      ".grades.csv.gradeev-zz-1-12345678.tmp",
      `${name}~`,
      "gradeev-0a0b0c0d-1-12345678.tmp",
    ])
      expect(temporaryOwner(other), other).toBeUndefined();
  });
});
