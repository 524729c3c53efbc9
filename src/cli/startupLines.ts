import { isAbsolute, relative } from 'node:path';
import { bundledDirectory } from '../bundledApis.ts';
import type { MockEngine } from '../engine/createMockEngine.ts';
import type { MockFiles } from './resolveMockFiles.ts';

const LISTED_OPERATIONS = 5;

/**
 * What `mockgram mock` says once at start-up, before the listening line: each spec and where it is served, which
 * spec answers operations several specs document, which scenario files are used or skipped, the admin API and the dashboard.
 */
export function startupLines(
  engine: MockEngine,
  files: MockFiles,
  url: string,
  adminToken: string | undefined,
  cwd: string = process.cwd(),
): string[] {
  const shown = (file: string): string => {
    const path = relative(cwd, file);
    return path === '' || path.startsWith('..') || isAbsolute(path) ? file : path;
  };
  const lines: string[] = [];
  for (const { index } of engine.specs) {
    const served = index.operations.length === 0 ? ' (every operation answered by a later spec)' : '';
    lines.push(
      `  ${index.name}: ${index.title} (OpenAPI ${index.version}) at ${url}${index.basePath || '/'}${served}`,
    );
  }

  const pairs = new Map<string, { by: string; spec: string; operations: string[] }>();
  for (const { spec, by } of engine.overridden) {
    const key = `${by.spec.name}\u0000${spec.name}`;
    const pair = pairs.get(key) ?? { by: by.spec.name, spec: spec.name, operations: [] };
    pair.operations.push(`${by.operation.method.toUpperCase()} ${by.operation.routePath}`);
    pairs.set(key, pair);
  }
  for (const { by, spec, operations } of pairs.values()) {
    const listed = operations.slice(0, LISTED_OPERATIONS).join(', ');
    const more =
      operations.length > LISTED_OPERATIONS ? ` and ${operations.length - LISTED_OPERATIONS} more` : '';
    const rest = engine.specs.some(({ index }) => index.name === spec && index.operations.length > 0)
      ? `; ${spec} answers the rest`
      : '';
    lines.push(`  ${by} answers what ${spec} also documents (${by} is given later): ${listed}${more}${rest}`);
  }

  const loaded = engine.specs.map(({ index }) => index.name).join(', ');
  for (const { file, spec } of engine.catalog.skipped) {
    lines.push(
      `  scenarios: skipped ${shown(file)}: written for spec '${spec}', which is not served (served: ${loaded})`,
    );
  }
  const used = engine.catalog.files.map(shown).join(', ');
  if (files.scenarioOrigin === 'bundled') {
    lines.push(`  scenarios: ${used} (bundled with mockgram)`);
  } else if (used !== '') {
    lines.push(`  scenarios: ${used}`);
  } else {
    const bundled = files.bundledSpecs
      ? ` (the bundled ones: --scenarios ${shown(bundledDirectory('scenarios'))})`
      : '';
    lines.push(`  scenarios: none, so every answer comes from the specs alone${bundled}`);
  }

  lines.push(`  admin API: ${url}/__mock${adminToken === undefined ? '' : ` (token: ${adminToken})`}`);
  lines.push(`  dashboard: ${url}/__mock/ui`);
  return lines;
}
