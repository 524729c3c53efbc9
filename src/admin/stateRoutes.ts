import type { Router } from 'express';
import type { MockEngine } from '../engine/createMockEngine.ts';
import { describeState, readSeed } from '../state/stateSnapshot.ts';
import { DEFAULT_SESSION } from '../store/types.ts';
import { problem } from './createAdminRouter.ts';

/**
 * `/__mock/state`: what a session has stored (`?session=`, default: requests without `X-Mock-Session`). `GET` shows
 * it by resource and scope, `PUT` replaces it with a seed of the same shape (checked against the spec first: a bad
 * seed changes nothing), `DELETE` empties it.
 */
export function addStateRoutes(router: Router, engine: () => MockEngine): void {
  router.get('/state', async (request, response) => {
    const session = sessionOf(request.query['session']);
    const current = engine();
    response.json({
      session: session ?? DEFAULT_SESSION,
      stateless: current.settings.stateless,
      limits: current.store.limits,
      resources: describeState(current.resources, await current.store.sessionObjects(session)),
    });
  });

  router.put('/state', async (request, response) => {
    const session = sessionOf(request.query['session']);
    const current = engine();
    const { objects, problems } = readSeed(
      current.resources,
      (resource) => current.loadedSpec(resource.spec).validators,
      request.body,
      (value) => JSON.stringify(value).length,
    );
    if (problems.length > 0) {
      problem(
        response,
        400,
        `the seed is not valid; nothing was changed: ${problems.map((p) => p.message).join('; ')}`,
        {
          errors: problems,
        },
      );
      return;
    }
    const evictions = await current.store.replaceObjects(session, objects);
    response.json({
      session: session ?? DEFAULT_SESSION,
      stored: objects.length,
      evicted: evictions.length,
      resources: describeState(current.resources, await current.store.sessionObjects(session)),
    });
  });

  router.delete('/state', async (request, response) => {
    await engine().store.clearObjects(sessionOf(request.query['session']));
    response.status(204).end();
  });
}

/** `default` and no value both name the session of requests without `X-Mock-Session`. */
function sessionOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw !== '' && raw !== DEFAULT_SESSION ? raw : undefined;
}
