import type { Io } from "./io.js";

/** One progress line: how far, how fast, how long left. Pure, for the tests. */
export function progressLine(read: number, total: number | undefined, events: number, seconds: number): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
  const rate = seconds > 0 ? Math.round(events / seconds) : 0;
  const parts = [
    total ? `${Math.min(100, Math.floor((read / total) * 100))}% (${mb(read)} of ${mb(total)})` : mb(read),
    `${rate.toLocaleString("en-US")} events/s`,
  ];
  if (total && read > 0 && read < total) {
    const left = Math.round((seconds * (total - read)) / read);
    parts.push(`${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")} left`);
  }
  return `gradeev: ${parts.join(", ")}`;
}

/**
 * Progress on standard error, for people watching a terminal: only when stderr is one, never with
 * --quiet or a machine format, and only once a run has lasted a second (GRADEEV_PROGRESS_AFTER_MS).
 * Anything else written to stderr clears the line first.
 */
export function startProgress(io: Io, options: { quiet?: boolean; format: string }, events: () => number) {
  const enabled = io.stderr.isTTY === true && !options.quiet && options.format === "text";
  let read = 0;
  let total: number | undefined;
  let shown = false;
  const started = Date.now();
  // Both knobs exist for the tests, which cannot wait a second on a loaded machine.
  const after = Number(io.env.GRADEEV_PROGRESS_AFTER_MS ?? 1000);
  const every = Number(io.env.GRADEEV_PROGRESS_EVERY_MS ?? 200);
  const clear = () => {
    if (shown) io.stderr.write("\r\x1b[K");
    shown = false;
  };
  const timer = enabled
    ? setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed < after) return;
        io.stderr.write(`\r\x1b[K${progressLine(read, total, events(), elapsed / 1000)}`);
        shown = true;
      }, every)
    : undefined;
  timer?.unref();
  return {
    reader: enabled
      ? { total: (bytes: number | undefined) => void (total = bytes), read: (bytes: number) => void (read += bytes) }
      : undefined,
    clear,
    stop() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
