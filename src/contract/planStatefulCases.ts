import type { ValidateFunction } from 'ajv';
import { derefSchema, schemaTypes } from '../mock/schemaView.ts';
import type { ListPlan, Resource, ResourceAction, ResourceModel } from '../resources/types.ts';
import type { OperationSpec, SpecIndex } from '../spec/types.ts';
import type { OperationValidators } from '../validate/compileSpecValidators.ts';
import { generateValue } from '../mock/generateValue.ts';
import {
  buildBaseline,
  parameterErrors,
  requestContext,
  toParameterText,
  type BaselineOptions,
} from './buildBaseline.ts';
import { idSlotsOf } from './idSlots.ts';
import type { RequestParts } from './renderRequest.ts';
import { STATEFUL_CHECKS } from './types.ts';

/** The valid request a step of a flow starts from; ids are filled in when the flow runs. */
export interface PlannedStep {
  readonly operation: OperationSpec;
  readonly parts: RequestParts;
  readonly bodySchema: unknown;
  readonly validateBody: ValidateFunction | undefined;
}

export interface UnknownIdStep {
  readonly step: PlannedStep;
  /** The path parameter that takes the resource's id, and a well-formed value for it that names nothing. */
  readonly param: string;
  readonly id: string;
}

/** What the runner does with one resource: create one, read, list and update it, its children, then delete it. */
export interface ResourceFlow {
  readonly resource: Resource;
  readonly create: PlannedStep;
  readonly read: PlannedStep | undefined;
  readonly lists: readonly { readonly step: PlannedStep; readonly plan: ListPlan }[];
  readonly updates: readonly { readonly action: 'replace' | 'merge'; readonly step: PlannedStep }[];
  readonly remove: PlannedStep | undefined;
  readonly unknownIds: readonly UnknownIdStep[];
  /** Flows of the resources nested in this one (loans in a book), run on the object this flow created. */
  readonly children: readonly ResourceFlow[];
}

export interface StatefulPlan {
  /** Top-level resources, parents before their nested children. */
  readonly flows: readonly ResourceFlow[];
  /** With `--safe`: reads of an id that names nothing, for reads whose other path ids came with `--param`. */
  readonly safeUnknownIds: readonly UnknownIdStep[];
  readonly notes: readonly string[];
}

export interface StatefulPlanOptions extends BaselineOptions {
  readonly safe: boolean;
  /** The target keeps no state (e.g. `prism mock`): plan nothing. */
  readonly stateless: boolean;
  /** The operations the run may call. */
  readonly selected: ReadonlySet<OperationSpec>;
}

const ITEM_ACTIONS: readonly ResourceAction[] = ['read', 'replace', 'merge', 'remove'];
const CHECK_LIST = STATEFUL_CHECKS.join(', ');

/**
 * Plans the stateful checks of a spec from its resources (inferred from its shape, or declared in scenario files):
 * for each resource with a create, in dependency order, the requests of a create, read, list, update, delete flow
 * and the unknown-id reads. Sends nothing; `--safe` keeps only reads of unknown ids, `--stateless` nothing.
 */
export function planStatefulCases(
  spec: SpecIndex,
  model: ResourceModel,
  validators: ReadonlyMap<OperationSpec, OperationValidators>,
  options: StatefulPlanOptions,
): StatefulPlan {
  const notes: string[] = [];
  if (options.stateless) {
    notes.push(`--stateless: the stateful checks (${CHECK_LIST}) are not run`);
    return { flows: [], safeUnknownIds: [], notes };
  }
  const resources = model.resources.filter((r) => r.spec === spec);
  const steps = new Map<OperationSpec, PlannedStep | undefined>();
  const step = (operation: OperationSpec): PlannedStep | undefined => {
    if (steps.has(operation)) return steps.get(operation);
    const compiled = validators.get(operation);
    let planned: PlannedStep | undefined;
    if (compiled) {
      const baseline = buildBaseline(spec, operation, compiled, options);
      if (operation.requestBody?.required === true && baseline.parts.body === undefined)
        notes.push(`stateful ${operation.id}: no valid body to send, so the steps that call it are skipped`);
      else
        planned = {
          operation,
          parts: baseline.parts,
          bodySchema: baseline.bodySchema,
          validateBody: baseline.validateBody,
        };
    }
    steps.set(operation, planned);
    return planned;
  };
  const operationsOf = (resource: Resource, action: ResourceAction): OperationSpec[] =>
    resource.operations
      .filter((o) => o.action === action && options.selected.has(o.operation))
      .map((o) => o.operation);
  const unknownIdsOf = (resource: Resource, actions: readonly ResourceAction[]): UnknownIdStep[] => {
    if (resource.singleton) return [];
    const out: UnknownIdStep[] = [];
    for (const action of actions) {
      for (const operation of operationsOf(resource, action)) {
        if (!operation.responses.some((r) => r.status === '404')) {
          notes.push(`unknown-id not checked for ${operation.id}: it documents no 404`);
          continue;
        }
        const planned = step(operation);
        const slot = idSlotsOf(operation, [resource])[0];
        if (!planned || !slot) continue;
        const id = unknownId(spec, planned, slot.param, validators.get(operation), options);
        if (id === undefined) {
          notes.push(`unknown-id not checked for ${operation.id}: no well-formed value for '${slot.param}'`);
          continue;
        }
        out.push({ step: planned, param: slot.param, id });
      }
    }
    return out;
  };

  if (options.safe) {
    notes.push(
      `--safe: nothing is created, so only unknown-id is checked (and only by reads): ${STATEFUL_CHECKS.filter((c) => c !== 'unknown-id').join(', ')} are not run`,
    );
    const safeUnknownIds = resources.flatMap((resource) =>
      unknownIdsOf(resource, ['read']).filter(({ step: planned, param }) => {
        const missing = idSlotsOf(planned.operation, resources)
          .map((s) => s.param)
          .filter((name) => name !== param && options.params[name] === undefined);
        if (missing.length === 0) return true;
        notes.push(
          `unknown-id not checked for ${planned.operation.id}: it needs an existing ${missing.join(' and ')} (pass --param ${missing[0] ?? ''}=<id>)`,
        );
        return false;
      }),
    );
    return { flows: [], safeUnknownIds, notes };
  }

  const flowOf = (resource: Resource): ResourceFlow | undefined => {
    const [createOperation] = operationsOf(resource, 'create');
    if (!createOperation) {
      if (resource.operations.some((o) => options.selected.has(o.operation)))
        notes.push(`stateful checks of ${resource.name} not run: its create operation is not selected`);
      return undefined;
    }
    const create = step(createOperation);
    if (!create) return undefined;
    const [readOperation] = operationsOf(resource, 'read');
    const [removeOperation] = operationsOf(resource, 'remove');
    const lists = resource.operations
      .filter((o) => o.action === 'list' && o.list !== undefined && options.selected.has(o.operation))
      .flatMap((o) => {
        const planned = step(o.operation);
        return planned && o.list ? [{ step: planned, plan: o.list }] : [];
      });
    const updates = (['replace', 'merge'] as const).flatMap((action) =>
      operationsOf(resource, action).flatMap((operation) => {
        const planned = step(operation);
        return planned ? [{ action, step: planned }] : [];
      }),
    );
    const children = resources
      .filter((r) => r.parent === resource.name)
      .map(flowOf)
      .filter((f): f is ResourceFlow => f !== undefined);
    return {
      resource,
      create,
      read: readOperation && step(readOperation),
      lists,
      updates,
      remove: removeOperation && step(removeOperation),
      unknownIds: unknownIdsOf(resource, ITEM_ACTIONS),
      children,
    };
  };
  const flows = resources
    .filter((r) => r.parent === undefined || !resources.some((p) => p.name === r.parent))
    .map(flowOf)
    .filter((f): f is ResourceFlow => f !== undefined);
  return { flows, safeUnknownIds: [], notes };
}

/**
 * A well-formed value for the id parameter that no object will have: a fresh UUID, the largest integer allowed, or
 * (for other patterns) one generated from its schema.
 */
function unknownId(
  spec: SpecIndex,
  planned: PlannedStep,
  param: string,
  validators: OperationValidators | undefined,
  options: Pick<BaselineOptions, 'faker' | 'now'>,
): string | undefined {
  const parameter = planned.operation.parameters.find((p) => p.in === 'path' && p.name === param);
  const schema = derefSchema(spec.document, parameter?.schema?.schema);
  const types = schemaTypes(schema);
  const candidates: string[] = [];
  if (schema['format'] === 'uuid') candidates.push(options.faker.string.uuid());
  if (types.includes('integer') || types.includes('number')) {
    const maximum = schema['maximum'];
    const exclusive = schema['exclusiveMaximum'];
    if (typeof maximum === 'number') candidates.push(String(Math.floor(maximum)));
    else if (typeof exclusive === 'number') candidates.push(String(Math.ceil(exclusive) - 1));
    else candidates.push('2000000000');
  }
  candidates.push(
    options.faker.string.uuid(),
    `unknown-${options.faker.string.alphanumeric(12).toLowerCase()}`,
  );
  const generated = toParameterText(
    generateValue(parameter?.schema?.schema ?? {}, requestContext(spec, options), param),
  );
  if (generated !== undefined) candidates.push(generated);
  return candidates.find(
    (candidate) =>
      candidate !== planned.parts.pathParams[param] &&
      (!validators ||
        parameterErrors(planned.operation, validators, 'path', {
          ...planned.parts,
          pathParams: { ...planned.parts.pathParams, [param]: candidate },
        }).length === 0),
  );
}
