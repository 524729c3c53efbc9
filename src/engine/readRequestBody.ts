import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { parseJsonSafely } from '../http/parseJsonSafely.ts';
import { hasBody, type BodyRead } from '../http/bodyRead.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { MockEngine, PreparedOperation } from './createEngine.ts';

/** Reads the request body up to a limit (the HTTP layer supplies it, so the engine stays framework-free). */
export type ReadBody = (limit: number) => Promise<BodyRead>;

type BodyValidator =
  PreparedOperation['validators']['bodies'] extends ReadonlyMap<string, infer V> ? V : never;

export type BodyOutcome =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'parsed';
      readonly value: unknown;
      readonly text: string;
      readonly validate: BodyValidator | undefined;
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly closeConnection: boolean;
      /** The body read, when it was read but could not be parsed. */
      readonly text?: string;
    };

/** The headers allow a body to be read: read at most `limit` bytes, then hand them to `parseBody`. */
export interface BodyToRead {
  readonly kind: 'read';
  readonly limit: number;
  /** The request's media type, lower-case, without parameters. */
  readonly mediaType: string;
  readonly required: boolean;
  /** The compiled schema of the documented media type it matched. */
  readonly validate: BodyValidator | undefined;
}

const NO_BODY: BodyOutcome = Object.freeze({ kind: 'none' });
/** Invalid sequences become U+FFFD, as Node's `toString('utf8')` does; JSON parsing then judges the text. */
const UTF8 = new TextDecoder();

/**
 * The body checks that need only the headers, in order: present when required, a documented media type (415).
 * Synchronous, so the request is read with a single await in the caller.
 */
export function checkBodyHeaders(
  engine: MockEngine,
  prepared: PreparedOperation,
  headers: Readonly<Record<string, string>>,
): BodyOutcome | BodyToRead {
  const { requestBody } = prepared.operation;
  if (!requestBody || requestBody.content.length === 0) return NO_BODY;
  if (!hasBody(headers)) {
    return requestBody.required
      ? bodyError(400, 'required', 'body', 'body is required but the request has none')
      : NO_BODY;
  }
  const mediaType = essence(headers['content-type']);
  if (mediaType === undefined)
    return bodyError(
      415,
      'missing',
      'content-type',
      `Content-Type is missing; send one of: ${documentedTypes(prepared)}`,
    );
  const media = findMediaType(requestBody.content, mediaType);
  if (!media)
    return bodyError(
      415,
      'unsupported',
      'content-type',
      `Content-Type '${mediaType}' is not supported; send one of: ${documentedTypes(prepared)}`,
    );
  return {
    kind: 'read',
    limit: engine.settings.bodyLimit,
    mediaType,
    required: requestBody.required,
    validate: prepared.validators.bodies.get(media.mediaType),
  };
}

/** The checks on the bytes read: within the size limit (413), parseable (400). The schema check is the caller's. */
export function parseBody(engine: MockEngine, body: BodyToRead, read: BodyRead): BodyOutcome {
  if (read.kind === 'too-large')
    return bodyError(413, 'too-large', 'body', `body is larger than ${read.limit} bytes`, true);
  if (read.kind === 'aborted')
    return bodyError(400, 'aborted', 'body', 'the request body was not received in full', true);
  const text = UTF8.decode(read.bytes);
  const { mediaType, validate } = body;
  if (isJsonMediaType(mediaType)) {
    if (text.trim() === '')
      return body.required ? bodyError(400, 'required', 'body', 'body is required but is empty') : NO_BODY;
    const parsed = parseJsonSafely(text, engine.settings.maxDepth);
    if (!parsed.ok)
      return { ...bodyError(400, 'malformed', 'body', `body is not valid JSON: ${parsed.reason}`), text };
    return { kind: 'parsed', value: parsed.value, text, validate };
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const existing = form[key];
      form[key] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return { kind: 'parsed', value: form, text, validate };
  }
  if (mediaType.startsWith('text/')) return { kind: 'parsed', value: text, text, validate };
  return { kind: 'parsed', value: undefined, text, validate: undefined };
}

function bodyError(
  status: number,
  code: string,
  location: Diagnostic['location'],
  message: string,
  closeConnection = false,
): Extract<BodyOutcome, { kind: 'error' }> {
  return { kind: 'error', status, closeConnection, diagnostics: [{ location, code, path: '', message }] };
}

function documentedTypes(prepared: PreparedOperation): string {
  return (prepared.operation.requestBody?.content ?? []).map((m) => m.mediaType).join(', ');
}
