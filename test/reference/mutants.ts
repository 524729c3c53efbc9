/**
 * Deliberately broken variants of the reference implementation. Each one breaks the contract in exactly
 * one way; the comment names the contract check that should catch it.
 */
export const MUTANTS = [
  'sensay-id-as-string', // response body schema: 200 `id` is "42", not a number
  'sensay-missing-success', // response body schema: 200 body lacks the required `success`
  'sensay-403-for-bad-credentials', // status 401 expected for a wrong X-ORGANIZATION-SECRET (403 undocumented)
  'sensay-accepts-missing-mention', // status 400 expected when the required `mention` is missing (gets 200)
  'sensay-accepts-extra-properties', // status 400 expected for an unknown property (additionalProperties: false)
  'sensay-accepts-text-plain', // status 415 expected for a text/plain body (gets 200)
  'sensay-accepts-invalid-replica-uuid', // status 400 expected for a replicaUUID that is not a UUID (gets 404)
  'sensay-error-without-request-id', // response body schema: error bodies lack the required `request_id`
  'sensay-html-error-pages', // Content-Type documented: errors are text/html instead of application/json
  'sensay-500-on-malformed-json', // no 5xx: malformed JSON must be a 400, not a 500
  'sensay-ignores-credentials', // status 401 expected without X-ORGANIZATION-SECRET (gets 200)
  'toolzz-missing-isTokenMasked', // response body schema: 200 body lacks the required `isTokenMasked`
  'toolzz-scope-not-in-enum', // response body schema: 200 `scope` is "group", outside both/private/groups
  'toolzz-timestamps-as-epoch-numbers', // response body schema: `createdAt`/`updatedAt` are numbers, not strings
  'toolzz-204-on-create', // response body schema: success is 204 without the integration the table documents
  'toolzz-accepts-invalid-scope', // status 400 expected for a request `scope` outside the enum (gets 200)
  'toolzz-accepts-missing-bearer', // status 401 expected without an Authorization header (gets 200)
  'toolzz-401-as-200-error-body', // status 401 expected for missing or wrong credentials (gets 200 + error body)
  'toolzz-accepts-text-plain', // status 4xx expected for a text/plain body (gets 200)
  'toolzz-id-not-uuid', // response body schema: the integration `id` is not a UUID
  'toolzz-500-on-array-body', // no 5xx: a JSON array body must be a 400, not a 500
  // Stateful: each answer is valid on its own; only a sequence of requests shows the break.
  'sensay-delete-keeps-integration', // delete twice: the DELETE answers 200 but removes nothing
  'sensay-second-delete-200', // delete twice: a DELETE without an integration answers 200, not 404
  'toolzz-read-differs-from-create', // read after create: GET says `isActive: false` where create said true
  'toolzz-update-not-persisted', // update then read: PUT answers the change but stores nothing
  'toolzz-unknown-id-200', // unknown id: GET of an id nothing has answers 200 with a made-up integration
  'toolzz-list-misses-newest', // list after create: the list by unit leaves out the newest integration
] as const;

/**
 * Variants that differ from the reference only where the spec states an assumption (`x-assumed`), so a faithful
 * implementation may well behave like them: the contract runner must pass each (reporting warnings) unless
 * assumptions are strict. They were mutants until the runner learnt to tell facts from assumptions:
 * Toolzz documents no success status (200 is assumed) and no errors at all (their statuses and body are assumed).
 */
export const ASSUMPTION_VARIANTS = [
  'toolzz-201-on-create', // success 201 instead of the assumed 200
  'toolzz-400-for-wrong-content-type', // 400 instead of the assumed 415 for a text/plain body
  'toolzz-error-message-as-object', // error `message` an object, outside the assumed error schema
] as const;

type Mutant = (typeof MUTANTS)[number];
export type AssumptionVariantName = (typeof ASSUMPTION_VARIANTS)[number];
/** A mutant or an assumption variant: one way the reference can be changed. */
export type MutantName = Mutant | AssumptionVariantName;

/** The kind of contract check expected to catch each mutant, for runner tests that assert on it. */
export type ContractCheckKind =
  | 'response-body-schema'
  | 'status-code'
  | 'content-type'
  | 'no-5xx'
  | 'read-after-create'
  | 'update-then-read'
  | 'list-after-create'
  | 'delete-twice'
  | 'unknown-id';

export const MUTANT_CAUGHT_BY: Readonly<Record<Mutant, ContractCheckKind>> = {
  'sensay-id-as-string': 'response-body-schema',
  'sensay-missing-success': 'response-body-schema',
  'sensay-403-for-bad-credentials': 'status-code',
  'sensay-accepts-missing-mention': 'status-code',
  'sensay-accepts-extra-properties': 'status-code',
  'sensay-accepts-text-plain': 'status-code',
  'sensay-accepts-invalid-replica-uuid': 'status-code',
  'sensay-error-without-request-id': 'response-body-schema',
  'sensay-html-error-pages': 'content-type',
  'sensay-500-on-malformed-json': 'no-5xx',
  'sensay-ignores-credentials': 'status-code',
  'toolzz-missing-isTokenMasked': 'response-body-schema',
  'toolzz-scope-not-in-enum': 'response-body-schema',
  'toolzz-timestamps-as-epoch-numbers': 'response-body-schema',
  'toolzz-204-on-create': 'response-body-schema',
  'toolzz-accepts-invalid-scope': 'status-code',
  'toolzz-accepts-missing-bearer': 'status-code',
  'toolzz-401-as-200-error-body': 'status-code',
  'toolzz-accepts-text-plain': 'status-code',
  'toolzz-id-not-uuid': 'response-body-schema',
  'toolzz-500-on-array-body': 'no-5xx',
  'sensay-delete-keeps-integration': 'delete-twice',
  'sensay-second-delete-200': 'delete-twice',
  'toolzz-read-differs-from-create': 'read-after-create',
  'toolzz-update-not-persisted': 'update-then-read',
  'toolzz-unknown-id-200': 'unknown-id',
  'toolzz-list-misses-newest': 'list-after-create',
};

export function isMutantName(value: string): value is MutantName {
  return [...MUTANTS, ...ASSUMPTION_VARIANTS].some((name) => name === value);
}
