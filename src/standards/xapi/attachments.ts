/**
 * Attachment metadata (xAPI-Data §2.4.11). Only the statement's JSON is judged: whether the
 * attachment bytes arrived with it is a matter for the request, not for a file of statements.
 */
import type { JsonObject } from "../../core/json.js";
import { isMediaType, isSha2 } from "./formats.js";
import {
  checkIri,
  checkLanguageMap,
  given,
  hasOwn,
  isObject,
  isString,
  missing,
  nullValue,
  unknownProperty,
  wrongType,
} from "./values.js";
import { diagnosticAt, enter, leave } from "./walk.js";

const ATTACHMENT_KEYS = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"] as const;
/** §2.6: a signature is a JWS attachment with this usageType, and its contentType MUST be application/octet-stream. */
const SIGNATURE = "http://adlnet.gov/expapi/attachments/signature";

export function checkAttachments(attachments: unknown): void {
  if (!Array.isArray(attachments)) {
    wrongType("attachments", "attachmentArray", attachments);
    return;
  }
  enter("attachments");
  for (let i = 0; i < attachments.length; i++) {
    const attachment: unknown = attachments[i];
    if (attachment === null) nullValue(i);
    else if (!isObject(attachment)) wrongType(i, "attachmentObject", attachment);
    else checkAttachment(attachment, i);
  }
  leave();
}

function checkAttachment(attachment: JsonObject, index: number): void {
  enter(index);
  let usageType: unknown;
  let display: unknown;
  let description: unknown;
  let contentType: unknown;
  let length: unknown;
  let sha2: unknown;
  let fileUrl: unknown;
  for (const k in attachment) {
    if (!hasOwn(attachment, k)) continue;
    const v = attachment[k];
    switch (k) {
      case "usageType":
        usageType = v;
        break;
      case "display":
        display = v;
        break;
      case "description":
        description = v;
        break;
      case "contentType":
        contentType = v;
        break;
      case "length":
        length = v;
        break;
      case "sha2":
        sha2 = v;
        break;
      case "fileUrl":
        fileUrl = v;
        break;
      default:
        unknownProperty(k, "attachment", ATTACHMENT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (usageType === undefined) missing("usageType", "attachment");
  else checkIri(usageType, "usageType");
  if (display === undefined) missing("display", "attachment");
  else checkLanguageMap(display, "display");
  if (given(description)) checkLanguageMap(description, "description");
  if (contentType === undefined) missing("contentType", "attachment");
  else if (isString(contentType, "contentType")) {
    if (!isMediaType(contentType)) {
      diagnosticAt("XAPI_ATTACHMENT.mediaType", "invalid", "contentType", { value: contentType });
    } else if (usageType === SIGNATURE && contentType !== "application/octet-stream") {
      diagnosticAt("XAPI_ATTACHMENT.signatureType", "invalid", "contentType", { value: contentType });
    }
  }
  if (length === undefined) missing("length", "attachment");
  else if (length !== null && (typeof length !== "number" || !Number.isInteger(length) || length < 0)) {
    wrongType("length", "octets", length);
  }
  if (sha2 === undefined) missing("sha2", "attachment");
  else if (isString(sha2, "sha2") && !isSha2(sha2)) {
    diagnosticAt("XAPI_ATTACHMENT.sha2", "invalid", "sha2", { value: sha2 });
  }
  if (given(fileUrl)) checkIri(fileUrl, "fileUrl", "irl");
  leave();
}
