import type { ErrorObject, ValidateFunction } from 'ajv';
import { essence, findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import type { JsonObject } from '../spec/isRecord.ts';
import { findResponse } from '../spec/findResponse.ts';
import type { MediaTypeSpec, OperationSpec, ResponseSpec } from '../spec/types.ts';
import type { OperationValidators } from './compileSpecValidators.ts';
import { diagnosticsFromAjv, summarizeDiagnostics } from './diagnostic.ts';
import { responseAssumption, schemaAssumption, statusClassAssumption } from './findAssumption.ts';

/** The checks an answer gets against what its operation documents for the status it carries. */
export type DocumentedCheckId =
  'status-documented' | 'content-type' | 'response-body-schema' | 'response-headers';

export interface DocumentedCheck {
  readonly check: DocumentedCheckId;
  readonly passed: boolean;
  /** One line; set when the check failed. */
  readonly reason?: string;
  /** Set on a failed check that rests only on an `x-assumed` mark: a warning, not a fact the API broke. */
  readonly assumption?: string | undefined;
}

/** An answer as received: lower-case header names, the body as text. */
export interface ReceivedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface AnsweredRequest {
  readonly operation: OperationSpec;
  /** Upper-case; a HEAD answer carries no body. */
  readonly method: string;
  /** An assumption the whole exchange rests on (it is carried by failed status checks). */
  readonly assumption?: string | undefined;
}

/** Statuses that never carry a body (RFC 9110), so a documented schema does not call for one. */
const BODYLESS_STATUSES = new Set([204, 205, 304]);

/**
 * Judges an answer against its operation's documentation: the status is documented, then for that status the
 * Content-Type, the body's schema and the documented headers. The same checks serve the contract runner (answers to
 * the requests it makes up) and the proxy (answers to real traffic). `document` is the spec's document, to find the
 * `x-assumed` marks of response schemas.
 */
export function checkDocumentedResponse(
  request: AnsweredRequest,
  response: ReceivedResponse,
  validators: OperationValidators | undefined,
  document?: JsonObject,
): DocumentedCheck[] {
  const { operation } = request;
  const documented = findResponse(operation.responses, response.status);
  if (!documented) {
    const list = operation.responses.map((r) => r.status).join(', ');
    const classAssumption = statusClassAssumption(operation, response.status);
    const undocumented: DocumentedCheck = {
      check: 'status-documented',
      passed: false,
      reason: `${response.status} is not documented for ${operation.id} (documented: ${list})`,
      assumption: request.assumption ?? classAssumption,
    };
    // The success status is an assumption but the success body is not: judge the body as the documented one.
    const standIn =
      classAssumption !== undefined && response.status < 300 ? successResponse(operation) : undefined;
    if (!standIn) return [undocumented];
    return [undocumented, ...contentChecks(request, standIn, response, validators, document, true)];
  }
  return [
    { check: 'status-documented', passed: true },
    ...contentChecks(request, documented, response, validators, document),
    ...headerChecks(documented, response, validators?.responses.get(documented.status)?.headers),
  ];
}

function successResponse(operation: OperationSpec): ResponseSpec | undefined {
  return operation.responses
    .filter((r) => /^2\d\d$/.test(r.status))
    .sort((a, b) => Number(a.status) - Number(b.status))[0];
}

function contentChecks(
  request: AnsweredRequest,
  documented: ResponseSpec,
  response: ReceivedResponse,
  validators: OperationValidators | undefined,
  document: JsonObject | undefined,
  standIn = false,
): DocumentedCheck[] {
  const contentType = essence(response.headers['content-type']);
  const hasBody = response.text.length > 0;
  const assumption = responseAssumption(documented);
  if (documented.content.length === 0) {
    return hasBody
      ? [
          {
            check: 'content-type',
            passed: false,
            reason: `${documented.status} documents no body, got ${contentType ?? 'one without Content-Type'}`,
            assumption,
          },
        ]
      : [];
  }
  if (!hasBody) return missingBody(request, documented, response.status, standIn);
  if (contentType === undefined) {
    return [
      { check: 'content-type', passed: false, reason: 'a body without a Content-Type header', assumption },
    ];
  }
  const media = findMediaType(documented.content, contentType);
  if (!media) {
    const list = documented.content.map((m) => m.mediaType).join(', ');
    return [
      {
        check: 'content-type',
        passed: false,
        reason: `Content-Type ${contentType} is not documented for ${documented.status} (documented: ${list})`,
        assumption,
      },
    ];
  }
  const outcomes: DocumentedCheck[] = [{ check: 'content-type', passed: true }];
  const validate = validators?.responses.get(documented.status)?.bodies.get(media.mediaType);
  if (!validate || !isJsonMediaType(contentType)) return outcomes;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return [
      ...outcomes,
      {
        check: 'response-body-schema',
        passed: false,
        reason: `the body is not JSON: ${excerpt(response.text)}`,
      },
    ];
  }
  if (validate(body)) return [...outcomes, { check: 'response-body-schema', passed: true }];
  const errors = validate.errors ?? [];
  return [
    ...outcomes,
    {
      check: 'response-body-schema',
      passed: false,
      reason: `${documented.status} ${summarizeDiagnostics(diagnosticsFromAjv('body', errors))}`,
      assumption: document && bodyAssumption(document, media, errors),
    },
  ];
}

/**
 * A documented body that did not come: only HEAD and statuses that never carry one may leave it out, unless the
 * status is an undocumented stand-in for the documented success, whose body is the point.
 */
function missingBody(
  request: AnsweredRequest,
  documented: ResponseSpec,
  status: number,
  standIn: boolean,
): DocumentedCheck[] {
  if (request.method === 'HEAD' || (BODYLESS_STATUSES.has(status) && !standIn)) return [];
  if (!documented.content.some((m) => m.schema !== undefined)) return [];
  return [
    {
      check: 'response-body-schema',
      passed: false,
      reason: `no body, but ${documented.status} documents one (${documented.content.map((m) => m.mediaType).join(', ')})`,
    },
  ];
}

/** The reason every schema error rests on an assumption, or `undefined` when one of them is a documented rule. */
function bodyAssumption(
  document: JsonObject,
  media: MediaTypeSpec,
  errors: readonly ErrorObject[],
): string | undefined {
  let first: string | undefined;
  for (const error of errors) {
    const reason = schemaAssumption(
      document,
      media.schema?.schema,
      pointerTokens(error.instancePath),
      'response body',
    );
    if (reason === undefined) return undefined;
    first ??= reason;
  }
  return first;
}

/** The property names and indices of an ajv `instancePath`. */
export function pointerTokens(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map(unescape);
}

function unescape(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

function headerChecks(
  documented: ResponseSpec,
  response: ReceivedResponse,
  validate: ValidateFunction | undefined,
): DocumentedCheck[] {
  if (!validate || documented.headers.length === 0) return [];
  const values: Record<string, string> = {};
  for (const header of documented.headers) {
    const value = response.headers[header.key];
    if (value !== undefined) values[header.key] = value;
  }
  if (validate(values)) return [{ check: 'response-headers', passed: true }];
  const errors = validate.errors ?? [];
  const assumed = (error: ErrorObject): boolean => {
    const name =
      error.keyword === 'required'
        ? String((error.params as Record<string, unknown>)['missingProperty'])
        : unescape(error.instancePath.split('/')[1] ?? '');
    return documented.headers.find((h) => h.key === name)?.assumed === true;
  };
  return [
    {
      check: 'response-headers',
      passed: false,
      reason: summarizeDiagnostics(diagnosticsFromAjv('header', errors)).replaceAll(
        'header parameter',
        'header',
      ),
      assumption:
        responseAssumption(documented) ??
        (errors.length > 0 && errors.every(assumed)
          ? 'the headers concerned are marked x-assumed'
          : undefined),
    },
  ];
}

/** The start of a body, on one line, for a reason. */
export function excerpt(text: string, length = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty body)';
  return line.length > length ? `${line.slice(0, length - 3)}...` : line;
}
