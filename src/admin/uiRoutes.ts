import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import express, { type Response, type Router } from 'express';
import { sendProblem } from './sendProblem.ts';

/** The dashboard's files: `src/ui` when running from source, `dist/ui` (copied there by the build) when installed. */
export const UI_DIRECTORY = resolve(import.meta.dirname, '../ui');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Everything the page loads comes from the mock itself; the policy also stops it reaching anywhere else. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * `GET /ui` (the dashboard) and `GET /ui/{file}` (its scripts and styles). Served without the admin token: the files
 * hold no data, and the page asks for the token before it calls the API.
 */
export function uiRoutes({
  tokenRequired,
  directory = UI_DIRECTORY,
}: {
  /** Tells the page to ask for the admin token before its first call (so it never makes one that fails). */
  readonly tokenRequired: boolean;
  readonly directory?: string;
}): Router {
  let assets: ReadonlyMap<string, Asset> | undefined;
  const router = express.Router({ caseSensitive: true, strict: true });
  const serve = (name: string, response: Response, ifNoneMatch: string | undefined): boolean => {
    assets ??= loadAssets(directory, tokenRequired);
    const asset = assets.get(name);
    if (!asset) return false;
    response.set({
      'Content-Type': asset.type,
      'Cache-Control': 'no-cache',
      ETag: asset.etag,
      'X-Content-Type-Options': 'nosniff',
      ...(name === 'index.html' && {
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Referrer-Policy': 'no-referrer',
      }),
    });
    if (ifNoneMatch === asset.etag) response.status(304).end();
    else response.send(asset.body);
    return true;
  };

  router.get('/ui', (request, response) => {
    if (!serve('index.html', response, request.get('if-none-match')))
      sendProblem(response, 500, `the dashboard's files are missing from ${directory}; run npm run build`);
  });
  // The page's relative links resolve against `/__mock/ui`, not `/__mock/ui/`.
  router.get('/ui/', (_request, response) => {
    response.redirect(301, '../ui');
  });
  router.get('/ui/:file', (request, response, next) => {
    const file = request.params['file'];
    if (file === 'index.html' || !serve(file, response, request.get('if-none-match'))) next();
  });
  return router;
}

function loadAssets(directory: string, tokenRequired: boolean): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return assets;
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const file = readFileSync(resolve(directory, name));
    const body =
      name === 'index.html' && tokenRequired
        ? Buffer.from(file.toString('utf8').replace('<html ', '<html data-token-required '))
        : file;
    assets.set(name, { type, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
  }
  return assets;
}
