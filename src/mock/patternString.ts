import type { Faker } from '@faker-js/faker';
import randexp from 'randexp';

// randexp is CommonJS with typings that declare an ES default export: at run time the default import is the class.
const RandExp = randexp as unknown as typeof randexp.default;

/** Generated strings stop repeating here (`+`, `*`, `{n,}`), so values stay short. */
const MAX_REPEAT = 8;
const generators = new Map<string, InstanceType<typeof RandExp> | null>();
const MAX_GENERATORS = 10_000;

/**
 * A string matching a JSON Schema `pattern` (ECMA-262, unanchored), drawn from `faker` so seeded answers repeat;
 * `undefined` when the pattern cannot be read. Each pattern is parsed once.
 */
export function stringForPattern(pattern: string, faker: Faker): string | undefined {
  let generator = generators.get(pattern);
  if (generator === undefined) {
    try {
      generator = new RandExp(pattern);
      generator.max = MAX_REPEAT;
    } catch {
      generator = null;
    }
    if (generators.size >= MAX_GENERATORS) generators.clear();
    generators.set(pattern, generator);
  }
  if (generator === null) return undefined;
  generator.randInt = (from: number, to: number): number => faker.number.int({ min: from, max: to });
  try {
    return generator.gen();
  } catch {
    return undefined;
  }
}
