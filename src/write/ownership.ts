/** Who we run as: the user, and every group we are in. */
export interface Identity {
  uid: number;
  gids: readonly number[];
}

export function processIdentity(): Identity {
  return { uid: process.geteuid?.() ?? -1, gids: [process.getegid?.() ?? -1, ...(process.getgroups?.() ?? [])] };
}

/** What to give a new output file: a mode, and the owner and group to keep (undefined: as created). */
export interface Ownership {
  mode?: number;
  uid?: number;
  gid?: number;
}

/**
 * What an output file gets, as a shell's `>` would leave it: a replaced file keeps its permission
 * bits, and its owner and group where we can set them (root sets both; a user may set a group they
 * are in). When the group cannot be kept, its bits go: our own group must not get what the old one
 * had. A new file is left as created, 0666 less the umask. `privately` (--private): 0600 either way.
 */
export function keptOwnership(
  old: { mode: number; uid: number; gid: number } | undefined,
  me: Identity,
  privately: boolean,
): Ownership {
  if (old === undefined) return privately ? { mode: 0o600 } : {};
  const mode = privately ? 0o600 : old.mode & 0o777; // setuid, setgid and sticky mean nothing on a data file
  if (me.uid === 0) return { mode, uid: old.uid, gid: old.gid };
  if (!me.gids.includes(old.gid)) return { mode: mode & ~0o070 };
  return { mode, gid: old.gid };
}
