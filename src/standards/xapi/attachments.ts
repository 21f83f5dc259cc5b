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
import { enter, finding, leave, pathTo, shown } from "./walk.js";

const ATTACHMENT_KEYS = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"] as const;
/** §2.6: a signature is a JWS attachment with this usageType, and its contentType MUST be application/octet-stream. */
const SIGNATURE = "http://adlnet.gov/expapi/attachments/signature";

export function checkAttachments(attachments: unknown): void {
  if (!Array.isArray(attachments)) {
    wrongType("attachments", "an array of Attachment objects", attachments);
    return;
  }
  enter("attachments");
  for (let i = 0; i < attachments.length; i++) {
    const attachment: unknown = attachments[i];
    if (attachment === null) nullValue(i);
    else if (!isObject(attachment)) wrongType(i, "an Attachment (an object)", attachment);
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
        unknownProperty(k, "an Attachment", ATTACHMENT_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  if (usageType === undefined) missing("usageType", "an Attachment");
  else checkIri(usageType, "usageType");
  if (display === undefined) missing("display", "an Attachment");
  else checkLanguageMap(display, "display");
  if (given(description)) checkLanguageMap(description, "description");
  if (contentType === undefined) missing("contentType", "an Attachment");
  else if (isString(contentType, "contentType")) {
    if (!isMediaType(contentType)) {
      finding(
        "XAPI_ATTACHMENT",
        "invalid",
        "contentType",
        `${pathTo("contentType")} must be an Internet media type such as application/pdf, not ${shown(contentType)}`,
      );
    } else if (usageType === SIGNATURE && contentType !== "application/octet-stream") {
      finding(
        "XAPI_ATTACHMENT",
        "invalid",
        "contentType",
        `${pathTo("contentType")} must be application/octet-stream for a signature attachment, not ${shown(contentType)}`,
      );
    }
  }
  if (length === undefined) missing("length", "an Attachment");
  else if (length !== null && (typeof length !== "number" || !Number.isInteger(length) || length < 0)) {
    wrongType("length", "a whole number of octets (a JSON number)", length);
  }
  if (sha2 === undefined) missing("sha2", "an Attachment");
  else if (isString(sha2, "sha2") && !isSha2(sha2)) {
    finding(
      "XAPI_ATTACHMENT",
      "invalid",
      "sha2",
      `${pathTo("sha2")} must be a SHA-2 hash in hex (56, 64, 96 or 128 hex digits), not ${shown(sha2)}`,
    );
  }
  if (given(fileUrl)) checkIri(fileUrl, "fileUrl", "an IRL");
  leave();
}
