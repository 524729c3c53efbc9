import { chooseSuccess } from '../mock/findResponse.ts';
import { pickMediaType } from '../mock/renderResponse.ts';
import { objectProperties, schemaTypes } from '../mock/schemaView.ts';
import { followRef } from '../spec/followRef.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { joinPointer } from '../spec/jsonPointer.ts';
import type { OperationSpec, SchemaLocation } from '../spec/types.ts';
import type { ListFilter, ListPlan, Pagination } from './types.ts';

const TOTAL_FIELDS = [
  'total',
  'totalCount',
  'total_count',
  'count',
  'totalItems',
  'total_items',
  'totalElements',
];
const LIMIT_PARAMETERS = ['limit', 'per_page', 'perPage', 'pageSize', 'page_size', 'size', 'take'];
const OFFSET_PARAMETERS = ['offset', 'skip', 'start'];
const PAGE_PARAMETERS = ['page', 'pageNumber', 'page_number'];

/** The schema of an operation's success answer (its lowest documented 2xx), when it has one. */
export function successSchema(operation: OperationSpec): SchemaLocation | undefined {
  const success = chooseSuccess(operation);
  return success && pickMediaType(success.response)?.schema;
}

/** The item schema of a list answer: a bare array, or an object holding exactly one array of objects. */
export function listItemsSchema(document: JsonObject, operation: OperationSpec): SchemaLocation | undefined {
  const location = successSchema(operation);
  return location && arrayOf(document, location)?.items;
}

interface FoundArray {
  /** `''` for a bare array, else the property holding it. */
  readonly field: string;
  readonly items: SchemaLocation;
}

function arrayOf(document: JsonObject, location: SchemaLocation): FoundArray | undefined {
  const at = resolve(document, location);
  const types = isRecord(at.schema) ? schemaTypes(at.schema) : [];
  if (types.includes('array')) {
    const items = itemsOf(document, at);
    return items && { field: '', items };
  }
  if (types.length > 0 && !types.includes('object')) return undefined;
  const arrays = ownProperties(document, at).filter((property) => {
    const resolved = resolve(document, property.location);
    return isRecord(resolved.schema) && schemaTypes(resolved.schema).includes('array');
  });
  const [only] = arrays;
  if (arrays.length !== 1 || only === undefined) return undefined;
  const items = itemsOf(document, resolve(document, only.location));
  return items && { field: only.name, items };
}

function itemsOf(document: JsonObject, array: SchemaLocation): SchemaLocation | undefined {
  if (!isRecord(array.schema) || array.schema['items'] === undefined) return undefined;
  const items = { pointer: joinPointer(array.pointer, 'items'), schema: array.schema['items'] };
  const resolved = resolve(document, items);
  const types = isRecord(resolved.schema) ? schemaTypes(resolved.schema) : [];
  return types.length === 0 || types.includes('object') ? items : undefined;
}

/** The properties of an object schema with where each one is written (through `allOf` too). */
function ownProperties(
  document: JsonObject,
  at: SchemaLocation,
): { name: string; location: SchemaLocation }[] {
  if (!isRecord(at.schema)) return [];
  const out: { name: string; location: SchemaLocation }[] = [];
  const properties = at.schema['properties'];
  if (isRecord(properties)) {
    for (const [name, schema] of Object.entries(properties))
      out.push({ name, location: { pointer: joinPointer(at.pointer, 'properties', name), schema } });
  }
  const parts = at.schema['allOf'];
  if (Array.isArray(parts)) {
    parts.forEach((part, i) => {
      out.push(
        ...ownProperties(
          document,
          resolve(document, { pointer: joinPointer(at.pointer, 'allOf', i), schema: part }),
        ),
      );
    });
  }
  return out;
}

function resolve(document: JsonObject, location: SchemaLocation): SchemaLocation {
  const { value, pointer } = followRef(document, location.schema, location.pointer);
  return { pointer, schema: value };
}

/**
 * How a list operation reads the store: where its answer keeps the objects, which parameters filter them (path
 * parameters other than the scope, and query parameters, that name a property of the objects), and how it pages.
 */
export function listPlanFor(
  document: JsonObject,
  operation: OperationSpec,
  stored: SchemaLocation | undefined,
  scopeParams: readonly string[],
): ListPlan | undefined {
  const location = successSchema(operation);
  const found = location && arrayOf(document, location);
  if (!found) return undefined;
  const itemProperties = objectProperties(document, (stored ?? found.items).schema).properties;
  const filters: ListFilter[] = [];
  const pagination: { limit?: string; offset?: string; page?: string } = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path' && !scopeParams.includes(parameter.name) && parameter.name in itemProperties)
      filters.push({ in: 'path', parameter: parameter.name, field: parameter.name });
    if (parameter.in !== 'query') continue;
    if (LIMIT_PARAMETERS.includes(parameter.name)) pagination.limit ??= parameter.name;
    else if (OFFSET_PARAMETERS.includes(parameter.name)) pagination.offset ??= parameter.name;
    else if (PAGE_PARAMETERS.includes(parameter.name)) pagination.page ??= parameter.name;
    else if (parameter.name in itemProperties)
      filters.push({ in: 'query', parameter: parameter.name, field: parameter.name });
  }
  const wrapper = found.field === '' ? {} : objectProperties(document, location.schema).properties;
  const totalFields = TOTAL_FIELDS.filter((name) => name in wrapper);
  const plan: Pagination = pagination;
  return { shape: { arrayField: found.field, totalFields }, filters, pagination: plan };
}
