import type { Router } from 'express';
import type { MockEngine } from '../engine/createMockEngine.ts';

/**
 * `/__mock/coverage[?session=ID]`: which operations, documented statuses and scenarios the requests exercised, and
 * which requests the mock refused itself; overall, or for one session (`default`: requests without a session).
 * `DELETE` starts counting again.
 */
export function addCoverageRoutes(router: Router, engine: () => MockEngine): void {
  router.get('/coverage', (request, response) => {
    const current = engine();
    const session = typeof request.query['session'] === 'string' ? request.query['session'] : undefined;
    response.json(
      current.coverage.report(
        current.specs.map(({ index }) => index),
        current.catalog,
        session,
      ),
    );
  });

  router.delete('/coverage', (request, response) => {
    const session = typeof request.query['session'] === 'string' ? request.query['session'] : undefined;
    engine().coverage.clear(session);
    response.status(204).end();
  });
}
