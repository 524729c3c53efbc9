import { isRecord, type JsonObject } from './isRecord.ts';

/** The document's first server URL with its variables at their defaults (`''` when it names none). */
export function readServerUrl(document: JsonObject): string {
  const servers = document['servers'];
  const first: unknown = Array.isArray(servers) ? servers[0] : undefined;
  if (!isRecord(first) || typeof first['url'] !== 'string') return '';
  const variables = isRecord(first['variables']) ? first['variables'] : {};
  return first['url'].replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable['default'] === 'string' ? variable['default'] : '';
  });
}

/** The path part of the document's first server URL, with server variables at their defaults. */
export function readBasePath(document: JsonObject): string {
  const url = readServerUrl(document);
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : (url.split(/[?#]/)[0] ?? '');
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' || trimmed === '/' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
