import { readFileSync } from 'node:fs';

/** mockgram's own version, from the package.json next to `src/` and `dist/` (where `npm pack` puts it too). */
export function packageVersion(): string {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof raw === 'object' && raw !== null && 'version' in raw ? raw.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}
