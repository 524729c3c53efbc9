import { derefSchema } from '../mock/schemaView.ts';
import type { Resource } from '../resources/types.ts';
import { isRecord } from '../spec/isRecord.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { parameterErrors, toParameterText } from './buildBaseline.ts';
import { changedBody } from './changedBody.ts';
import { checkResponse, excerpt } from './checkResponse.ts';
import { canAddress, pathParamsFor, recordCreated, type CreatedObject } from './createdObject.ts';
import { exchangeOf, parseJson } from './exchangeOf.ts';
import { formatCurl } from './formatCurl.ts';
import { idSlotsOf } from './idSlots.ts';
import { differsFromCreated, listVerdict, missesUpdate } from './judgeState.ts';
import type { PlannedStep, ResourceFlow, StatefulPlan, UnknownIdStep } from './planStatefulCases.ts';
import { renderRequest, type RequestParts } from './renderRequest.ts';
import type { CaseResult } from './runContract.ts';
import { sendRequest } from './sendRequest.ts';
import {
  outcomeState,
  type CheckId,
  type CheckOutcome,
  type ContractCase,
  type Expectation,
  type WireResponse,
} from './types.ts';

export interface StatefulRunOptions {
  readonly target: string;
  readonly timeoutMs: number;
  /** 4xx statuses the operator allows valid requests (here: create, update, delete) to get. */
  readonly allowedStatuses: readonly number[];
  /** Whether checks resting only on an assumption of the spec fail (else they warn), as for the other cases. */
  readonly strictAssumptions: boolean;
  readonly onResult?: ((result: CaseResult) => void) | undefined;
}

/** A judgement that cannot tell (a list that may go on past the page it got). */
const INCONCLUSIVE = { inconclusive: true } as const;

/** How a step's answer is judged beyond the spec's own checks. */
type Judgement =
  /** A create, update or delete: a valid request that must be accepted (`status-expected`). */
  | { readonly kind: 'action' }
  /** A step that one stateful check judges, status included (`status-expected` is left out). */
  | {
      readonly kind: 'state';
      readonly check: CheckId;
      readonly expect: Expectation;
      /** The reason it fails, `undefined` when it holds. */
      readonly judge: (response: WireResponse, body: unknown) => string | undefined | typeof INCONCLUSIVE;
    };

interface Sent {
  readonly result: CaseResult;
  /** The answer when it was a 2xx, parsed. */
  readonly success: { readonly response: WireResponse; readonly body: unknown } | undefined;
}

/**
 * Runs the planned flows against the target, one request after another: create, read it back, find it in its
 * lists, update and read again, ask for ids that name nothing, run the nested resources' flows, delete, read and
 * delete again. Each request is checked against the spec like any case; the named stateful check judges what it
 * shows about the state. A step that cannot run (create failed, no id) skips what depends on it, with a note.
 */
export async function runStatefulChecks(
  spec: SpecIndex,
  plan: StatefulPlan,
  validators: ReadonlyMap<OperationSpec, OperationValidators>,
  options: StatefulRunOptions,
): Promise<{ readonly results: CaseResult[]; readonly notes: string[] }> {
  const results: CaseResult[] = [];
  const notes: string[] = [];
  const resources = plan.flows.length > 0 ? collectResources(plan.flows) : [];
  const { document } = spec;

  const send = async (
    name: string,
    description: string,
    operation: OperationSpec,
    parts: RequestParts,
    judgement: Judgement,
  ): Promise<Sent> => {
    const request = renderRequest(options.target, parts);
    const expect: Expectation =
      judgement.kind === 'action'
        ? { kind: 'accept', allowedStatuses: options.allowedStatuses }
        : judgement.expect;
    const planned: ContractCase = {
      id: `${operation.id} state:${name}`,
      operation,
      kind: 'stateful',
      name: `state:${name}`,
      description,
      request,
      expect,
      documented: true,
    };
    const curl = formatCurl(request);
    const answer = await sendRequest(request, options.timeoutMs);
    let outcomes: CheckOutcome[];
    let success: Sent['success'];
    if (!answer.ok) {
      outcomes = [{ check: 'responds', passed: false, reason: answer.error }];
    } else {
      const { response } = answer;
      const body = parseJson(response.text);
      const checked = checkResponse(planned, response, validators.get(operation), document);
      outcomes = [{ check: 'responds', passed: true }];
      if (judgement.kind === 'action') {
        outcomes.push(...checked);
      } else {
        outcomes.push(...checked.filter((o) => o.check !== 'status-expected'));
        const reason = judgement.judge(response, body);
        if (typeof reason === 'object')
          notes.push(`${planned.id}: inconclusive, the list may continue on other pages`);
        else
          outcomes.push(
            reason === undefined
              ? { check: judgement.check, passed: true }
              : { check: judgement.check, passed: false, reason },
          );
      }
      if (response.status >= 200 && response.status < 300) success = { response, body };
    }
    const states = outcomes.map((o) => outcomeState(o, options.strictAssumptions));
    const result: CaseResult = {
      case: planned,
      curl,
      response: answer.ok ? answer.response : undefined,
      error: answer.ok ? undefined : answer.error,
      outcomes,
      passed: !states.includes('failed'),
      warned: states.includes('warned'),
    };
    results.push(result);
    options.onResult?.(result);
    return { result, success };
  };

  const expect404 = (check: CheckId, what: string): Judgement => ({
    kind: 'state',
    check,
    expect: { kind: 'reject', statuses: [404] },
    judge: (response) =>
      response.status === 404
        ? undefined
        : `expected 404 for ${what}, got ${response.status}: ${excerpt(response.text, 120)}`,
  });

  /** Whether the operation documents the 404 a check expects (else the check is noted as not made). */
  const documents404 = (operation: OperationSpec, check: CheckId): boolean => {
    if (operation.responses.some((r) => r.status === '404')) return true;
    notes.push(`${check} not checked for ${operation.id}: it documents no 404`);
    return false;
  };

  const addressed = (step: PlannedStep, object: CreatedObject): RequestParts => ({
    ...step.parts,
    pathParams: {
      ...step.parts.pathParams,
      ...pathParamsFor(step.operation, idSlotsOf(step.operation, resources), object),
    },
  });

  const idOf = (object: CreatedObject): { field: string; value: string } | undefined =>
    object.resource.idField !== undefined && object.id !== undefined
      ? { field: object.resource.idField, value: object.id }
      : undefined;

  const runUnknownId = async (
    { step, param, id }: UnknownIdStep,
    object: CreatedObject | undefined,
  ): Promise<void> => {
    const parts = object ? addressed(step, object) : step.parts;
    await send(
      'unknown-id',
      `${step.operation.method.toUpperCase()} with ${param} ${id}, which names no object: the documented 404`,
      step.operation,
      { ...parts, pathParams: { ...parts.pathParams, [param]: id } },
      expect404('unknown-id', `${param} ${id}, which names nothing`),
    );
  };

  const runFlow = async (flow: ResourceFlow, parent: CreatedObject | undefined): Promise<void> => {
    const { resource } = flow;
    const label = resource.name;
    const createParts = parent ? addressed(flow.create, parent) : flow.create.parts;
    const created = await send(
      'create',
      `creates ${article(label)} for the stateful checks`,
      flow.create.operation,
      createParts,
      { kind: 'action' },
    );
    if (!created.success) {
      notes.push(
        `stateful checks of ${label} not run: its create did not succeed (see ${created.result.case.id})`,
      );
      return;
    }
    const exchange = exchangeOf(
      options.target,
      flow.create.operation,
      created.result.case.request,
      created.success.response,
    );
    const object = recordCreated(spec, resource, flow.create.operation, exchange, parent);
    const answered = object.answer;
    const itemSteps = [flow.read, ...flow.updates.map((u) => u.step), flow.remove].filter(
      (s): s is PlannedStep => s !== undefined,
    );
    const unaddressable = itemSteps.filter((s) => !canAddress(object, s.operation));
    if (unaddressable.length > 0)
      notes.push(
        `stateful checks of ${label} skipped for ${unaddressable.map((s) => s.operation.id).join(', ')}: create's answer has no ${resource.idField ?? 'id'} and no link names the object`,
      );
    const can = (step: PlannedStep | undefined): step is PlannedStep =>
      step !== undefined && canAddress(object, step.operation);

    if (can(flow.read)) {
      const read = flow.read;
      await send(
        'read-after-create',
        `reads the ${label} just created: the answer must be what create answered`,
        read.operation,
        addressed(read, object),
        {
          kind: 'state',
          check: 'read-after-create',
          expect: { kind: 'accept', allowedStatuses: [] },
          judge: (response, body) =>
            response.status < 200 || response.status > 299
              ? `expected the created object, got ${response.status}: ${excerpt(response.text, 120)}`
              : differsFromCreated(document, read.operation, answered, body),
        },
      );
    }

    for (const { step, plan: listPlan } of flow.lists) {
      const parts = addressed(step, object);
      const pathParams: Record<string, string> = { ...parts.pathParams };
      let query = [...parts.query];
      const filters: string[] = [];
      for (const filter of listPlan.filters) {
        const value = isRecord(answered) ? toParameterText(answered[filter.field]) : undefined;
        if (value === undefined) continue;
        if (filter.in === 'path') pathParams[filter.parameter] = value;
        else query = [...query.filter(([name]) => name !== filter.parameter), [filter.parameter, value]];
        filters.push(`${filter.parameter}=${value}`);
      }
      const limit = pageSize(spec, step.operation, listPlan.pagination.limit);
      if (listPlan.pagination.limit !== undefined && limit !== undefined)
        query = [
          ...query.filter(([name]) => name !== listPlan.pagination.limit),
          [listPlan.pagination.limit, String(limit)],
        ];
      let listParts: RequestParts = { ...parts, pathParams, query };
      const compiled = validators.get(step.operation);
      if (compiled && parameterErrors(step.operation, compiled, 'query', listParts).length > 0)
        listParts = { ...listParts, query: parts.query };
      await send(
        'list-after-create',
        `lists ${label} objects${filters.length > 0 ? ` (${filters.join(', ')})` : ''}: the one just created must be among them`,
        step.operation,
        listParts,
        {
          kind: 'state',
          check: 'list-after-create',
          expect: { kind: 'accept', allowedStatuses: [] },
          judge: (response, body) => {
            if (response.status < 200 || response.status > 299)
              return `expected the list, got ${response.status}: ${excerpt(response.text, 120)}`;
            const verdict = listVerdict(listPlan, body, answered, idOf(object), limit);
            if (verdict.holds) return undefined;
            return verdict.conclusive ? verdict.reason : INCONCLUSIVE;
          },
        },
      );
    }

    let current = answered;
    for (const { action, step } of flow.updates) {
      if (!can(step)) continue;
      const parts = addressed(step, object);
      const body = changedBody(document, step.bodySchema, parts.body, current, step.validateBody);
      const updated = await send(
        action,
        `${action === 'replace' ? 'replaces' : 'changes'} the ${label} just created`,
        step.operation,
        { ...parts, body },
        { kind: 'action' },
      );
      if (!updated.success || !can(flow.read)) continue;
      const read = flow.read;
      const reread = await send(
        `read-after-${action}`,
        `reads the ${label} again: the answer must show the ${action === 'replace' ? 'replacement' : 'change'}`,
        read.operation,
        addressed(read, object),
        {
          kind: 'state',
          check: 'update-then-read',
          expect: { kind: 'accept', allowedStatuses: [] },
          judge: (response, answer) =>
            response.status < 200 || response.status > 299
              ? `expected the updated object, got ${response.status}: ${excerpt(response.text, 120)}`
              : missesUpdate(document, read.operation, body, answer, idOf(object)),
        },
      );
      if (reread.success) current = reread.success.body;
    }

    for (const unknown of flow.unknownIds) await runUnknownId(unknown, object);

    for (const child of flow.children) {
      if (object.id === undefined && object.linked.size === 0 && !resource.singleton) {
        notes.push(`stateful checks of ${child.resource.name} not run: the ${label} it belongs to has no id`);
        continue;
      }
      await runFlow(child, object);
    }

    if (!can(flow.remove)) return;
    const remove = flow.remove;
    const removed = await send(
      'delete',
      `deletes the ${label} just created`,
      remove.operation,
      addressed(remove, object),
      {
        kind: 'action',
      },
    );
    if (!removed.success) return;
    if (can(flow.read) && documents404(flow.read.operation, 'delete-then-read'))
      await send(
        'read-after-delete',
        `reads the deleted ${label}: the documented 404`,
        flow.read.operation,
        addressed(flow.read, object),
        expect404('delete-then-read', `the deleted ${label}`),
      );
    if (documents404(remove.operation, 'delete-twice'))
      await send(
        'delete-again',
        `deletes the deleted ${label} again: the documented 404`,
        remove.operation,
        addressed(remove, object),
        expect404('delete-twice', `the ${label} already deleted`),
      );
  };

  for (const unknown of plan.safeUnknownIds) await runUnknownId(unknown, undefined);
  for (const flow of plan.flows) await runFlow(flow, undefined);
  return { results, notes };
}

function collectResources(flows: readonly ResourceFlow[]): Resource[] {
  return flows.flatMap((flow) => [flow.resource, ...collectResources(flow.children)]);
}

/** The largest page the list's limit parameter allows, when its schema says. */
function pageSize(
  spec: SpecIndex,
  operation: OperationSpec,
  parameter: string | undefined,
): number | undefined {
  if (parameter === undefined) return undefined;
  const schema = operation.parameters.find((p) => p.in === 'query' && p.name === parameter)?.schema?.schema;
  const maximum = derefSchema(spec.document, schema)['maximum'];
  return typeof maximum === 'number' ? Math.floor(maximum) : undefined;
}

function article(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}
