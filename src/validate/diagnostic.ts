import type { ErrorObject } from 'ajv';

export type DiagnosticLocation =
  'route' | 'credentials' | 'content-type' | 'path' | 'query' | 'header' | 'cookie' | 'body';

/** Invalid traffic, described as data: where, which rule, and a sentence a person can act on. */
export interface Diagnostic {
  readonly location: DiagnosticLocation;
  /** The rule that failed: an ajv keyword (`required`, `format`...) or a mockgram check (`missing`, `malformed`...). */
  readonly code: string;
  /** JSON Pointer inside the location (`/telegram_token`), or the parameter name for parameters. */
  readonly path: string;
  readonly message: string;
}

/** ajv's errors as diagnostics whose messages name the field and the rule, e.g. `body must have required property 'mention'`. */
export function diagnosticsFromAjv(
  location: DiagnosticLocation,
  errors: readonly ErrorObject[],
): Diagnostic[] {
  return errors.map((error) => {
    const subject =
      location === 'body' ? `body${error.instancePath}` : describeParameter(location, error.instancePath);
    return {
      location,
      code: error.keyword,
      path: error.instancePath,
      message: `${subject} ${describeRule(error)}`,
    };
  });
}

function describeParameter(location: DiagnosticLocation, instancePath: string): string {
  if (instancePath === '') return `${location} parameters`;
  const [, name = '', ...rest] = instancePath.split('/');
  const inner = rest.length > 0 ? `/${rest.join('/')}` : '';
  return `${location} parameter '${name.replaceAll('~1', '/').replaceAll('~0', '~')}'${inner}`;
}

function describeRule(error: ErrorObject): string {
  const message = error.message ?? `must pass "${error.keyword}"`;
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${message}: '${String(params['additionalProperty'])}'`;
    case 'enum':
      return Array.isArray(params['allowedValues'])
        ? `${message}: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`
        : message;
    case 'unevaluatedProperties':
      return `${message}: '${String(params['unevaluatedProperty'])}'`;
    default:
      return message;
  }
}

/** The sentence sent back to the client: the first few problems, joined. */
export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const shown = diagnostics.slice(0, 5).map((d) => d.message);
  const more = diagnostics.length > shown.length ? `; and ${diagnostics.length - shown.length} more` : '';
  return `${shown.join('; ')}${more}`;
}
