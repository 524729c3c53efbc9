import type { Faker } from '@faker-js/faker';
import type { ValidateFunction } from 'ajv';
import { findMediaType, isJsonMediaType } from '../http/mediaType.ts';
import { generateValue } from '../mock/generateValue.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { buildBaseline, requestContext, type Baseline } from './buildBaseline.ts';
import { allowsAnonymous, credentialHeaderNames, withWrongCredentials } from './credentialHeaders.ts';
import { schemaAssumption } from '../validate/findAssumption.ts';
import { planBodyMutations } from './planBodyMutations.ts';
import { planParameterCases, type NegativeCase } from './planParameterCases.ts';
import { rejectionStatuses } from './rejectionStatuses.ts';
import { renderRequest, withHeader, withoutHeaders, type RequestParts } from './renderRequest.ts';
import type { ContractCase, HeaderLine, WireRequest } from './types.ts';

export interface PlanOptions {
  /** Base URL replacing the spec's server URL, path included. */
  readonly target: string;
  readonly headers: readonly HeaderLine[];
  readonly params: Readonly<Record<string, string>>;
  /** Seeded by the caller: same seed, same plan. */
  readonly faker: Faker;
  readonly now: Date;
  /** Only requests that cannot create anything: no positive case for unsafe methods, no unsafe probe method. */
  readonly safe: boolean;
  /** 4xx statuses a positive case may get (e.g. 404 when the target has no such resource). */
  readonly allowedStatuses: readonly number[];
  /** Operation ids to plan (default: all). */
  readonly operations?: readonly string[] | undefined;
}

export interface Plan {
  readonly cases: readonly ContractCase[];
  readonly notes: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** Methods tried for "undocumented method", in order; the first the path does not document is sent. */
const PROBE_METHODS = ['get', 'put', 'patch', 'post', 'delete', 'trace'] as const;

/** Every request the contract run sends for a spec, planned from the spec alone. */
export function planCases(
  spec: SpecIndex,
  validators: ReadonlyMap<OperationSpec, OperationValidators>,
  options: PlanOptions,
): Plan {
  const cases: ContractCase[] = [];
  const notes: string[] = [];
  const probedPaths = new Set<string>();
  for (const operation of spec.operations) {
    if (options.operations && !options.operations.includes(operation.id)) continue;
    const compiled = validators.get(operation);
    if (!compiled) continue;
    const baseline = buildBaseline(spec, operation, compiled, options);
    notes.push(...baseline.notes);
    const planner = operationPlanner(spec, operation, compiled, baseline, options);
    cases.push(...planner.positive(), ...planner.credentials(), ...planner.parameters(), ...planner.body());
    if (!probedPaths.has(operation.path)) {
      probedPaths.add(operation.path);
      cases.push(...planner.method());
    }
  }
  return { cases, notes };
}

function operationPlanner(
  spec: SpecIndex,
  operation: OperationSpec,
  validators: OperationValidators,
  baseline: Baseline,
  options: PlanOptions,
) {
  const render = (parts: RequestParts): WireRequest => renderRequest(options.target, parts);
  const valid = render(baseline.parts);
  const operationAssumption = operation.assumed ? `operation ${operation.id} is marked x-assumed` : undefined;
  const bodyAssumption =
    operationAssumption ??
    (operation.requestBody?.assumed === true ? 'the request body is marked x-assumed' : undefined);
  const negative: NegativeCase = (name, description, request, reason, assumption) => {
    const { statuses, statusAssumption } = rejectionStatuses(operation, reason);
    return {
      id: `${operation.id} ${name}`,
      operation,
      kind: 'negative',
      name,
      description,
      request,
      expect: { kind: 'reject', statuses, statusAssumption },
      documented: reason !== 'method',
      assumption: operationAssumption ?? assumption,
    };
  };

  return {
    positive(): ContractCase[] {
      if (options.safe && !SAFE_METHODS.has(baseline.parts.method)) return [];
      // A required body none of whose candidates is valid (see the notes) leaves no valid request to send.
      if (baseline.parts.mediaType === undefined && operation.requestBody?.required === true) return [];
      const bodies = baseline.parts.mediaType === undefined ? [undefined] : baseline.bodies;
      return bodies.map((body) => {
        const name = body?.name ?? 'valid-request';
        return {
          id: `${operation.id} ${name}`,
          operation,
          kind: 'positive',
          name,
          description: body ? `valid request with ${body.description}` : 'a valid request',
          request: render(body ? { ...baseline.parts, body: body.value } : baseline.parts),
          expect: { kind: 'accept', allowedStatuses: options.allowedStatuses },
          documented: true,
          assumption: operationAssumption,
        };
      });
    },

    credentials(): ContractCase[] {
      if (allowsAnonymous(operation)) return [];
      const names = credentialHeaderNames(spec, operation);
      const shown = [...names].join(', ');
      const schemes = operation.security.flat().flatMap((key) => spec.securitySchemes.get(key) ?? []);
      const assumption =
        schemes.length > 0 && schemes.every((scheme) => scheme.assumed)
          ? `the security schemes of ${operation.id} are marked x-assumed`
          : undefined;
      return [
        negative(
          'credentials-missing',
          `no credentials (${shown} left out)`,
          { ...valid, headers: withoutHeaders(valid.headers, names) },
          'credentials',
          assumption,
        ),
        negative(
          'credentials-wrong',
          `wrong credentials (${shown} set to values the target cannot know)`,
          { ...valid, headers: withWrongCredentials(spec, operation, valid.headers, options.faker) },
          'credentials',
          assumption,
        ),
      ];
    },

    parameters(): ContractCase[] {
      return planParameterCases(spec, operation, validators, baseline.parts, render, negative);
    },

    body(): ContractCase[] {
      const { mediaType, body } = baseline.parts;
      const validate = baseline.validateBody;
      if (mediaType === undefined || body === undefined) return [];
      const out: ContractCase[] = [];
      if (operation.requestBody?.required === true) {
        out.push(
          negative(
            'body-missing',
            'no body although the body is required',
            { ...valid, body: '' },
            'validation',
            bodyAssumption,
          ),
        );
      }
      const sample = (schema: unknown, name: string): unknown =>
        generateValue(schema, requestContext(spec, options), name);
      for (const mutation of planBodyMutations(baseline.bodySchema, spec.document, body, sample)) {
        if (!breaks(validate, mutation.body, mutation.rule)) continue;
        out.push(
          negative(
            mutation.name,
            mutation.description,
            render({ ...baseline.parts, body: mutation.body }),
            'validation',
            bodyAssumption ??
              schemaAssumption(spec.document, baseline.bodySchema, mutation.constraintAt, 'body'),
          ),
        );
      }
      if (isJsonMediaType(mediaType)) {
        out.push(
          negative(
            'body-malformed-json',
            'a body that is not valid JSON (cut short)',
            { ...valid, body: malformedJson(valid.body ?? '') },
            'validation',
            bodyAssumption,
          ),
        );
      }
      out.push(
        negative(
          'content-type-missing',
          'a body without a Content-Type header',
          { ...valid, headers: withHeader(valid.headers, 'Content-Type', undefined) },
          'media-type',
          bodyAssumption,
        ),
      );
      const content = operation.requestBody?.content ?? [];
      const wrong = ['text/plain', 'application/xml', 'application/octet-stream'].find(
        (candidate) => findMediaType(content, candidate) === undefined,
      );
      if (wrong !== undefined) {
        out.push(
          negative(
            'content-type-wrong',
            `the same body sent as ${wrong}`,
            { ...valid, headers: withHeader(valid.headers, 'Content-Type', wrong) },
            'media-type',
            bodyAssumption,
          ),
        );
      }
      return out;
    },

    method(): ContractCase[] {
      const documented = new Set(
        spec.operations.filter((o) => o.path === operation.path).map((o) => o.method as string),
      );
      if (documented.has('get')) documented.add('head');
      const method = PROBE_METHODS.find(
        (m) => !documented.has(m) && (!options.safe || SAFE_METHODS.has(m.toUpperCase())),
      );
      if (method === undefined) return [];
      const upper = method.toUpperCase();
      return [
        negative(
          `method-undocumented:${upper}`,
          `${upper} is not documented for ${operation.path} (documented: ${[...documented].map((m) => m.toUpperCase()).join(', ')})`,
          {
            method: upper,
            url: valid.url,
            headers: withHeader(valid.headers, 'Content-Type', undefined),
            body: undefined,
          },
          'method',
        ),
      ];
    },
  };
}

/** Whether the validator rejects the body for the intended rule (and not only for some other). */
function breaks(validate: ValidateFunction | undefined, body: unknown, rule: string): boolean {
  if (!validate || validate(body)) return false;
  const keywords = rule === 'additionalProperties' ? [rule, 'unevaluatedProperties'] : [rule];
  return (validate.errors ?? []).some((e) => keywords.includes(e.keyword));
}

/** Valid JSON cut short, so it cannot parse; `{` when cutting still parses (e.g. a number). */
function malformedJson(text: string): string {
  const cut = text.slice(0, -1);
  try {
    JSON.parse(cut);
    return '{';
  } catch {
    return cut === '' ? '{' : cut;
  }
}
