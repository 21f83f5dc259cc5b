import type { Diagnostic } from "../diagnostics.js";

/**
 * `event #3 urn:uuid:…, at /data/0/id`: which event a diagnostic is about and where inside it, worded
 * as the text report words it, for formats that carry a single message field.
 */
export function eventAndPointer(d: Diagnostic): string | undefined {
  const parts: string[] = [];
  if (d.index !== undefined) parts.push(`event #${d.index}${d.eventId !== undefined ? ` ${d.eventId}` : ""}`);
  if (d.pointer !== undefined) parts.push(`at ${d.pointer === "" ? "/" : d.pointer}`);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** `message (event #3, at /data/0/object/score)`. */
export function messageWithContext(d: Diagnostic): string {
  const context = eventAndPointer(d);
  return context === undefined ? d.message : `${d.message} (${context})`;
}

/**
 * The first `length` UTF-16 code units of `text`, one fewer rather than half a surrogate pair: a
 * lone surrogate is not text (not UTF-8, not XML, not JSON that every reader accepts).
 */
export function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const end = Math.max(0, length);
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}
