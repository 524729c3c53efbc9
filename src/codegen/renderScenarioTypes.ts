import type { MockEngine } from '../engine/createMockEngine.ts';

export interface ScenarioTypesOptions {
  /** The spec and scenario files as the header should name them (relative paths keep the file portable). */
  readonly sources?: readonly string[] | undefined;
}

/**
 * A `.d.ts` that augments `mockgram/client`'s `MockScenarios` with every operation id of the loaded specs and, per
 * operation, the union of its scenario names (`never` where no scenario file covers it: the mock refuses to choose a
 * scenario there), and exports `MockOperationId`. An operation id that several specs share gets all their names.
 */
export function renderScenarioTypes(
  engine: Pick<MockEngine, 'specs' | 'catalog'>,
  options: ScenarioTypesOptions = {},
): string {
  const operations = new Map<string, { where: string[]; scenarios: Set<string> }>();
  for (const { index } of engine.specs) {
    for (const operation of index.operations) {
      const entry = operations.get(operation.id) ?? { where: [], scenarios: new Set<string>() };
      entry.where.push(`${index.name}: ${operation.method.toUpperCase()} ${operation.routePath}`);
      for (const name of engine.catalog.operations.get(operation)?.scenarios.keys() ?? [])
        entry.scenarios.add(name);
      operations.set(operation.id, entry);
    }
  }
  const sources = options.sources ?? [];
  const members = [...operations].map(([id, { where, scenarios }]) => {
    const names = [...scenarios].map((name) => `      | ${JSON.stringify(name)}`);
    return [
      `    /** ${where.map(comment).join('; ')} */`,
      `    ${propertyName(id)}:${names.length === 0 ? ' never;' : `\n${names.join('\n')};`}`,
    ].join('\n');
  });
  const ids = [...operations.keys()].map((id) => `  | ${JSON.stringify(id)}`);
  return [
    `// Written by \`mockgram types\`${sources.length === 0 ? '' : ` from ${sources.map(comment).join(', ')}`}.`,
    '// Write it again when the specs or scenarios change; edits here are lost.',
    '',
    '/** Every operation id of the loaded specs. */',
    `export type MockOperationId =${ids.length === 0 ? ' never;' : `\n${ids.join('\n')};`}`,
    '',
    'declare module "mockgram/client" {',
    '  /** Operation id → its scenario names: what `use()` accepts. */',
    '  interface MockScenarios {',
    ...members,
    '  }',
    '}',
    '',
  ].join('\n');
}

function propertyName(id: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(id) ? id : JSON.stringify(id);
}

/** Text safe inside a comment on one line. */
function comment(text: string): string {
  return text.replaceAll('*/', '*\\/').replaceAll(/[\r\n\u2028\u2029]/g, ' ');
}
