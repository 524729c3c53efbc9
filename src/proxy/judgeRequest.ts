import { checkRequest, type RequestCheck } from '../engine/checkRequest.ts';
import type { MockEngine, PreparedOperation } from '../engine/createEngine.ts';
import type { ReadBody } from '../engine/readRequestBody.ts';
import type { ParsedRequest } from '../engine/requestTarget.ts';
import type { RoutedRequest } from '../engine/routeRequest.ts';
import { essence, findMediaType } from '../http/mediaType.ts';
import type { SpecIndex } from '../spec/types.ts';
import { pointerTokens } from '../validate/checkDocumentedResponse.ts';
import type { Diagnostic } from '../validate/diagnostic.ts';
import { schemaAssumption } from '../validate/findAssumption.ts';
import type { DriftProblem } from './driftTypes.ts';

/** A request as the proxy judged it, before the upstream answered. */
export type RequestVerdict =
  | {
      readonly kind: 'undocumented';
      /** The spec whose base path the request is under, if any (its upstream gets the request). */
      readonly spec: SpecIndex | undefined;
      readonly reason: string;
    }
  | {
      readonly kind: 'operation';
      readonly spec: SpecIndex;
      readonly prepared: PreparedOperation;
      readonly parsed: ParsedRequest;
      /** The method routed on (a HEAD routes as GET when only GET is documented). */
      readonly method: string;
      readonly check: RequestCheck;
      /** What the request did against the spec's documented rules. */
      readonly problems: readonly DriftProblem[];
      /** Problems that rest only on `x-assumed` marks. */
      readonly warnings: readonly DriftProblem[];
    };

/**
 * The request half of a proxied exchange: routed and checked by the engine's own stages (every stage, so all the
 * problems are reported), each problem told apart as a documented rule or an assumption.
 */
export async function judgeRequest(
  engine: MockEngine,
  routed: RoutedRequest,
  readBody: ReadBody,
): Promise<RequestVerdict> {
  const { parsed, method, match } = routed;
  if (match.kind === 'not-found')
    return { kind: 'undocumented', spec: match.spec, reason: `no operation is documented at ${parsed.path}` };
  if (match.kind === 'method-not-allowed')
    return {
      kind: 'undocumented',
      spec: match.spec,
      reason: `${method} is not documented for ${parsed.path}; documented: ${match.allow.join(', ')}`,
    };
  const prepared = engine.prepared(match.operation);
  const check = await checkRequest(engine, prepared, parsed, readBody, { collectAll: true });
  const problems: DriftProblem[] = [];
  const warnings: DriftProblem[] = [];
  for (const diagnostic of check.diagnostics) {
    // The body limit bounds what the proxy reads, not what the spec allows: a larger body passes unjudged.
    if (
      diagnostic.location === 'body' &&
      (diagnostic.code === 'too-large' || diagnostic.code === 'aborted')
    ) {
      warnings.push({
        location: 'body',
        message: `${diagnostic.message}; it was forwarded whole but not judged`,
      });
      continue;
    }
    const problem = { location: diagnostic.location, message: diagnostic.message };
    if (requestAssumption(prepared, parsed, diagnostic) === undefined) problems.push(problem);
    else warnings.push(problem);
  }
  return { kind: 'operation', spec: match.spec, prepared, parsed, method, check, problems, warnings };
}

/** Why a request problem rests only on an assumption (`undefined` when it breaks a documented rule). */
function requestAssumption(
  prepared: PreparedOperation,
  parsed: ParsedRequest,
  diagnostic: Diagnostic,
): string | undefined {
  const { operation, spec } = prepared;
  const { document } = spec;
  switch (diagnostic.location) {
    case 'credentials': {
      const schemes = operation.security.flat();
      return schemes.length > 0 && schemes.every((key) => spec.securitySchemes.get(key)?.assumed === true)
        ? 'the security schemes are marked x-assumed'
        : undefined;
    }
    case 'content-type':
      return operation.requestBody?.assumed === true ? 'the request body is marked x-assumed' : undefined;
    case 'body': {
      const { requestBody } = operation;
      if (requestBody?.assumed === true) return 'the request body is marked x-assumed';
      const media =
        requestBody && findMediaType(requestBody.content, essence(parsed.headers['content-type']) ?? '');
      if (!media?.schema || diagnostic.code === 'malformed') return undefined;
      return schemaAssumption(document, media.schema.schema, pointerTokens(diagnostic.path), 'request body');
    }
    case 'path':
    case 'query':
    case 'header':
    case 'cookie': {
      const [name = '', ...rest] = pointerTokens(diagnostic.path);
      const parameter = operation.parameters.find((p) => p.in === diagnostic.location && p.name === name);
      if (!parameter) return undefined;
      if (parameter.assumed) return `${parameter.in} parameter '${name}' is marked x-assumed`;
      return parameter.schema
        ? schemaAssumption(document, parameter.schema.schema, rest, `${parameter.in} parameter '${name}'`)
        : undefined;
    }
    case 'route':
      return undefined;
  }
}
