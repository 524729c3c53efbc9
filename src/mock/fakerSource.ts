import type { Faker } from '@faker-js/faker';
import { faker } from '@faker-js/faker/locale/en';

let onSeededSequence = false;

/**
 * The faker instance for one answer. With a seed, it is seeded (same seed, same data). Without one, it keeps drawing
 * from its running sequence, which is cheap, except right after a seeded answer: then it is re-seeded at random so an
 * unseeded answer is never predictable from a seeded one. Generation is synchronous, so answers never interleave.
 */
export function fakerFor(seed: number | undefined): Faker {
  if (seed !== undefined) {
    faker.seed(seed);
    onSeededSequence = true;
  } else if (onSeededSequence) {
    faker.seed();
    onSeededSequence = false;
  }
  return faker;
}
