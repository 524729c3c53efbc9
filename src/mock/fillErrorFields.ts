import { statusText } from '../http/statusText.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { allowsType, derefSchema, objectProperties } from './schemaView.ts';

const STATUS_FIELDS = ['statusCode', 'status_code', 'status', 'code'];
const TEXT_FIELDS = ['message', 'error', 'detail', 'error_description', 'description', 'title'];

/**
 * Puts a validation message into a generated error body, wherever the API's own error shape keeps it: a numeric
 * status field gets the status; `message` (or the first text field) gets the message; when the shape has both
 * `message` and `error`, `error` gets the reason phrase (`Bad Request`). Fields with an enum or pattern are left alone.
 */
export function fillErrorFields(
  document: JsonObject,
  schema: unknown,
  body: unknown,
  status: number,
  message: string,
): unknown {
  if (!isRecord(body)) return body;
  const { properties } = objectProperties(document, schema);
  const writable = (name: string, type: string): boolean => {
    if (!(name in properties)) return false;
    const property = derefSchema(document, properties[name]);
    return (
      allowsType(document, property, type) &&
      !('enum' in property) &&
      !('pattern' in property) &&
      !('const' in property)
    );
  };
  const out = { ...body };
  const statusField = STATUS_FIELDS.find((name) => writable(name, 'integer'));
  if (statusField) out[statusField] = status;
  const textFields = TEXT_FIELDS.filter((name) => name !== statusField && writable(name, 'string'));
  const [primary] = textFields;
  if (primary === undefined) return out;
  out[primary] = message;
  const reasonField = ['error', 'title'].find((name) => name !== primary && textFields.includes(name));
  if (reasonField !== undefined) out[reasonField] = statusText(status);
  return out;
}
