import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/cli/heapGrowth.ts';
import { ROOT } from '../support/paths.ts';

const OURS = `--heap-growing-percent=${String(HEAP_GROWING_PERCENT)}`;

describe('the servers’ heap growing factor', () => {
  it('is set when whoever started Node chose none', () => {
    const set: string[] = [];
    expect(
      limitHeapGrowth(['--enable-source-maps', '--max-old-space-size=4096'], (flag) => set.push(flag)),
    ).toBe(OURS);
    expect(set).toEqual([OURS]);
  });

  it.each([
    [['--heap-growing-percent=80']],
    [['--heap_growing_percent', '80']],
    [['--heap-growing-percent=0']],
  ])('is left alone when Node was started with one (%j)', (execArgv) => {
    const set: string[] = [];
    expect(limitHeapGrowth(execArgv, (flag) => set.push(flag))).toBeUndefined();
    expect(set).toEqual([]);
  });

  /**
   * V8 reads the flag at each full collection, which is what lets the servers set it once they listen. Its own
   * trace says which factor it chose: 1 + 30/100 once the flag is set, its dynamic factor (up to 4 with this much
   * memory) when it is not.
   */
  it('takes effect in V8 when set after start-up', () => {
    const factors = (call: boolean, nodeArgs: readonly string[] = []): string[] => {
      const script = [
        `import { limitHeapGrowth } from ${JSON.stringify(`${ROOT}/src/cli/heapGrowth.ts`)};`,
        call ? 'limitHeapGrowth();' : '',
        'const kept = [];',
        'for (let i = 0; i < 100000; i++) kept.push({ name: `object ${i}`, list: [i] });',
        'globalThis.gc();',
        'process.stdout.write(String(kept.length));',
      ].join('\n');
      const output = execFileSync(
        process.execPath,
        [...nodeArgs, '--expose-gc', '--trace-gc-verbose', '--input-type=module', '--eval', script],
        { cwd: ROOT, encoding: 'utf8' },
      );
      return [...output.matchAll(/\[HeapController\] factor (\d+\.\d)/g)].map((match) => match[1] ?? '');
    };
    const limited = factors(true);
    expect(limited.length).toBeGreaterThan(0);
    expect(new Set(limited)).toEqual(new Set(['1.3']));
    expect(factors(false)).not.toContain('1.3');
    expect(new Set(factors(true, ['--heap-growing-percent=100']))).toEqual(new Set(['2.0']));
  });
});
