import { MockgramError } from '../errors.ts';
import { followRef } from './followRef.ts';
import { isRecord, type JsonObject } from './isRecord.ts';
import { joinPointer } from './jsonPointer.ts';
import type { LoadedDocument } from './readDocument.ts';
import { readBasePath } from './readBasePath.ts';
import {
  HTTP_METHODS,
  type HeaderSpec,
  type MediaTypeSpec,
  type OperationSpec,
  type ParameterLocation,
  type ParameterSpec,
  type RequestBodySpec,
  type ResponseSpec,
  type SchemaLocation,
  type SecurityRequirement,
  type SecuritySchemeSpec,
  type SpecIndex,
} from './types.ts';

const PARAMETER_LOCATIONS = [
  'path',
  'query',
  'header',
  'cookie',
] as const satisfies readonly ParameterLocation[];
const SECURITY_SCHEME_TYPES = [
  'apiKey',
  'http',
  'oauth2',
  'openIdConnect',
  'mutualTLS',
] as const satisfies readonly SecuritySchemeSpec['type'][];
const API_KEY_LOCATIONS = ['header', 'query', 'cookie'] as const;

/** mockgram's mark for what a transcription assumes rather than takes from the API's documentation. */
export function isAssumed(node: unknown): boolean {
  return isRecord(node) && node['x-assumed'] === true;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** Turns a bundled document into the flat list of operations the router, validators and mocker work from. */
export function indexOperations(loaded: LoadedDocument, name?: string): SpecIndex {
  const { document } = loaded;
  const basePath = readBasePath(document);
  const paths = isRecord(document['paths']) ? document['paths'] : {};
  const globalSecurity = readSecurity(document['security']) ?? [];
  const operations: OperationSpec[] = [];

  for (const [path, rawItem] of Object.entries(paths)) {
    const item = followRef(document, rawItem, joinPointer('', 'paths', path));
    if (!isRecord(item.value)) continue;
    const pathItem = item.value;
    const shared = readParameters(document, pathItem['parameters'], joinPointer(item.pointer, 'parameters'));
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isRecord(operation)) continue;
      const pointer = joinPointer(item.pointer, method);
      const own = readParameters(document, operation['parameters'], joinPointer(pointer, 'parameters'));
      operations.push({
        id:
          typeof operation['operationId'] === 'string'
            ? operation['operationId']
            : `${method.toUpperCase()} ${path}`,
        method,
        path,
        // A path may carry a `#fragment` that tells operations apart (converted AWS descriptions): requests never do.
        routePath: `${basePath}${path.split('#')[0] ?? path}`,
        summary: typeof operation['summary'] === 'string' ? operation['summary'] : undefined,
        parameters: mergeParameters(shared, own),
        requestBody: readRequestBody(document, operation['requestBody'], joinPointer(pointer, 'requestBody')),
        responses: readResponses(document, operation['responses'], joinPointer(pointer, 'responses')),
        security: readSecurity(operation['security']) ?? globalSecurity,
        assumed: isAssumed(rawItem) || isAssumed(pathItem) || isAssumed(operation),
      });
    }
  }

  return {
    name: name ?? specName(loaded.source),
    source: loaded.source,
    title:
      isRecord(document['info']) && typeof document['info']['title'] === 'string'
        ? document['info']['title']
        : '',
    version: loaded.version,
    document,
    basePath,
    operations,
    securitySchemes: readSecuritySchemes(document),
  };
}

function schemaAt(container: JsonObject, pointer: string): SchemaLocation | undefined {
  return 'schema' in container
    ? { pointer: joinPointer(pointer, 'schema'), schema: container['schema'] }
    : undefined;
}

function readParameters(document: JsonObject, raw: unknown, pointer: string): ParameterSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry, index) => {
    const { value, pointer: at } = followRef(document, entry, joinPointer(pointer, index));
    if (!isRecord(value) || typeof value['name'] !== 'string' || typeof value['in'] !== 'string') {
      throw new MockgramError('SPEC_INVALID', `parameter at ${at} needs a \`name\` and an \`in\``);
    }
    const location = value['in'];
    if (!isOneOf(PARAMETER_LOCATIONS, location)) {
      throw new MockgramError(
        'SPEC_INVALID',
        `parameter '${value['name']}' at ${at}: \`in\` must be one of ${PARAMETER_LOCATIONS.join(', ')}`,
      );
    }
    const style =
      typeof value['style'] === 'string' ? value['style'] : location === 'query' ? 'form' : 'simple';
    const content = readContent(document, value['content'], joinPointer(at, 'content'))[0];
    return [
      {
        name: location === 'header' ? value['name'].toLowerCase() : value['name'],
        in: location,
        required: value['required'] === true || location === 'path',
        style,
        explode: typeof value['explode'] === 'boolean' ? value['explode'] : style === 'form',
        schema: schemaAt(value, at) ?? content?.schema,
        example: value['example'],
        assumed: isAssumed(entry) || isAssumed(value),
      },
    ];
  });
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(shared: ParameterSpec[], own: ParameterSpec[]): ParameterSpec[] {
  const key = (p: ParameterSpec): string => `${p.in}:${p.name}`;
  const overridden = new Set(own.map(key));
  return [...shared.filter((p) => !overridden.has(key(p))), ...own];
}

function readContent(document: JsonObject, raw: unknown, pointer: string): MediaTypeSpec[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).flatMap(([mediaType, entry]) => {
    if (!isRecord(entry)) return [];
    const at = joinPointer(pointer, mediaType);
    return [
      {
        mediaType: mediaType.toLowerCase(),
        schema: schemaAt(entry, at),
        examples: readExamples(document, entry),
      },
    ];
  });
}

function readExamples(document: JsonObject, container: JsonObject): Map<string, unknown> {
  const examples = new Map<string, unknown>();
  if (isRecord(container['examples'])) {
    for (const [name, raw] of Object.entries(container['examples'])) {
      const { value } = followRef(document, raw, '');
      if (isRecord(value) && 'value' in value) examples.set(name, value['value']);
    }
  }
  if ('example' in container && !examples.has('default')) examples.set('default', container['example']);
  return examples;
}

function readRequestBody(document: JsonObject, raw: unknown, pointer: string): RequestBodySpec | undefined {
  if (raw === undefined) return undefined;
  const { value, pointer: at } = followRef(document, raw, pointer);
  if (!isRecord(value)) return undefined;
  return {
    required: value['required'] === true,
    content: readContent(document, value['content'], joinPointer(at, 'content')),
    assumed: isAssumed(raw) || isAssumed(value),
  };
}

function readResponses(document: JsonObject, raw: unknown, pointer: string): ResponseSpec[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).flatMap(([status, entry]) => {
    const { value, pointer: at } = followRef(document, entry, joinPointer(pointer, status));
    if (!isRecord(value)) return [];
    return [
      {
        status: status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(),
        description: typeof value['description'] === 'string' ? value['description'] : '',
        content: readContent(document, value['content'], joinPointer(at, 'content')),
        headers: readHeaders(document, value['headers'], joinPointer(at, 'headers')),
        assumed: isAssumed(entry) || isAssumed(value),
      },
    ];
  });
}

function readHeaders(document: JsonObject, raw: unknown, pointer: string): HeaderSpec[] {
  if (!isRecord(raw)) return [];
  return Object.entries(raw).flatMap(([name, entry]) => {
    if (name.toLowerCase() === 'content-type') return [];
    const { value, pointer: at } = followRef(document, entry, joinPointer(pointer, name));
    if (!isRecord(value)) return [];
    return [
      {
        name,
        key: name.toLowerCase(),
        required: value['required'] === true,
        schema: schemaAt(value, at),
        example: value['example'],
        assumed: isAssumed(entry) || isAssumed(value),
      },
    ];
  });
}

function readSecurity(raw: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.filter(isRecord).map((requirement) => Object.keys(requirement));
}

function readSecuritySchemes(document: JsonObject): Map<string, SecuritySchemeSpec> {
  const schemes = new Map<string, SecuritySchemeSpec>();
  const components = document['components'];
  const raw = isRecord(components) ? components['securitySchemes'] : undefined;
  if (!isRecord(raw)) return schemes;
  for (const [key, entry] of Object.entries(raw)) {
    const { value } = followRef(document, entry, joinPointer('/components/securitySchemes', key));
    if (!isRecord(value)) continue;
    const type = value['type'];
    if (!isOneOf(SECURITY_SCHEME_TYPES, type)) {
      throw new MockgramError(
        'SPEC_INVALID',
        `security scheme '${key}': \`type\` must be one of ${SECURITY_SCHEME_TYPES.join(', ')}`,
      );
    }
    const location = isOneOf(API_KEY_LOCATIONS, value['in']) ? value['in'] : undefined;
    const parameterName = typeof value['name'] === 'string' ? value['name'] : undefined;
    schemes.set(key, {
      key,
      type,
      in: location,
      parameterName,
      lookupName: location === 'header' ? parameterName?.toLowerCase() : parameterName,
      scheme: typeof value['scheme'] === 'string' ? value['scheme'].toLowerCase() : undefined,
      assumed: isAssumed(entry) || isAssumed(value),
    });
  }
  return schemes;
}

/** A spec's short name: its file's base name without the extension (`specs/sensay.yaml` → `sensay`). */
export function specName(source: string): string {
  const base = source.slice(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
