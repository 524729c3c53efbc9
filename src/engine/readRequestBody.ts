import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { parseJsonSafely } from '../http/parseJsonSafely.ts';
import { hasBody, type BodyRead } from '../http/readBody.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { MockEngine, PreparedOperation } from './createMockEngine.ts';

/** Reads the request body up to a limit (the HTTP layer supplies it, so the engine stays framework-free). */
export type ReadBody = (limit: number) => Promise<BodyRead>;

export type BodyOutcome =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'parsed';
      readonly value: unknown;
      readonly text: string;
      readonly validate: PreparedOperation['validators']['bodies'] extends ReadonlyMap<string, infer V>
        ? V
        : never;
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly diagnostics: readonly Diagnostic[];
      readonly closeConnection: boolean;
    };

/**
 * The body checks, in order: present when required, a documented media type (415), within the size limit (413),
 * parseable (400). The schema check is left to the caller, with the parameters.
 */
export async function readRequestBody(
  engine: MockEngine,
  prepared: PreparedOperation,
  headers: Record<string, string>,
  readBody: ReadBody,
): Promise<BodyOutcome> {
  const { requestBody } = prepared.operation;
  if (!requestBody || requestBody.content.length === 0) return { kind: 'none' };
  const present = hasBody(headers);
  const error = (
    status: number,
    code: string,
    location: Diagnostic['location'],
    message: string,
    closeConnection = false,
  ): BodyOutcome => ({
    kind: 'error',
    status,
    closeConnection,
    diagnostics: [{ location, code, path: '', message }],
  });
  if (!present) {
    return requestBody.required
      ? error(400, 'required', 'body', 'body is required but the request has none')
      : { kind: 'none' };
  }
  const documented = requestBody.content.map((m) => m.mediaType).join(', ');
  const mediaType = essence(headers['content-type']);
  if (mediaType === undefined)
    return error(415, 'missing', 'content-type', `Content-Type is missing; send one of: ${documented}`);
  const media = findMediaType(requestBody.content, mediaType);
  if (!media)
    return error(
      415,
      'unsupported',
      'content-type',
      `Content-Type '${mediaType}' is not supported; send one of: ${documented}`,
    );

  const read = await readBody(engine.settings.bodyLimit);
  if (read.kind === 'too-large')
    return error(413, 'too-large', 'body', `body is larger than ${read.limit} bytes`, true);
  if (read.kind === 'aborted')
    return error(400, 'aborted', 'body', 'the request body was not received in full', true);
  const text = read.bytes.toString('utf8');
  const validate = prepared.validators.bodies.get(media.mediaType);
  if (isJsonMediaType(mediaType)) {
    if (text.trim() === '')
      return requestBody.required
        ? error(400, 'required', 'body', 'body is required but is empty')
        : { kind: 'none' };
    const parsed = parseJsonSafely(text, engine.settings.maxDepth);
    if (!parsed.ok) return error(400, 'malformed', 'body', `body is not valid JSON: ${parsed.reason}`);
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
