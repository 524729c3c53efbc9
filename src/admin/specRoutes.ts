import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import express, { type Router } from 'express';
import type { MockEngine } from '../engine/createMockEngine.ts';
import { sendProblem } from './sendProblem.ts';

/**
 * `GET /specs` (name, title, version and base path of each loaded spec), `GET /specs/{name}` (the document as loaded,
 * external `$ref`s bundled in) and `GET /specs/{name}/source` (the file as written).
 */
export function specRoutes(engine: () => MockEngine): Router {
  const router = express.Router({ caseSensitive: true });
  const find = (name: string | undefined) => engine().specs.find(({ index }) => index.name === name)?.index;

  router.get('/specs', (_request, response) => {
    response.json({
      specs: engine().specs.map(({ index }) => ({
        name: index.name,
        title: index.title,
        version: index.version,
        basePath: index.basePath || '/',
        file: basename(index.source),
      })),
    });
  });

  router.get('/specs/:name', (request, response) => {
    const index = find(request.params['name']);
    if (!index) {
      sendProblem(response, 404, `no spec named '${request.params['name']}'; see GET /__mock/specs`);
      return;
    }
    response.json({
      name: index.name,
      title: index.title,
      version: index.version,
      basePath: index.basePath || '/',
      file: basename(index.source),
      document: index.document,
    });
  });

  router.get('/specs/:name/source', (request, response) => {
    const index = find(request.params['name']);
    if (!index) {
      sendProblem(response, 404, `no spec named '${request.params['name']}'; see GET /__mock/specs`);
      return;
    }
    readFile(index.source, 'utf8').then(
      (text) => {
        const json = extname(index.source).toLowerCase() === '.json';
        response
          .type(json ? 'application/json' : 'application/yaml')
          .set('Content-Disposition', `inline; filename="${basename(index.source).replace(/["\\]/g, '_')}"`)
          .send(text);
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        sendProblem(response, 500, `could not read ${basename(index.source)}: ${reason}`);
      },
    );
  });
  return router;
}
