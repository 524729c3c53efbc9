import { generateValue } from '../mock/generateValue.ts';
import { maskSecret } from '../mock/realisticValues.ts';
import { fieldName } from '../mock/realisticValues.ts';
import type { ScenarioChoice } from '../scenarios/resolveScenario.ts';
import { isRecord, type JsonObject } from '../spec/isRecord.ts';
import { mergeObject, replaceObject, type ChangeTime } from '../state/changeObject.ts';
import { selectListed, wrapListed } from '../state/listAnswer.ts';
import { addressOf, fillPath, scopeOf, type ObjectKey } from '../state/objectAddress.ts';
import type { StatePlan } from '../state/planStateActions.ts';
import type { Eviction, StoredObject } from '../store/types.ts';
import type { MockResult, StateOutcome } from './mockResult.ts';
import { BUILT_IN_ANSWERS, type OperationCall } from './operationCall.ts';

/** A fresh id is drawn this many times before a create gives up finding one no object has. */
const ID_ATTEMPTS = 20;
/** What an object weighs beyond the request body it came from, for the store's byte budget. */
const BASE_WEIGHT = 512;

/**
 * The state stage: what a successful request does to the objects of its session, and the answer that follows from
 * them. Create stores the answer's object (scenario overrides included); read, replace, merge and remove address one
 * object by its path and answer the operation's 404 when it is missing; list answers the matching objects.
 */
export async function applyResourceAction(
  call: OperationCall,
  plan: StatePlan,
  choice: ScenarioChoice,
): Promise<MockResult> {
  const key = addressOf(plan.resource, call.request.pathParams);
  if (plan.parent && !(await parentExists(call, plan)))
    return notFound(call, plan, choice, parentKey(plan, key));
  switch (plan.action.action) {
    case 'create':
      return create(call, plan, choice, key);
    case 'list':
      return list(call, plan, choice, key);
    default:
      return changeOne(call, plan, choice, key);
  }
}

async function create(
  call: OperationCall,
  plan: StatePlan,
  choice: ScenarioChoice,
  key: ObjectKey,
): Promise<MockResult> {
  const outcome = call.render(choice);
  if (outcome.kind !== 'answer' || outcome.fault !== undefined) return call.finish(outcome);
  const { resource } = plan;
  const answer = outcome.rendered.body;
  if (plan.answersObject && isRecord(answer)) withScopeFields(plan, answer, call.request.pathParams);
  let object = storedFrom(call, plan, answer);
  withScopeFields(plan, object, call.request.pathParams);
  let id = key.id;
  if (!resource.singleton && resource.idField !== undefined) {
    const idField = resource.idField;
    id = String(object[idField]);
    for (
      let attempt = 0;
      attempt < ID_ATTEMPTS && (await call.store.getObject(call.session, { ...key, id }));
      attempt++
    ) {
      object = { ...object, [idField]: freshId(call, plan, idField) };
      id = String(object[idField]);
    }
    if (isRecord(answer) && idField in answer) answer[idField] = object[idField];
  }
  const evictions = await call.store.putObject(call.session, {
    ...key,
    id,
    value: object,
    weight: BASE_WEIGHT + call.bodyText.length,
  });
  if (plan.locationHeader !== undefined && !resource.singleton && resource.idParam !== undefined) {
    const path = fillPath(resource.spec.basePath + resource.itemPath, {
      ...call.request.pathParams,
      [resource.idParam]: id,
    });
    outcome.rendered.headers[plan.locationHeader] = path;
  }
  return call.finish(outcome, { state: 'created', evictions });
}

async function changeOne(
  call: OperationCall,
  plan: StatePlan,
  choice: ScenarioChoice,
  key: ObjectKey,
): Promise<MockResult> {
  const found = await call.store.getObject(call.session, key);
  if (!found) return notFound(call, plan, choice, key);
  const action = plan.action.action;
  let value = found.value;
  let state: StateOutcome = 'read';
  let evictions: readonly Eviction[] | undefined;
  if ((action === 'replace' || action === 'merge') && isRecord(value)) {
    const time = changeTime(call);
    value =
      action === 'replace'
        ? replaceObject(plan, value, call.body, time)
        : mergeObject(plan, value, call.body, time);
    evictions = await call.store.putObject(call.session, { ...found, value });
    state = action === 'replace' ? 'replaced' : 'merged';
  } else if (action === 'remove') {
    await call.store.removeObject(call.session, key);
    for (const child of plan.children) {
      await call.store.removeScope(call.session, {
        spec: child.spec.name,
        resource: child.name,
        scope: childScope(key, child.parentParam, key.id),
      });
    }
    state = 'removed';
  }
  const stored = value;
  const outcome = call.render(choice, (generate) => answerBody(plan, stored, generate));
  return call.finish(outcome, { state, evictions });
}

async function list(
  call: OperationCall,
  plan: StatePlan,
  choice: ScenarioChoice,
  key: ObjectKey,
): Promise<MockResult> {
  const listPlan = plan.action.list;
  if (!listPlan) return call.answer(choice);
  const { resource } = plan;
  const scoped = resource.scopeParams.every((name) => name in call.request.pathParams);
  const objects = await call.store.listObjects(
    call.session,
    resource.spec.name,
    resource.name,
    scoped ? key.scope : undefined,
  );
  const { items, total } = selectListed(
    listPlan,
    objects.map((o) => o.value),
    { pathParams: call.request.pathParams, query: call.request.query },
  );
  const outcome = call.render(choice, (generate) =>
    wrapListed(listPlan, listPlan.shape.arrayField === '' ? undefined : generate(), items, total),
  );
  return call.finish(outcome, { state: 'listed' });
}

/** The answer for one stored object: the object, the object wrapped, or (a different shape) the generated answer. */
function answerBody(plan: StatePlan, stored: unknown, generate: () => unknown): unknown {
  if (plan.action.action === 'remove' && !plan.answersObject) return generate();
  if (plan.answersObject) return stored;
  if (plan.wrapField !== undefined) {
    const wrapper = generate();
    return isRecord(wrapper) ? { ...wrapper, [plan.wrapField]: stored } : wrapper;
  }
  return generate();
}

/**
 * What a create keeps: the answer itself when it is the object reads return; an object of the read schema
 * generated from the request (and the answer's id) when the answer is something else; and when nothing reads the
 * objects back, the request's fields (secrets masked) under the answer, so the admin API shows what was sent. The
 * store keeps a copy of its own, so the answer is not copied here.
 */
function storedFrom(call: OperationCall, plan: StatePlan, answer: unknown): JsonObject {
  const { resource } = plan;
  if (!plan.readBack) return { ...maskedFields(call.body), ...(isRecord(answer) ? answer : {}) };
  if (plan.answersObject && isRecord(answer)) return answer;
  if (resource.schema) {
    const { spec } = call.prepared;
    const generated = generateValue(
      resource.schema.schema,
      call.contexts.for(200, spec, call.bodyText, call.body),
    );
    const object = isRecord(generated) ? generated : {};
    const idField = resource.idField;
    if (idField !== undefined && isRecord(answer) && answer[idField] !== undefined)
      object[idField] = answer[idField];
    return object;
  }
  return isRecord(answer) ? { ...answer } : {};
}

/** A nested object's field named like its scope's path parameter (a loan's `bookId`) holds that parameter's value. */
function withScopeFields(
  plan: StatePlan,
  object: JsonObject,
  pathParams: Readonly<Record<string, string>>,
): void {
  for (const name of plan.resource.scopeParams) {
    const property = plan.facts?.properties.find((p) => p.name === name);
    const value = pathParams[name];
    if (!property || value === undefined) continue;
    const typed = property.facts.kind === 'number' ? Number(value) : value;
    if (property.facts.kind === 'string' ? property.facts.fitsString(value) : Number.isFinite(typed))
      object[name] = typed;
  }
}

function maskedFields(body: unknown): JsonObject {
  if (!isRecord(body)) return {};
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(body)) {
    out[name] = typeof value === 'string' && fieldName(name).isSecret ? maskSecret(value) : value;
  }
  return out;
}

function freshId(call: OperationCall, plan: StatePlan, idField: string): unknown {
  const property = plan.facts?.properties.find((p) => p.name === idField);
  const { spec } = call.prepared;
  return generateValue(
    property?.facts.schema ?? { type: 'string', format: 'uuid' },
    call.contexts.for(200, spec),
    idField,
  );
}

function changeTime(call: OperationCall): ChangeTime {
  const context = call.contexts.for(200, call.prepared.spec);
  return { now: context.now, microseconds: context.microseconds ?? 0 };
}

async function parentExists(call: OperationCall, plan: StatePlan): Promise<boolean> {
  const parent = plan.parent;
  const param = plan.resource.parentParam;
  if (!parent || param === undefined) return true;
  const id = call.request.pathParams[param];
  if (id === undefined) return true;
  const scope = scopeOf(parent, call.request.pathParams);
  return (
    (await call.store.getObject(call.session, {
      spec: parent.spec.name,
      resource: parent.name,
      scope,
      id,
    })) !== undefined
  );
}

function parentKey(plan: StatePlan, key: ObjectKey): ObjectKey {
  const parent = plan.parent;
  const param = plan.resource.parentParam;
  if (!parent || param === undefined) return key;
  const id = new URLSearchParams(key.scope).get(param) ?? '';
  return { ...key, resource: parent.name, id };
}

function childScope(key: ObjectKey, parentParam: string | undefined, id: string): string {
  const own = `${encodeURIComponent(parentParam ?? '')}=${encodeURIComponent(id)}`;
  return key.scope === '' ? own : `${key.scope}&${own}`;
}

/**
 * The addressed object does not exist: the resource's declared not-found scenario, else the operation's own
 * `not-found` scenario when it is a 404, else the documented 404 in the API's error format. A success the request
 * itself asks for (`X-Mock-Scenario`, `Prefer`) is answered as asked instead, from generated data.
 */
function notFound(call: OperationCall, plan: StatePlan, choice: ScenarioChoice, key: ObjectKey): MockResult {
  if (choice.source === 'header' || choice.source === 'prefer') return call.answer(choice);
  const named = plan.resource.notFoundScenario ?? 'not-found';
  const scenario = call.entry?.scenarios.get(named);
  if (scenario && scenario.status !== undefined && scenario.status >= 400 && scenario.status < 500) {
    return call.finish(call.render({ kind: 'scenario', source: 'default', name: named, scenario }), {
      state: 'not-found',
    });
  }
  const what =
    key.id === '' ? `${key.resource} for ${key.scope.replaceAll('&', ', ')}` : `${key.resource} ${key.id}`;
  const result = call.fail(
    404,
    [{ location: 'path', code: 'not-found', path: '', message: `${what} not found` }],
    { scenario: BUILT_IN_ANSWERS.notFound },
  );
  return { ...result, state: 'not-found' };
}

export type { StoredObject };
