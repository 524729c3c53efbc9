import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MockgramError } from '../../src/errors.ts';
import { createRouter, type RouteMatch } from '../../src/routing/createRouter.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import type { JsonObject } from '../../src/spec/isRecord.ts';
import type { SpecIndex } from '../../src/spec/types.ts';
import { ROOT } from '../support/paths.ts';

/** A spec from a list of `METHOD /path` lines, served under `server`. */
function spec(name: string, server: string, routes: readonly string[]): SpecIndex {
  const paths: JsonObject = {};
  for (const line of routes) {
    const [method = '', path = ''] = line.split(' ');
    const item = (paths[path] ??= {}) as JsonObject;
    item[method.toLowerCase()] = { operationId: `${name}:${line}`, responses: {} };
  }
  return indexOperations(
    {
      source: `${name}.yaml`,
      version: '3.1',
      document: { openapi: '3.1.0', servers: [{ url: server }], paths },
    },
    name,
  );
}

/** What a match says, in a form that compares easily. */
function describeMatch(match: RouteMatch): unknown {
  if (match.kind === 'operation') return { id: match.operation.id, params: match.pathParams };
  if (match.kind === 'method-not-allowed') return { allow: [...match.allow].sort(), spec: match.spec.name };
  return { notFound: match.spec?.name ?? null };
}

const BOOKS = spec('books', 'https://x.test/lib', [
  'GET /books',
  'POST /books',
  'GET /books/{id}',
  'DELETE /books/{id}',
  'GET /books/mine',
  'GET /books/{id}/pages/{page}',
  'GET /repos/{owner}.{repo}',
  'GET /files/{name}.json',
  'GET /v{version}/status',
]);
const NOTES = spec('notes', 'https://y.test/', ['GET /notes/{id}', 'PUT /lib/books']);
const SHARED = spec('shared', 'https://z.test/lib', ['PATCH /books/{bookId}']);

describe('createRouter', () => {
  const router = createRouter([BOOKS, NOTES, SHARED]);
  const match = (method: string, path: string): unknown => describeMatch(router.match(method, path));

  it('finds operations under their base path, with decoded path parameters', () => {
    expect(match('GET', '/lib/books')).toEqual({ id: 'books:GET /books', params: {} });
    expect(match('GET', '/lib/books/7/pages/x%20y')).toEqual({
      id: 'books:GET /books/{id}/pages/{page}',
      params: { id: '7', page: 'x y' },
    });
    expect(match('GET', '/lib/books/%E0%A4%A')).toEqual({
      id: 'books:GET /books/{id}',
      params: { id: '%E0%A4%A' },
    });
  });

  it('prefers the literal path over a templated one, and a trailing slash is optional', () => {
    expect(match('GET', '/lib/books/mine')).toEqual({ id: 'books:GET /books/mine', params: {} });
    expect(match('GET', '/lib/books/mine/')).toEqual({ id: 'books:GET /books/mine', params: {} });
    // The literal route does not serve DELETE: the templated one does, so it answers.
    expect(match('DELETE', '/lib/books/mine')).toEqual({
      id: 'books:DELETE /books/{id}',
      params: { id: 'mine' },
    });
  });

  it('captures several parameters in one segment, and literal text around one', () => {
    expect(match('GET', '/lib/repos/octo.cat.js')).toEqual({
      id: 'books:GET /repos/{owner}.{repo}',
      params: { owner: 'octo.cat', repo: 'js' },
    });
    expect(match('GET', '/lib/files/report.json')).toEqual({
      id: 'books:GET /files/{name}.json',
      params: { name: 'report' },
    });
    expect(match('GET', '/lib/v2/status')).toEqual({
      id: 'books:GET /v{version}/status',
      params: { version: '2' },
    });
    expect(match('GET', '/lib/repos/nodot')).toEqual({ notFound: 'books' });
  });

  it('answers 405 with every method any spec serves on the path', () => {
    expect(match('PUT', '/lib/books/3')).toEqual({ allow: ['DELETE', 'GET', 'PATCH'], spec: 'books' });
    expect(match('PATCH', '/lib/books/3')).toEqual({
      id: 'shared:PATCH /books/{bookId}',
      params: { bookId: '3' },
    });
    // Two equally specific routes of two specs on one path: the first defined names the spec.
    expect(match('DELETE', '/lib/books')).toEqual({ allow: ['GET', 'POST', 'PUT'], spec: 'books' });
  });

  it('names the spec whose base path owns an unknown path', () => {
    expect(match('GET', '/lib/nothing')).toEqual({ notFound: 'books' });
    expect(match('GET', '/elsewhere')).toEqual({ notFound: 'notes' });
    expect(match('GET', '/lib/books//')).toEqual({ notFound: 'books' });
    expect(match('GET', '/lib/books/')).toEqual({ id: 'books:GET /books', params: {} });
  });

  it('refuses two specs serving the same method on the same path shape, naming both', () => {
    const other = spec('other', 'https://w.test/lib', ['GET /books/{isbn}']);
    expect(() => createRouter([BOOKS, other])).toThrow(MockgramError);
    expect(() => createRouter([BOOKS, other])).toThrow(
      /GET \/lib\/books\/\{isbn\} is served by both books\.yaml/,
    );
  });
});

/**
 * The router this index replaced (one regular expression per route, tried in order), as the oracle, with one fix
 * both share: each operation keeps its own parameter names when another operation of the spec has the same path
 * shape with other names (GitHub: `/orgs/{org}/attestations/{subject_digest}` and `.../{attestation_id}`).
 */
function regexRouter(specs: readonly SpecIndex[]): (method: string, path: string) => unknown {
  const routes: {
    spec: SpecIndex;
    pattern: RegExp;
    templated: number;
    ops: Map<string, { id: string; names: string[] }>;
  }[] = [];
  const byShape = new Map<string, (typeof routes)[number][]>();
  for (const s of specs) {
    for (const operation of s.operations) {
      const shape = operation.routePath.replace(/\{[^}]+\}/g, '{}');
      const same = byShape.get(shape) ?? [];
      const names: string[] = [];
      const source = operation.routePath
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      const own = same.find((r) => r.spec === s);
      if (own) {
        own.ops.set(operation.method, { id: operation.id, names });
        continue;
      }
      const route = {
        spec: s,
        pattern: new RegExp(`^${source}/?$`),
        templated: names.length,
        ops: new Map<string, { id: string; names: string[] }>([
          [operation.method, { id: operation.id, names }],
        ]),
      };
      routes.push(route);
      byShape.set(shape, [...same, route]);
    }
  }
  routes.sort((a, b) => a.templated - b.templated);
  return (method, path) => {
    let first: SpecIndex | undefined;
    const allow = new Set<string>();
    for (const route of routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const served = route.ops.get(method.toLowerCase());
      if (served !== undefined) {
        const { id, names } = served;
        const params: Record<string, string> = {};
        names.forEach((name, i) => {
          const raw = found[i + 1] ?? '';
          try {
            params[name] = raw.includes('%') ? decodeURIComponent(raw) : raw;
          } catch {
            params[name] = raw;
          }
        });
        return { id, params };
      }
      first ??= route.spec;
      for (const served of route.ops.keys()) allow.add(served.toUpperCase());
    }
    if (first) return { allow: [...allow].sort(), spec: first.name };
    const owner = [...specs]
      .sort((a, b) => b.basePath.length - a.basePath.length)
      .find((s) => path === s.basePath || path.startsWith(`${s.basePath}/`));
    return { notFound: owner?.name ?? null };
  };
}

describe('the index matches exactly like the regular expressions it replaced', () => {
  it("on GitHub's REST description (about a thousand operations), for real and near-miss paths", async () => {
    const document = JSON.parse(
      await readFile(resolve(ROOT, 'node_modules/@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as JsonObject;
    const github = indexOperations({ source: 'github.json', version: '3.0', document }, 'github');
    const specs = [github, BOOKS, NOTES];
    const router = createRouter(specs);
    const oracle = regexRouter(specs);
    const samples = ['x.y', 'a%2Fb', 'main...dev'];
    let compared = 0;
    for (const operation of github.operations) {
      for (const [i, sample] of samples.slice(0, 2).entries()) {
        const filled = operation.routePath.replace(
          /\{[^}]+\}/g,
          () => samples[(i + compared) % samples.length] ?? sample,
        );
        for (const path of [filled, `${filled}/`, `${filled}/extra`, filled.replace(/\/[^/]+$/, '/zz')]) {
          for (const method of ['GET', 'DELETE']) {
            expect(describeMatch(router.match(method, path)), `${method} ${path}`).toEqual(
              oracle(method, path),
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(15_000);
  }, 120_000);
});
