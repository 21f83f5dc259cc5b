import { Chalk, type ChalkInstance, supportsColor, supportsColorStderr } from "chalk";

/**
 * Colour only on a terminal. FORCE_COLOR wins (chalk reads it); otherwise a non-empty NO_COLOR
 * (no-color.org) turns colour off, which chalk does not check by itself.
 */
export function painterFor(stream: "stdout" | "stderr", isTTY: boolean, env: NodeJS.ProcessEnv): ChalkInstance {
  if (env.FORCE_COLOR === undefined && (env.NO_COLOR ?? "") !== "") return new Chalk({ level: 0 });
  const detected = stream === "stdout" ? supportsColor : supportsColorStderr;
  if (env.FORCE_COLOR !== undefined) return new Chalk({ level: detected ? detected.level : 0 });
  return new Chalk({ level: isTTY && detected ? detected.level : 0 });
}
