import type { Faker } from '@faker-js/faker';
import { fakerFor } from '../mock/fakerSource.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import type { SpecIndex } from '../spec/types.ts';
import { seedFor } from './seedFor.ts';

const NO_DOCUMENT = Object.freeze({});
/** Read once: `performance.timeOrigin` is fixed for the process and costly to read per request. */
const TIME_ORIGIN = performance.timeOrigin;

/**
 * Contexts for one request's generated data. Faker is prepared once, just before the first value is generated:
 * seeded from the `--seed` (or `Prefer: seed=`) and the request itself, so equal requests get equal answers, or
 * left on its random sequence.
 */
export class GenerationContexts {
  readonly #seed: string | number | undefined;
  readonly #method: string;
  readonly #url: string;
  #faker: Faker | undefined;
  #now = new Date(0);
  #microseconds = 0;

  constructor(seed: string | number | undefined, method: string, url: string) {
    this.#seed = seed;
    this.#method = method;
    this.#url = url;
  }

  /** A context for generating the `status` answer; `echo` is the request body response fields may echo. */
  for(status: number, spec: SpecIndex | undefined, bodyText = '', echo?: unknown): GenerationContext {
    const faker = (this.#faker ??= this.#prepare(bodyText));
    return {
      faker,
      now: this.#now,
      microseconds: this.#microseconds,
      document: spec?.document ?? NO_DOCUMENT,
      direction: 'response',
      status,
      echo,
    };
  }

  #prepare(bodyText: string): Faker {
    if (this.#seed === undefined) {
      const micros = (TIME_ORIGIN + performance.now()) * 1000;
      this.#now = new Date(Math.floor(micros / 1000));
      this.#microseconds = Math.floor(micros) % 1000;
      return fakerFor(undefined);
    }
    const value = seedFor(String(this.#seed), this.#method, this.#url, bodyText);
    this.#now = new Date(Date.UTC(2026, 0, 1) + (value % (180 * 86_400_000)));
    this.#microseconds = value % 1000;
    return fakerFor(value);
  }
}
