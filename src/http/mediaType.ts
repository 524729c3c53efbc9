import type { MediaTypeSpec } from '../spec/types.ts';

/** The `type/subtype` of a Content-Type header, lower-cased, without parameters such as `charset`. */
export function essence(contentType: string | undefined): string | undefined {
  const value = contentType?.split(';')[0]?.trim().toLowerCase();
  return value === undefined || value === '' ? undefined : value;
}

/** The documented media type that accepts this one: exact, then `type/*`, then `*\/*`; `+json` suffixes match `application/json` only if listed. */
export function findMediaType(
  content: readonly MediaTypeSpec[],
  mediaType: string,
): MediaTypeSpec | undefined {
  const [type = ''] = mediaType.split('/');
  return (
    content.find((m) => m.mediaType === mediaType) ??
    content.find((m) => m.mediaType === `${type}/*`) ??
    content.find((m) => m.mediaType === '*/*')
  );
}

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === '*/*';
}
