import type { MediaTypeSpec } from '../spec/types.ts';

/** The `type/subtype` of a Content-Type header, lower-cased, without parameters such as `charset`. */
export function essence(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semicolon = contentType.indexOf(';');
  const value = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return value === '' ? undefined : value;
}

/** The documented media type that accepts this one: exact, then `type/*`, then `*\/*`; `+json` suffixes match `application/json` only if listed. */
export function findMediaType(
  content: readonly MediaTypeSpec[],
  mediaType: string,
): MediaTypeSpec | undefined {
  for (const media of content) if (media.mediaType === mediaType) return media;
  const slash = mediaType.indexOf('/');
  const range = `${slash < 0 ? mediaType : mediaType.slice(0, slash)}/*`;
  return content.find((m) => m.mediaType === range) ?? content.find((m) => m.mediaType === '*/*');
}

export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === '*/*';
}
