import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SENSAY_SPEC = resolve(ROOT, 'specs/sensay.yaml');
export const TOOLZZ_SPEC = resolve(ROOT, 'specs/toolzz.yaml');
/** Stands in for Sensay's fuller published spec: the curated path (create answers 201 there) and its neighbours. */
export const SENSAY_PUBLISHED_SPEC = resolve(ROOT, 'test/fixtures/sensay-published.yaml');
export const LIBRARY_SPEC = resolve(ROOT, 'test/fixtures/library-3.0.yaml');
export const BOOKSHELF_SPEC = resolve(ROOT, 'test/fixtures/bookshelf-3.1.yaml');
export const SENSAY_SCENARIOS = resolve(ROOT, 'scenarios/sensay.yaml');
export const TOOLZZ_SCENARIOS = resolve(ROOT, 'scenarios/toolzz.yaml');
export const CLI = resolve(ROOT, 'src/cli/main.ts');
