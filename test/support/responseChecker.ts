import { findResponse } from '../../src/mock/findResponse.ts';
import { indexOperations } from '../../src/spec/indexOperations.ts';
import { loadSpecDocument } from '../../src/spec/loadSpecDocument.ts';
import type { OperationSpec, SpecIndex } from '../../src/spec/types.ts';
import { compileSpecValidators, type SpecValidators } from '../../src/validate/compileSpecValidators.ts';

export interface CheckedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export interface SpecChecker {
  readonly spec: SpecIndex;
  operation(id: string): OperationSpec;
  /** Problems of a response against the spec: status documented, media type documented, body valid, required headers. */
  problems(operationId: string, response: CheckedResponse): string[];
}

/** Loads a spec on its own (a fresh ajv, not the mock's instance) to judge the mock's answers. */
export async function loadSpecChecker(path: string): Promise<SpecChecker> {
  const spec = indexOperations(await loadSpecDocument(path));
  const validators: SpecValidators = compileSpecValidators(spec);
  const operation = (id: string): OperationSpec => {
    const found = spec.operations.find((o) => o.id === id);
    if (!found) throw new Error(`no operation ${id} in ${path}`);
    return found;
  };
  return {
    spec,
    operation,
    problems(operationId, response) {
      const op = operation(operationId);
      const documented = findResponse(op.responses, response.status);
      if (!documented) return [`status ${response.status} is not documented for ${operationId}`];
      const compiled = validators.operations.get(op)?.responses.get(documented.status);
      const problems: string[] = [];
      const contentType =
        String(response.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim()
          .toLowerCase() ?? '';
      if (documented.content.length > 0) {
        const media = documented.content.find((m) => m.mediaType === contentType);
        if (!media) problems.push(`Content-Type '${contentType}' is not documented for ${response.status}`);
        const validate = media && compiled?.bodies.get(media.mediaType);
        if (validate) {
          let body: unknown;
          try {
            body = JSON.parse(response.text);
          } catch {
            problems.push('body is not JSON');
          }
          if (body !== undefined && !validate(body))
            problems.push(`body: ${JSON.stringify(validate.errors)}`);
        }
      }
      for (const header of documented.headers) {
        if (header.required && response.headers[header.name.toLowerCase()] === undefined)
          problems.push(`missing required header ${header.name}`);
      }
      // Values too: a documented header that is sent must match its schema (e.g. X-API-Version is a date).
      const sent: Record<string, string> = {};
      for (const header of documented.headers) {
        const value = response.headers[header.name.toLowerCase()];
        if (typeof value === 'string') sent[header.name.toLowerCase()] = value;
      }
      const validateHeaders = compiled?.headers;
      if (validateHeaders && problems.length === 0 && !validateHeaders(sent)) {
        problems.push(`headers: ${JSON.stringify(validateHeaders.errors)}`);
      }
      return problems;
    },
  };
}
