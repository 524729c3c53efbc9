const TIMESTAMP_LAYOUT = /^\d{4}-\d{2}-\d{2}([ T])\d{2}:\d{2}:\d{2}(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * When an example looks like a timestamp, returns `date` written in the same layout (separator, fractional digits,
 * zone), so a spec that shows `2026-04-17 12:26:12.804444` gets fresh values in exactly that shape.
 */
export function formatLikeExample(example: unknown, date: Date, microseconds = 0): string | undefined {
  if (typeof example !== 'string') return undefined;
  const layout = TIMESTAMP_LAYOUT.exec(example);
  if (!layout) return undefined;
  const [, separator = 'T', fraction, zone] = layout;
  const iso = date.toISOString();
  const millis = iso.slice(20, 23);
  const sub = String(Math.trunc(microseconds) % 1000).padStart(3, '0');
  const digits = fraction === undefined ? '' : `.${(millis + sub + '000').slice(0, fraction.length)}`;
  const suffix = zone === undefined ? '' : zone === 'Z' ? 'Z' : zone.includes(':') ? '+00:00' : '+0000';
  return `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}${digits}${suffix}`;
}
