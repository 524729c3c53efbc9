import { findResponse, chooseSuccess } from '../mock/findResponse.ts';
import { pickMediaType } from '../mock/renderResponse.ts';
import { schemaFacts, type PropertyFacts, type SchemaFacts } from '../mock/schemaFacts.ts';
import { objectProperties } from '../mock/schemaView.ts';
import { sameSchema } from '../resources/inferResources.ts';
import type { Resource, ResourceModel, ResourceOperation } from '../resources/types.ts';
import type { OperationSpec, SchemaLocation } from '../spec/types.ts';

/** Fields a change moves to the current time (`updatedAt`, `modified_at`, `lastModified`...). */
const TOUCHED = /^(?:last_?)?(?:updated|modified)(?:_?(?:at|on|time|date))?$/i;

/** What the state stage needs to know about one operation of a resource, worked out once at start-up. */
export interface StatePlan {
  readonly resource: Resource;
  readonly action: ResourceOperation;
  readonly operation: OperationSpec;
  /** Status of the answer a success gives. */
  readonly status: number | undefined;
  /** The success answer is the stored object itself. */
  readonly answersObject: boolean;
  /** The success answer holds the stored object in this property (`{data: {...}}`). */
  readonly wrapField: string | undefined;
  /** What objects look like; undefined when the resource has no object schema. */
  readonly facts: SchemaFacts | undefined;
  /** Reads or lists return stored objects, so they must have the stored schema's shape. */
  readonly readBack: boolean;
  /** Properties a request sets on the stored object: in its body schema, not read-only, not the id. */
  readonly writable: readonly PropertyFacts[];
  /** Properties moved to the request's time on every change. */
  readonly touched: readonly string[];
  /** The parent resource, whose object must exist for this one to be created or addressed. */
  readonly parent: Resource | undefined;
  /** Resources nested under this one, removed with their parent. */
  readonly children: readonly Resource[];
  /** A documented `Location` header on the create answer, filled with the new object's path. */
  readonly locationHeader: string | undefined;
}

/** A plan for every operation of every resource. */
export function planStateActions(model: ResourceModel): Map<OperationSpec, StatePlan> {
  const plans = new Map<OperationSpec, StatePlan>();
  for (const resource of model.resources) {
    const { document } = resource.spec;
    const facts = resource.schema && schemaFacts(document, resource.schema.schema);
    const readBack = resource.operations.some((o) => o.action === 'read' || o.action === 'list');
    const parent =
      resource.parent === undefined ? undefined : model.byName(resource.spec.name, resource.parent);
    const children = model.resources.filter((r) => r.spec === resource.spec && r.parent === resource.name);
    for (const action of resource.operations) {
      const { operation } = action;
      const success = chooseSuccess(operation);
      const media = success && pickMediaType(success.response);
      const answered = media?.schema;
      plans.set(operation, {
        resource,
        action,
        operation,
        status: success?.status,
        answersObject:
          answered !== undefined &&
          resource.schema !== undefined &&
          sameSchema(document, answered.schema, resource.schema.schema),
        wrapField: wrapFieldOf(resource, answered),
        facts,
        readBack,
        writable: writableProperties(resource, operation, facts),
        touched: facts ? facts.properties.map((p) => p.name).filter((name) => TOUCHED.test(name)) : [],
        parent,
        children,
        locationHeader:
          action.action === 'create' && success
            ? findResponse(operation.responses, success.status)?.headers.find((h) => h.key === 'location')
                ?.name
            : undefined,
      });
    }
  }
  return plans;
}

/** `{data: <object>}`: an answer whose only property holding an object of the stored schema is named here. */
function wrapFieldOf(resource: Resource, answered: SchemaLocation | undefined): string | undefined {
  if (!answered || !resource.schema) return undefined;
  const { document } = resource.spec;
  const stored = resource.schema.schema;
  const holders = Object.entries(objectProperties(document, answered.schema).properties).filter(
    ([, schema]) => sameSchema(document, schema, stored),
  );
  return holders.length === 1 ? holders[0]?.[0] : undefined;
}

function writableProperties(
  resource: Resource,
  operation: OperationSpec,
  facts: SchemaFacts | undefined,
): PropertyFacts[] {
  const body = operation.requestBody?.content[0]?.schema;
  if (!facts || !body) return [];
  const sent = objectProperties(resource.spec.document, body.schema).properties;
  return facts.properties.filter(
    (property) =>
      property.name in sent &&
      property.name !== resource.idField &&
      property.facts.schema['readOnly'] !== true,
  );
}
