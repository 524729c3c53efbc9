import { timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { MockEngine } from '../engine/createMockEngine.ts';
import type { MockStore } from '../store/types.ts';
import { chooseScenario } from '../control/chooseScenario.ts';
import { addCoverageRoutes } from './coverageRoutes.ts';
import { addStateRoutes } from './stateRoutes.ts';
import { ADMIN_PREFIX } from './adminPrefix.ts';
import { eventsRoute } from './eventsRoute.ts';
import { journalRoutes } from './journalRoutes.ts';
import { listEndpoints } from './listEndpoints.ts';
import { sendProblem as problem } from './sendProblem.ts';
import { specRoutes } from './specRoutes.ts';
import { uiRoutes } from './uiRoutes.ts';

export interface AdminOptions {
  readonly engine: () => MockEngine;
  /** When set, every admin call needs `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>`. */
  readonly token: string | undefined;
  readonly startedAt: number;
  /** More routes mounted beside the usual ones (the proxy's `/drift`). */
  readonly extraRoutes?: readonly Router[] | undefined;
}

/** The JSON admin API under `/__mock`: health, scenario catalog and selection, request journal, reset. */
export function createAdminRouter({ engine, token, startedAt, extraRoutes = [] }: AdminOptions): Router {
  const router = express.Router({ caseSensitive: true });
  router.use(express.json({ limit: '64kb' }));
  router.use(uiRoutes({ tokenRequired: token !== undefined }));
  if (token !== undefined) {
    router.use((request, response, next) => {
      if (hasToken(request, token)) next();
      else
        problem(
          response,
          401,
          'admin token missing or wrong: send Authorization: Bearer <token> or X-Mock-Admin-Token',
        );
    });
  }

  const { journal } = engine();
  router.use(eventsRoute({ journal, active: () => activeChoices(engine().store) }));
  router.use(journalRoutes(journal), specRoutes(engine));

  let endpoints: string[] | undefined;
  router.get('/health', (_request, response) => {
    response.json({
      status: 'ok',
      uptimeMs: Math.round(performance.now() - startedAt),
      endpoints: (endpoints ??= listEndpoints(router)),
      specs: engine().specs.map(({ index }) => ({
        name: index.name,
        title: index.title,
        basePath: index.basePath || '/',
      })),
    });
  });

  router.get('/scenarios', async (_request, response) => {
    const current = engine();
    const enabledRules = await current.store.enabledRules();
    response.json({
      apis: current.specs.map(({ index }) => ({
        spec: index.name,
        title: index.title,
        basePath: index.basePath || '/',
        operations: index.operations.map((operation) => {
          const entry = current.catalog.operations.get(operation);
          return {
            operationId: operation.id,
            method: operation.method.toUpperCase(),
            path: operation.routePath,
            scenarios: [...(entry?.scenarios.values() ?? [])].map((s) => ({
              name: s.name,
              status: s.status ?? null,
              description: s.description,
              ...(s.steps && { steps: s.steps }),
              ...(s.fault && { fault: s.fault }),
              ...(s.delay !== undefined && { delay: s.delay }),
            })),
            rules: (entry?.rules ?? []).map((r) => ({
              name: r.name ?? null,
              scenario: r.scenario,
              description: r.description,
              optIn: r.optIn,
              enabled: !r.optIn || (r.name !== undefined && enabledRules.has(r.name)),
            })),
          };
        }),
      })),
      active: await activeChoices(current.store),
    });
  });

  router.put('/scenarios/active', async (request, response) => {
    const body: unknown = request.body;
    const { scenario, operation, session } = (
      typeof body === 'object' && body !== null ? body : {}
    ) as Record<string, unknown>;
    if (
      typeof scenario !== 'string' ||
      (operation !== undefined && typeof operation !== 'string') ||
      (session !== undefined && typeof session !== 'string')
    ) {
      problem(
        response,
        400,
        'send {"scenario": "<name>", "operation"?: "<operationId>", "session"?: "<id>"}',
      );
      return;
    }
    const chosen = await chooseScenario(engine(), { scenario, operation, session });
    if (!chosen.ok) {
      problem(response, chosen.status, chosen.detail);
      return;
    }
    response.json({ appliedTo: chosen.value.appliedTo, active: await activeChoices(engine().store) });
  });

  router.delete('/scenarios/active', async (request, response) => {
    const { session, operation } = request.query;
    await engine().store.clearActive(
      typeof session === 'string' ? session : undefined,
      typeof operation === 'string' ? operation : undefined,
    );
    response.json({ active: await activeChoices(engine().store) });
  });

  router.put('/rules/:name', async (request, response) => {
    const body: unknown = request.body;
    const enabled = typeof body === 'object' && body !== null && 'enabled' in body ? body.enabled : undefined;
    if (typeof enabled !== 'boolean') {
      problem(response, 400, 'send {"enabled": true|false}');
      return;
    }
    const name = request.params['name'];
    const known = [...engine().catalog.operations.values()]
      .flatMap((e) => e.rules.map((r) => r.name))
      .filter((n) => n !== undefined);
    if (!known.includes(name)) {
      problem(response, 404, `no rule named '${name}'; rules: ${known.join(', ') || 'none'}`);
      return;
    }
    await engine().store.setRule(name, enabled);
    response.json({ active: await activeChoices(engine().store) });
  });

  addStateRoutes(router, engine);
  addCoverageRoutes(router, engine);
  for (const routes of extraRoutes) router.use(routes);

  router.post('/reset', async (_request, response) => {
    await engine().reset();
    response.json({ reset: true, active: await activeChoices(engine().store) });
  });

  router.use(((error: unknown, _request, response, _next) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error && error.status === 413 ? 413 : 400;
    problem(
      response,
      status,
      status === 413 ? 'admin request body is too large' : 'admin request body is not valid JSON',
    );
  }) as ErrorRequestHandler);
  router.use((request, response) => {
    problem(
      response,
      404,
      `no admin endpoint ${request.method} ${ADMIN_PREFIX}${request.path}; see the README's admin API section`,
    );
  });
  return router;
}

function hasToken(request: Request, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const given = request.get('x-mock-admin-token') ?? bearer ?? '';
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The scenario choices and enabled rules, as every scenario call answers them. */
async function activeChoices(store: MockStore): Promise<object> {
  const { global, sessions, enabledRules } = await store.snapshot();
  return { global, sessions, enabledRules };
}
