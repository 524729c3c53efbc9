import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it collects again,
 * in % of that survivor size, for the long-running servers (`mockgram mock`, `mockgram proxy`).
 *
 * V8's own default scales the factor with how fast the program allocates, up to 4× on a machine with plenty of
 * memory: a mock whose store is full (about 100 MiB of live objects at the default limits) and that keeps creating
 * (each create evicting an older object) then holds up to ~400 MiB of garbage, and its RSS climbs for 100,000
 * creates or more before it levels off. At 30 % it levels off as soon as the store is full, about 150 MiB lower.
 * The price is more full collections while the store is full and evicting, each marking the stored objects again
 * (cheap since the store keeps them as JSON text); a server whose store is not full hardly collects more (the
 * README's Benchmark section has the figures).
 */
export const HEAP_GROWING_PERCENT = 30;

const OWN_FLAG = /--heap[-_]growing[-_]percent\b/;

/**
 * Sets V8's heap growing factor for this process, unless whoever started Node chose one on its command line
 * (`node --heap-growing-percent=N dist/cli/main.js mock`; Node does not take the flag from NODE_OPTIONS). V8 reads
 * the flag at every full collection, so setting it once the server listens leaves start-up (which allocates most
 * of what the spec's validators keep) as fast as before. Returns the flag it set, if any.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  setFlags: (flags: string) => void = setFlagsFromString,
): string | undefined {
  if (execArgv.some((arg) => OWN_FLAG.test(arg))) return undefined;
  const flag = `--heap-growing-percent=${String(HEAP_GROWING_PERCENT)}`;
  setFlags(flag);
  return flag;
}
