import { MockgramError } from '../errors.ts';
import type { SpecIndex } from '../spec/types.ts';

/** Where each spec's requests go: a URL standing in for the spec's server URL. */
export interface Upstreams {
  /** The upstream URL for a request under `spec` (or under no spec), with the spec's base path swapped for the URL's. */
  target(spec: SpecIndex | undefined, pathAndQuery: string): URL | undefined;
  /** Each spec's upstream, for start-up lines. */
  readonly bySpec: ReadonlyMap<string, URL>;
}

/**
 * Reads `--upstream` values: `URL` (every spec, or the only one) or `NAME=URL` (the spec of that name, as `mock`
 * names specs: the file's base name). Every spec must end up with an upstream. The URL replaces the spec's server
 * URL: a request for `<base path>/rest` goes to `<URL>/rest`.
 */
export function resolveUpstreams(values: readonly string[], specs: readonly SpecIndex[]): Upstreams {
  const names = specs.map((spec) => spec.name);
  let fallback: URL | undefined;
  const bySpec = new Map<string, URL>();
  for (const value of values) {
    const named = /^([^=:/]+)=(.+)$/.exec(value);
    if (named?.[1] !== undefined && named[2] !== undefined) {
      const [, name, url] = named;
      if (!names.includes(name))
        throw new MockgramError(
          'INVALID_OPTION',
          `--upstream ${value}: no spec is named '${name}' (specs: ${names.join(', ')})`,
        );
      if (bySpec.has(name)) throw new MockgramError('INVALID_OPTION', `--upstream names '${name}' twice`);
      bySpec.set(name, parseUpstreamUrl(url, value));
    } else {
      if (fallback)
        throw new MockgramError(
          'INVALID_OPTION',
          `--upstream without a NAME= is given twice; with several specs write --upstream NAME=URL (specs: ${names.join(', ')})`,
        );
      fallback = parseUpstreamUrl(value, value);
    }
  }
  const missing = names.filter((name) => !bySpec.has(name) && fallback === undefined);
  if (values.length === 0 || missing.length > 0)
    throw new MockgramError(
      'INVALID_OPTION',
      `--upstream is required for ${missing.length > 0 ? missing.join(', ') : 'the proxy'}: give --upstream URL, or --upstream NAME=URL per spec (specs: ${names.join(', ')})`,
    );
  for (const name of names) if (!bySpec.has(name) && fallback) bySpec.set(name, fallback);
  const only = specs.length === 1 ? bySpec.get(names[0] ?? '') : undefined;
  const basePaths = new Map(specs.map((spec) => [spec.name, spec.basePath]));
  return {
    bySpec,
    target(spec, pathAndQuery) {
      const base = spec ? bySpec.get(spec.name) : (fallback ?? only);
      if (!base) return undefined;
      const basePath = spec ? (basePaths.get(spec.name) ?? '') : '';
      const rest =
        basePath !== '' && pathAndQuery.startsWith(basePath)
          ? pathAndQuery.slice(basePath.length)
          : pathAndQuery;
      const prefix = base.pathname.replace(/\/+$/, '');
      const url = new URL(base.href);
      const joined = `${prefix}${rest.startsWith('/') || rest.startsWith('?') ? '' : '/'}${rest}`;
      const query = joined.indexOf('?');
      url.pathname = query < 0 ? joined : joined.slice(0, query);
      url.search = query < 0 ? '' : joined.slice(query);
      return url;
    },
  };
}

function parseUpstreamUrl(raw: string, given: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MockgramError(
      'INVALID_OPTION',
      `--upstream ${given}: not a URL (write http://host:port or https://host/path)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new MockgramError(
      'INVALID_OPTION',
      `--upstream ${given}: only http: and https: upstreams are supported`,
    );
  if (url.search !== '' || url.hash !== '')
    throw new MockgramError('INVALID_OPTION', `--upstream ${given}: give no query or fragment`);
  return url;
}
