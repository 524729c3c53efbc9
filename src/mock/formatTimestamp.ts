const TIMESTAMP_LAYOUT = /^\d{4}-\d{2}-\d{2}([ T])\d{2}:\d{2}:\d{2}(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

interface Layout {
  readonly separator: string;
  /** Fractional-second digits, 0 for none. */
  readonly fractionDigits: number;
  readonly suffix: string;
}

/** Examples come from specs, so there are few of them: each is read once. `null`: not a timestamp. */
const layouts = new Map<string, Layout | null>();
const MAX_LAYOUTS = 10_000;

/**
 * When an example looks like a timestamp, returns `date` written in the same layout (separator, fractional digits,
 * zone), so a spec that shows `2026-04-17 12:26:12.804444` gets fresh values in exactly that shape.
 */
export function formatLikeExample(example: unknown, date: Date, microseconds = 0): string | undefined {
  if (typeof example !== 'string') return undefined;
  const layout = layoutOf(example);
  if (!layout) return undefined;
  const iso = date.toISOString();
  let digits = '';
  if (layout.fractionDigits > 0) {
    const sub = String(Math.trunc(microseconds) % 1000).padStart(3, '0');
    digits = `.${(iso.slice(20, 23) + sub + '000').slice(0, layout.fractionDigits)}`;
  }
  return `${iso.slice(0, 10)}${layout.separator}${iso.slice(11, 19)}${digits}${layout.suffix}`;
}

function layoutOf(example: string): Layout | null {
  let layout = layouts.get(example);
  if (layout !== undefined) return layout;
  const match = TIMESTAMP_LAYOUT.exec(example);
  if (match) {
    const [, separator = 'T', fraction, zone] = match;
    layout = {
      separator,
      fractionDigits: fraction?.length ?? 0,
      suffix: zone === undefined ? '' : zone === 'Z' ? 'Z' : zone.includes(':') ? '+00:00' : '+0000',
    };
  } else layout = null;
  if (layouts.size < MAX_LAYOUTS) layouts.set(example, layout);
  return layout;
}
