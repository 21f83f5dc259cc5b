import { skipValue } from "../core/json-scan.js";
import type { Diagnostic } from "../diagnostics.js";
import type { GradeItem } from "../grade.js";

type Reject = Extract<GradeItem, { kind: "reject" }>;

/** A reject as plain data: what a worker thread hands back, and what a rejects line says. */
export interface RejectEntry {
  file: string;
  line: number;
  index?: number;
  pointer?: string;
  reason: Reject["reason"];
  diagnostics: Pick<Diagnostic, "code" | "severity" | "message" | "pointer" | "line" | "column">[];
  /** The event's own text on one line, when it was parsed. */
  event?: string;
  /** The unparsable text, when there is one. */
  text?: string;
  /** A line that is not UTF-8: its bytes, in base64. */
  bytes_base64?: string;
}

export function rejectEntry(reject: Reject): RejectEntry {
  const index = reject.event
    ? reject.event.at.index >= 0
      ? reject.event.at.index
      : undefined
    : reject.diagnostics[0]?.index;
  return {
    file: reject.file,
    line: reject.line,
    ...(index !== undefined && { index }),
    ...(reject.event && index !== undefined && { pointer: reject.event.at.pointer }),
    reason: reject.reason,
    diagnostics: reject.diagnostics.map(({ code, severity, message, pointer, line, column }) => ({
      code,
      severity,
      message,
      pointer,
      line,
      column,
    })),
    ...(reject.event && { event: verbatim(reject.event.source.text, reject.event.anchor.offset) }),
    ...(!reject.event && reject.text !== undefined && { text: reject.text }),
    ...(!reject.event && reject.bytesBase64 !== undefined && { bytes_base64: reject.bytesBase64 }),
  };
}

/**
 * One NDJSON line per event that was not converted: where it came from, why, and the event itself,
 * verbatim (its own text, so numbers keep their digits), ready to be fixed and fed back. An
 * unparsable line is carried as a string under `text`, one that is not UTF-8 as its bytes in base64
 * under `bytes_base64` (after the other fields); a line over --max-event-bytes is not carried
 * at all (holding it is what the limit prevents): its file, line and index say where it is.
 */
export function formatReject(entry: RejectEntry): string {
  const { event, text, ...head } = entry;
  const fields = JSON.stringify(head).slice(0, -1);
  if (event !== undefined) return `${fields},"event":${event}}\n`;
  return `${fields}${text !== undefined ? `,"text":${JSON.stringify(text)}` : ""}}\n`;
}

export function rejectLine(reject: Reject): string {
  return formatReject(rejectEntry(reject));
}

/** The event's own text, on one line: a raw newline can only be whitespace between JSON tokens. */
function verbatim(text: string, offset: number): string {
  return text.slice(offset, skipValue(text, offset)).replace(/\r?\n\s*/g, " ");
}
