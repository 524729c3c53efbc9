import type { HeaderSpec, MediaTypeSpec, ResponseSpec } from '../spec/types.ts';
import { isJsonMediaType } from '../http/mediaType.ts';
import { generateValue, type GenerationContext } from './generateValue.ts';
import { cloneJson } from '../spec/cloneJson.ts';

export interface RenderedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** `undefined` when the response has no content. */
  readonly mediaType: string | undefined;
}

export interface RenderOptions {
  /** Answer this named example verbatim instead of generating data. */
  readonly exampleName?: string | undefined;
  /** Request headers (lower-case names): a response header of the same name echoes the request's value. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** Makes the body instead (e.g. from stored state); `generate` gives the usual one, generated only when called. */
  readonly body?: ((generate: () => unknown) => unknown) | undefined;
}

/** Picks the media type to answer with: JSON first, else the first documented. */
export function pickMediaType(response: ResponseSpec): MediaTypeSpec | undefined {
  for (const media of response.content) if (isJsonMediaType(media.mediaType)) return media;
  return response.content[0];
}

/** Builds the body and headers for one documented response. */
export function renderResponse(
  response: ResponseSpec,
  status: number,
  context: GenerationContext,
  options: RenderOptions,
): RenderedResponse {
  const media = pickMediaType(response);
  return {
    status,
    headers: renderHeaders(response.headers, context, options.requestHeaders),
    body:
      media &&
      (options.body === undefined
        ? renderBody(media, context, options.exampleName)
        : options.body(() => renderBody(media, context, options.exampleName))),
    mediaType: media && (media.mediaType.includes('*') ? 'application/json' : media.mediaType),
  };
}

export function renderBody(media: MediaTypeSpec, context: GenerationContext, exampleName?: string): unknown {
  if (exampleName !== undefined && media.examples.has(exampleName))
    return cloneJson(media.examples.get(exampleName));
  const [firstExample] = media.examples.values();
  if (media.schema) return generateValue(media.schema.schema, context, '', firstExample);
  return cloneJson(firstExample);
}

function renderHeaders(
  headers: readonly HeaderSpec[],
  context: GenerationContext,
  requestHeaders: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of headers) {
    const echoed = requestHeaders[header.key];
    const value =
      echoed ??
      (header.schema
        ? generateValue(header.schema.schema, context, header.name, header.example)
        : header.example);
    if (value !== undefined && value !== null)
      out[header.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}
