import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { statusText } from '../../src/http/statusText.ts';

describe('statusText', () => {
  it("agrees with Node's reason phrases for every code the engine can answer", () => {
    const codes = Object.keys(STATUS_CODES)
      .map(Number)
      .filter((code) => code >= 200);
    const differing = codes.filter((code) => statusText(code) !== STATUS_CODES[code] && code !== 418);
    expect(differing).toEqual([]);
  });

  it('says Error for a code with no phrase', () => {
    expect(statusText(599)).toBe('Error');
  });
});
