import type { MockEngine } from '../engine/createEngine.ts';
import { describeState, readSeed, type ResourceState, type SeedProblem } from '../state/stateSnapshot.ts';
import { DEFAULT_SESSION } from '../store/types.ts';

/** A session's stored objects, by resource and scope (`undefined`: requests without `X-Mock-Session`). */
export async function showState(engine: MockEngine, session: string | undefined): Promise<ResourceState[]> {
  return describeState(engine.resources, await engine.store.sessionObjects(normalSession(session)));
}

export type SeedOutcome =
  | { readonly ok: true; readonly stored: number; readonly evicted: number }
  | { readonly ok: false; readonly problems: readonly SeedProblem[] };

/**
 * Replaces a session's objects with a seed shaped like `showState`'s answer, each object checked against its
 * resource's schema first: when one is wrong, every problem is named and nothing changes.
 */
export async function seedState(
  engine: MockEngine,
  session: string | undefined,
  seed: unknown,
): Promise<SeedOutcome> {
  const { objects, problems } = readSeed(
    engine.resources,
    (resource) => engine.loadedSpec(resource.spec).validators,
    seed,
    (value) => JSON.stringify(value).length,
  );
  if (problems.length > 0) return { ok: false, problems };
  const evictions = await engine.store.replaceObjects(normalSession(session), objects);
  return { ok: true, stored: objects.length, evicted: evictions.length };
}

/** `default` and `''` both name the session of requests without `X-Mock-Session`. */
export function normalSession(session: string | undefined): string | undefined {
  return session === undefined || session === '' || session === DEFAULT_SESSION ? undefined : session;
}
