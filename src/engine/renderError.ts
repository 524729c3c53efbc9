import { statusText } from '../http/statusText.ts';
import { fillErrorFields } from '../mock/fillErrorFields.ts';
import { findResponse, findSpecWideResponse } from '../mock/findResponse.ts';
import type { GenerationContext } from '../mock/generateValue.ts';
import { pickMediaType, renderResponse } from '../mock/renderResponse.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import type { RenderedResponse } from '../mock/renderResponse.ts';

export interface ErrorTarget {
  readonly spec: SpecIndex | undefined;
  readonly operation: OperationSpec | undefined;
}

/**
 * An error in the API's own format: the schema the spec documents for this status (on the operation, else anywhere
 * in the spec), filled with the message; `application/problem+json` (RFC 9457) where the spec documents none.
 */
export function renderError(
  target: ErrorTarget,
  status: number,
  message: string,
  diagnostics: readonly Diagnostic[],
  context: GenerationContext,
  requestHeaders: Readonly<Record<string, string>>,
): RenderedResponse {
  const response =
    (target.operation && findResponse(target.operation.responses, status)) ??
    (target.spec && findSpecWideResponse(target.spec, status));
  const media = response && pickMediaType(response);
  if (target.spec && response && media?.schema && !media.mediaType.includes('problem')) {
    const rendered = renderResponse(response, status, context, { requestHeaders });
    const body = fillErrorFields(
      target.spec.document,
      media.schema.schema,
      rendered.body,
      status,
      message,
      diagnostics,
    );
    return { ...rendered, body };
  }
  return {
    status,
    headers: {},
    mediaType: 'application/problem+json',
    body: {
      type: 'about:blank',
      title: statusText(status),
      status,
      detail: message,
      ...(diagnostics.length > 0 && {
        errors: diagnostics.map(({ location, path, message: text }) => ({ location, path, message: text })),
      }),
    },
  };
}
