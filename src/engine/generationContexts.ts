import type { Faker } from '@faker-js/faker';
import { fakerFor } from '../mock/fakerSource.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import type { SpecIndex } from '../spec/types.ts';
import type { MockEngine } from './createMockEngine.ts';
import type { MockRequest } from './handleMockRequest.ts';
import { seedFor } from './seedFor.ts';

/**
 * Contexts for generated data. Faker is prepared once per request, just before the first value is generated:
 * seeded from the `--seed` (or `Prefer: seed=`) and the request itself, so equal requests get equal answers, or
 * left on its random sequence.
 */
export function generationContexts(
  engine: MockEngine,
  request: MockRequest,
  preferredSeed: string | undefined,
): (status: number, spec: SpecIndex | undefined, bodyText?: string) => GenerationContext {
  const seed = preferredSeed ?? engine.settings.seed;
  let prepared: { faker: Faker; now: Date; microseconds: number } | undefined;
  return (status, spec, bodyText = '') => {
    if (prepared === undefined) {
      if (seed === undefined) {
        const micros = (performance.timeOrigin + performance.now()) * 1000;
        prepared = {
          faker: fakerFor(undefined),
          now: new Date(Math.floor(micros / 1000)),
          microseconds: Math.floor(micros) % 1000,
        };
      } else {
        const value = seedFor(String(seed), request.method, request.url, bodyText);
        prepared = {
          faker: fakerFor(value),
          now: new Date(Date.UTC(2026, 0, 1) + (value % (180 * 86_400_000))),
          microseconds: value % 1000,
        };
      }
    }
    return { ...prepared, document: spec?.document ?? {}, direction: 'response', status };
  };
}
