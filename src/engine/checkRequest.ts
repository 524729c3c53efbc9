import { checkCredentials } from '../security/checkCredentials.ts';
import { diagnosticsFromAjv, type Diagnostic } from '../validate/diagnostic.ts';
import { collectParameters, type RawRequestParts } from './collectParameters.ts';
import type { MockEngine, PreparedOperation } from './createEngine.ts';
import { checkBodyHeaders, parseBody, type BodyOutcome, type ReadBody } from './readRequestBody.ts';
import type { ParsedRequest } from './requestTarget.ts';

/** What the request-validation stages found: nothing (`status` undefined), or the answer a mock would give. */
export interface RequestCheck {
  /** The status an invalid request is answered with (401, 400, 413, 415); undefined when the request is valid. */
  readonly status: number | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** The body as read: parsed, absent, or why it could not be used (with its text when it was read). */
  readonly body: BodyOutcome;
  /** Set when the body was left unread or cut short, so the connection must close after the answer. */
  readonly closeConnection?: boolean | undefined;
}

export interface CheckRequestOptions {
  /**
   * Run every stage and collect all their problems (the proxy reports them all) instead of stopping at the first
   * stage that fails (the mock answers that one). `status` is still the first failing stage's.
   */
  readonly collectAll?: boolean | undefined;
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);
const NO_BODY: BodyOutcome = Object.freeze({ kind: 'none' });

/**
 * The request-validation half of the engine, in order: credentials (401), body media type, size and syntax
 * (415, 413, 400), then parameters and the body's schema (400). The mock and the proxy both run a request through
 * it, with the same compiled validators. Invalid traffic is returned as data, never thrown.
 */
export async function checkRequest(
  engine: MockEngine,
  prepared: PreparedOperation,
  parsed: ParsedRequest,
  readBody: ReadBody,
  options: CheckRequestOptions = {},
): Promise<RequestCheck> {
  const collectAll = options.collectAll === true;
  const { operation, spec } = prepared;
  const credentialProblems = checkCredentials(
    operation.security,
    spec.securitySchemes,
    parsed,
    engine.loadedSpec(spec).accepted,
  );
  let status: number | undefined;
  let diagnostics: readonly Diagnostic[] = NO_DIAGNOSTICS;
  if (credentialProblems.length > 0) {
    if (!collectAll) return { status: 401, diagnostics: credentialProblems, body: NO_BODY };
    status = 401;
    diagnostics = credentialProblems;
  }

  const checked = checkBodyHeaders(engine, prepared, parsed.headers);
  const body = checked.kind === 'read' ? parseBody(engine, checked, await readBody(checked.limit)) : checked;
  if (body.kind === 'error') {
    if (!collectAll)
      return {
        status: body.status,
        diagnostics: body.diagnostics,
        body,
        closeConnection: body.closeConnection,
      };
    status ??= body.status;
    diagnostics = [...diagnostics, ...body.diagnostics];
  }

  let invalid = validateParameters(prepared, parsed);
  if (body.kind === 'parsed' && body.validate && !body.validate(body.value)) {
    invalid = [...invalid, ...diagnosticsFromAjv('body', body.validate.errors ?? [])];
  }
  if (invalid.length > 0) {
    status ??= 400;
    diagnostics = diagnostics.length === 0 ? invalid : [...diagnostics, ...invalid];
  }
  return {
    status,
    diagnostics,
    body,
    closeConnection: body.kind === 'error' ? body.closeConnection : undefined,
  };
}

function validateParameters(prepared: PreparedOperation, parts: RawRequestParts): readonly Diagnostic[] {
  let diagnostics: Diagnostic[] | undefined;
  for (const [location, validate] of prepared.validators.parameters) {
    const values = collectParameters(prepared.parameterPlans, location, parts);
    if (!validate(values)) (diagnostics ??= []).push(...diagnosticsFromAjv(location, validate.errors ?? []));
  }
  return diagnostics ?? NO_DIAGNOSTICS;
}
