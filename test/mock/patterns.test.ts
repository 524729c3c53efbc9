import { base, en, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { generateValue } from '../../src/mock/generateValue.ts';

describe('strings generated for a pattern', () => {
  it.each([
    ['an ISBN-13', '^97[89]\\d{10}$'],
    ['a date', '^\\d{4}-\\d{2}-\\d{2}$'],
    ['a BotFather token', '^[0-9]{8,10}:[\\w-]{35}$'],
    ['word characters in a class', '^[\\w.]{3,8}$'],
  ])('%s (%s) matches it, with \\d and \\w read as classes', (_name, pattern) => {
    const faker = new Faker({ locale: [en, base] });
    faker.seed(7);
    const context = { faker, document: {}, now: new Date(0), direction: 'request' as const };
    for (let i = 0; i < 20; i++) {
      const value = generateValue({ type: 'string', pattern }, context);
      expect(value).toMatch(new RegExp(pattern, 'u'));
    }
  });
});
