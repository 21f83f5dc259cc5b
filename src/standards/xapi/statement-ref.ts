/** Statement References (xAPI-Data §2.4.4.3): `{"objectType": "StatementRef", "id": <UUID>}`, nothing else. */
import {
  checkUuid,
  hasOwn,
  isObject,
  missing,
  nullValue,
  objectTypeOf,
  unknownProperty,
  wrongObjectType,
  wrongType,
} from "./values.js";
import { enter, leave, type Segment } from "./walk.js";

const STATEMENT_REF_KEYS = ["objectType", "id"] as const;

export function checkStatementRef(value: unknown, key: Segment): void {
  if (value === null) return;
  if (!isObject(value)) {
    wrongType(key, "statementRefObject", value);
    return;
  }
  enter(key);
  let objectType: unknown;
  let id: unknown;
  for (const k in value) {
    if (!hasOwn(value, k)) continue;
    const v = value[k];
    switch (k) {
      case "objectType":
        objectType = v;
        break;
      case "id":
        id = v;
        break;
      default:
        unknownProperty(k, "statementRef", STATEMENT_REF_KEYS);
        continue;
    }
    if (v === null) nullValue(k);
  }
  const type = objectTypeOf(objectType);
  if (type === undefined) missing("objectType", "statementRefTyped");
  else if (type !== null && type !== "StatementRef") wrongObjectType(type, "statementRefType");
  if (id === undefined) missing("id", "statementRef");
  else checkUuid(id, "id");
  leave();
}
