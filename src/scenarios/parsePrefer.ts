/** The Prism-compatible preferences a `Prefer` header can carry. */
export interface Preferences {
  readonly code?: number;
  readonly example?: string;
  readonly dynamic?: boolean;
  readonly seed?: string;
}

/** Parses `Prefer: code=404, example=not-found, dynamic=true, seed=42`; unknown preferences are ignored (RFC 7240). */
export function parsePrefer(header: string | undefined): Preferences | undefined {
  if (header === undefined) return undefined;
  const out: { code?: number; example?: string; dynamic?: boolean; seed?: string } = {};
  for (const part of header.split(/[,;]/)) {
    const [rawKey = '', ...rest] = part.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'code' && /^[1-5]\d\d$/.test(value)) out.code = Number(value);
    else if (key === 'example' && value !== '') out.example = value;
    else if (key === 'dynamic' && (value === 'true' || value === 'false')) out.dynamic = value === 'true';
    else if (key === 'seed' && value !== '') out.seed = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
