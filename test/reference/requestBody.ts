import express from 'express';
import type { Request, RequestHandler } from 'express';

/** Largest accepted request body: 1 MiB. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Buffers any request body (whatever its Content-Type) up to 1 MiB, so that the route decides the
 * order of its checks (credentials before media type before JSON syntax). Bigger bodies fail with 413.
 */
export function bufferRequestBody(): RequestHandler {
  return express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });
}

export type JsonBodyResult =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unsupported-media-type'; readonly mediaType: string | undefined }
  | { readonly kind: 'malformed'; readonly reason: string };

function essenceOf(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && essenceOf(contentType) === 'application/json';
}

function bufferedBody(request: Request): Buffer | undefined {
  const body: unknown = request.body;
  return Buffer.isBuffer(body) && body.length > 0 ? body : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the buffered body as JSON: a body (or a Content-Type) that is not `application/json` is an
 * unsupported media type; no body at all is missing; bytes that are not UTF-8 JSON are malformed.
 */
export function readJsonBody(request: Request, options: { anyMediaType?: boolean } = {}): JsonBodyResult {
  const contentType = request.get('content-type');
  const body = bufferedBody(request);
  if (contentType === undefined && body === undefined) return { kind: 'missing' };
  if (options.anyMediaType !== true && !isJsonMediaType(contentType)) {
    return {
      kind: 'unsupported-media-type',
      mediaType: contentType === undefined ? undefined : essenceOf(contentType),
    };
  }
  if (body === undefined) return { kind: 'missing' };
  try {
    const value: unknown = JSON.parse(utf8.decode(body));
    return { kind: 'json', value };
  } catch (error) {
    return { kind: 'malformed', reason: error instanceof Error ? error.message : 'unreadable body' };
  }
}

/** The HTTP status carried by an error from body-parser or the router (e.g. 413, 400), if any. */
export function clientErrorStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = error.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
