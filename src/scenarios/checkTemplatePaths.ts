import { objectProperties } from '../mock/schemaView.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import { templatePaths } from './renderTemplate.ts';
import type { Scenario } from './types.ts';

const ROOTS = [
  'request.method',
  'request.path',
  'request.query',
  'request.headers',
  'request.body',
  'generated',
  'now',
  'uuid',
];

/**
 * Template paths that cannot name anything: an unknown root, a path parameter the operation does not have, or a
 * top-level body field its request schema does not declare. A typo would otherwise render as an empty string.
 */
export function checkTemplatePaths(scenario: Scenario, operation: OperationSpec, spec: SpecIndex): string[] {
  const pathNames = new Set(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name));
  const bodySchema = operation.requestBody?.content[0]?.schema?.schema;
  const bodyFields =
    bodySchema === undefined
      ? undefined
      : Object.keys(objectProperties(spec.document, bodySchema).properties);
  const problems: string[] = [];
  // A verbatim answer fills no template, so a `{{` in it is text.
  if (scenario.verbatim === true) return problems;
  for (const path of [...templatePaths(scenario.body), ...templatePaths(scenario.headers)]) {
    const root = ROOTS.find((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));
    const [, , field] = path.replace(/\[(\d+)\]/g, '.$1').split('.');
    if (root === undefined) problems.push(`template {{${path}}} starts with none of ${ROOTS.join(', ')}`);
    else if (root === 'request.path' && field !== undefined && !pathNames.has(field)) {
      problems.push(
        `template {{${path}}}: ${operation.id} has no path parameter '${field}' (it has: ${[...pathNames].join(', ') || 'none'})`,
      );
    } else if (
      root === 'request.body' &&
      field !== undefined &&
      bodyFields !== undefined &&
      bodyFields.length > 0 &&
      !bodyFields.includes(field)
    ) {
      problems.push(
        `template {{${path}}}: the request body has no field '${field}' (it has: ${bodyFields.join(', ')})`,
      );
    }
  }
  return problems;
}
