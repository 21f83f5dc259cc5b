import { skipValue } from "../core/json-scan.js";
import type { GradeItem } from "../grade.js";

type Reject = Extract<GradeItem, { kind: "reject" }>;

/**
 * One NDJSON line per event that was not converted: where it came from, why, and the event itself,
 * verbatim (its own text, so numbers keep their digits), ready to be fixed and fed back. An
 * unparsable line is carried as a string under `text`; a line over --max-event-bytes is not carried
 * at all (holding it is what the limit prevents): its file, line and index say where it is.
 */
export function rejectLine(reject: Reject): string {
  const head = {
    file: reject.file,
    line: reject.line,
    ...(reject.event && reject.event.at.index >= 0 && { index: reject.event.at.index, pointer: reject.event.at.pointer }),
    ...(!reject.event && reject.diagnostics[0]?.index !== undefined && { index: reject.diagnostics[0].index }),
    reason: reject.reason,
    diagnostics: reject.diagnostics.map(({ code, severity, message, pointer, line, column }) => ({ code, severity, message, pointer, line, column })),
  };
  const fields = JSON.stringify(head).slice(0, -1);
  if (reject.event) return `${fields},"event":${verbatim(reject.event.source.text, reject.event.anchor.offset)}}\n`;
  return `${fields}${reject.text !== undefined ? `,"text":${JSON.stringify(reject.text)}` : ""}}\n`;
}

/** The event's own text, on one line: a raw newline can only be whitespace between JSON tokens. */
function verbatim(text: string, offset: number): string {
  return text.slice(offset, skipValue(text, offset)).replace(/\r?\n\s*/g, " ");
}
