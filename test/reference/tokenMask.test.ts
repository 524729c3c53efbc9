import { describe, expect, it } from 'vitest';
import { formatMicrosecondTimestamp } from './timestamps.ts';
import { maskTelegramToken } from './tokenMask.ts';

describe('maskTelegramToken', () => {
  it.each([
    { token: '123456:ABC-def_ghi', masked: '123456:***********' },
    { token: 'no-colon-at-all', masked: '***************' },
    { token: 'abc:def', masked: '*******' },
    { token: '123:', masked: '****' },
    { token: '1:2:3', masked: '1:***' },
  ])('masks $token as $masked', ({ token, masked }) => {
    expect(maskTelegramToken(token)).toBe(masked);
  });
});

describe('formatMicrosecondTimestamp', () => {
  it('writes UTC with six fractional digits', () => {
    expect(formatMicrosecondTimestamp(1_776_428_772_804_444)).toBe('2026-04-17 12:26:12.804444');
  });

  it('pads small fractions', () => {
    expect(formatMicrosecondTimestamp(1_000_000_000_000_007)).toBe('2001-09-09 01:46:40.000007');
  });
});
