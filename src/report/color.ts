import type { ChalkInstance } from "chalk";

type Paint = (text: string) => string;

/** What the text report paints with: chalk, or plain text when there is no colour (chalk not even loaded). */
export interface Painter {
  red: Paint & { bold: Paint };
  yellow: { bold: Paint };
  green: Paint;
  cyan: Paint;
  bold: Paint;
  dim: Paint;
}

const same: Paint = (text) => text;
const PLAIN: Painter = {
  red: Object.assign((text: string) => text, { bold: same }),
  yellow: { bold: same },
  green: same,
  cyan: same,
  bold: same,
  dim: same,
};

/**
 * Colour only on a terminal. FORCE_COLOR wins (chalk reads it); otherwise a non-empty NO_COLOR
 * (no-color.org) turns colour off, which chalk does not check by itself. Chalk is loaded only when
 * colour may be wanted: most runs (in CI, to a pipe, to a file) never need it. A report written to
 * a file (`none`) is never painted, FORCE_COLOR or not: it is read as text, not shown.
 */
export async function painterFor(
  stream: "stdout" | "stderr" | "none",
  isTTY: boolean,
  env: NodeJS.ProcessEnv,
): Promise<Painter> {
  if (stream === "none") return PLAIN;
  if (env.FORCE_COLOR === undefined && (!isTTY || (env.NO_COLOR ?? "") !== "")) return PLAIN;
  const { Chalk, supportsColor, supportsColorStderr } = await import("chalk");
  const detected = stream === "stdout" ? supportsColor : supportsColorStderr;
  const chalk: ChalkInstance = new Chalk({
    level: env.FORCE_COLOR !== undefined || isTTY ? (detected ? detected.level : 0) : 0,
  });
  return chalk;
}
