import type { Router } from 'express';
import { normalSession, seedState, showState } from '../control/sessionState.ts';
import type { MockEngine } from '../engine/createEngine.ts';
import { DEFAULT_SESSION } from '../store/types.ts';
import { sendProblem as problem } from './sendProblem.ts';

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
      resources: await showState(current, session),
    });
  });

  router.put('/state', async (request, response) => {
    const session = sessionOf(request.query['session']);
    const current = engine();
    const seeded = await seedState(current, session, request.body);
    if (!seeded.ok) {
      const messages = seeded.problems.map((p) => p.message).join('; ');
      problem(response, 400, `the seed is not valid; nothing was changed: ${messages}`, {
        errors: seeded.problems,
      });
      return;
    }
    response.json({
      session: session ?? DEFAULT_SESSION,
      stored: seeded.stored,
      evicted: seeded.evicted,
      resources: await showState(current, session),
    });
  });

  router.delete('/state', async (request, response) => {
    await engine().store.clearObjects(sessionOf(request.query['session']));
    response.status(204).end();
  });
}

function sessionOf(raw: unknown): string | undefined {
  return typeof raw === 'string' ? normalSession(raw) : undefined;
}
