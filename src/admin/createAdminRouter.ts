import { timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { MockEngine } from '../engine/createMockEngine.ts';
import type { RequestJournal } from './createRequestJournal.ts';
import { ADMIN_PREFIX } from './adminPrefix.ts';
import { eventsRoute } from './eventsRoute.ts';
import { journalRoutes } from './journalRoutes.ts';
import { listEndpoints } from './listEndpoints.ts';
import { sendProblem as problem } from './sendProblem.ts';
import { specRoutes } from './specRoutes.ts';
import { uiRoutes } from './uiRoutes.ts';

export interface AdminOptions {
  readonly engine: () => MockEngine;
  readonly journal: RequestJournal;
  /** When set, every admin call needs `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>`. */
  readonly token: string | undefined;
  readonly startedAt: number;
}

/** The JSON admin API under `/__mock`: health, scenario catalog and selection, request journal, reset. */
export function createAdminRouter({ engine, journal, token, startedAt }: AdminOptions): Router {
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

  router.use(eventsRoute({ journal, active: () => engine().state.snapshot() }));
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

  router.get('/scenarios', (_request, response) => {
    const current = engine();
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
              enabled: !r.optIn || (r.name !== undefined && current.state.isRuleEnabled(r.name)),
            })),
          };
        }),
      })),
      active: current.state.snapshot(),
    });
  });

  router.put('/scenarios/active', (request, response) => {
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
    const current = engine();
    const entries = [...current.catalog.operations.values()].filter(
      (e) => operation === undefined || e.operation.id === operation,
    );
    if (operation !== undefined && entries.length === 0) {
      const known = [...current.catalog.operations.values()].map((e) => e.operation.id);
      problem(
        response,
        404,
        `operation '${operation}' has no scenarios; operations with scenarios: ${known.join(', ')}`,
      );
      return;
    }
    if (!entries.some((e) => e.scenarios.has(scenario))) {
      const names = [...new Set(entries.flatMap((e) => [...e.scenarios.keys()]))].sort();
      problem(
        response,
        400,
        `unknown scenario '${scenario}'${operation === undefined ? '' : ` for ${operation}`}; available: ${names.join(', ')}`,
      );
      return;
    }
    current.state.setActive(scenario, { operation, session });
    response.json({ active: current.state.snapshot() });
  });

  router.delete('/scenarios/active', (request, response) => {
    const { session, operation } = request.query;
    engine().state.clearActive({
      session: typeof session === 'string' ? session : undefined,
      operation: typeof operation === 'string' ? operation : undefined,
    });
    response.json({ active: engine().state.snapshot() });
  });

  router.put('/rules/:name', (request, response) => {
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
    if (enabled) engine().state.enableRule(name);
    else engine().state.disableRule(name);
    response.json({ active: engine().state.snapshot() });
  });

  router.post('/reset', (_request, response) => {
    engine().state.reset();
    journal.clear();
    response.json({ reset: true, active: engine().state.snapshot() });
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
