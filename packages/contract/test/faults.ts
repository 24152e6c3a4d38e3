import { faults } from '@roomkit/sandbox';
import { expect } from 'vitest';
import { verify } from '../src/verify.js';
import { manualClock, startSandbox } from './support.js';

/**
 * For every sandbox fault: the checks or rules `verify` must report (any one of them is
 * enough; a fault often breaks several promises at once).
 */
export const EXPECTED: Record<string, readonly string[]> = {
  'pagination-duplicates-item': ['pagination-every-item-once'],
  'pagination-skips-item': ['pagination-every-item-once'],
  'pagination-ignores-max-results': ['pagination-page-size-within-max-results', 'pagination-default-page-size'],
  'pagination-default-page-size-25': ['pagination-default-page-size'],
  'pagination-token-on-last-page': ['pagination-last-page-without-token'],
  'pagination-accepts-out-of-range': ['pagination-rejects-out-of-range-max-results', 'negative_data_rejection'],
  'pagination-malformed-token-500': ['not_a_server_error'],
  'names-accepts-space': ['room-name-schema', 'negative_data_rejection'],
  'names-accepts-period': ['room-name-schema', 'negative_data_rejection'],
  'names-no-length-limit': ['room-name-schema', 'negative_data_rejection'],
  'names-rejects-special-characters': ['room-name-schema', 'positive_data_acceptance'],
  'names-unique-per-room-type-only': ['room-name-unique-per-property'],
  'names-uniqueness-not-checked-on-update': ['room-name-unique-per-property'],
  'hierarchy-deletes-non-empty-property': ['property-delete-requires-empty'],
  'hierarchy-deletes-non-empty-room-type': ['room-type-delete-requires-empty'],
  'hierarchy-update-not-persisted': ['update-persists', 'model-conformance'],
  'hierarchy-list-ignores-filter': ['list-filter-returns-only-children'],
  'hierarchy-delete-not-effective': ['use_after_free'],
  'hierarchy-read-lag-beyond-patience': ['ensure_resource_availability', 'update-persists', 'model-conformance'],
  'status-create-returns-200': ['status_code_conformance'],
  'status-missing-returns-410': ['status_code_conformance', 'use_after_free'],
  'names-accepts-space-on-update': ['room-name-schema', 'negative_data_rejection'],
  'names-accepts-period-on-update': ['room-name-schema', 'negative_data_rejection'],
  'names-no-length-limit-on-update': ['room-name-schema', 'negative_data_rejection'],
  'names-unique-per-room-type-on-update': ['room-name-unique-per-property'],
  'names-unique-per-organization': ['room-name-unique-per-property'],
  'names-unique-per-organization-on-update': ['room-name-unique-per-property'],
  'names-deleted-name-stays-taken': ['room-name-unique-per-property'],
  'names-old-name-stays-taken-after-rename': ['room-name-unique-per-property'],
  'names-rename-not-indexed': ['room-name-unique-per-property'],
  'hierarchy-deleted-item-still-listed': ['deleted-resource-gone', 'model-conformance'],
  'hierarchy-deleted-item-readable': ['use_after_free'],
  'hierarchy-second-delete-succeeds': ['use_after_free'],
  'hierarchy-update-deleted-item-succeeds': ['use_after_free'],
  'hierarchy-create-under-deleted-parent': ['parent-must-exist'],
  'hierarchy-delete-check-ignores-renamed-children': [
    'room-type-delete-requires-empty',
    'property-delete-requires-empty',
  ],
  'hierarchy-delete-check-counter-drift': ['room-type-delete-requires-empty', 'property-delete-requires-empty'],
  'pagination-accepts-foreign-token': ['pagination-rejects-foreign-token'],
  'pagination-rejects-max-results-at-maximum': ['pagination-every-item-once'],
  'pagination-rejects-max-results-at-minimum': ['pagination-every-item-once'],
  'pagination-no-token-when-one-item-left': ['pagination-every-item-once'],
  'pagination-first-token-repeats-first-page': ['pagination-every-item-once'],
  'pagination-later-pages-reordered': ['pagination-every-item-once'],
  'pagination-last-page-drops-last-item': ['pagination-every-item-once'],
  'pagination-offset-token': ['pagination-every-item-once'],
  'pagination-newest-first-offset-token': ['pagination-every-item-once'],
  'status-delete-returns-200': ['status_code_conformance'],
  'status-update-returns-200': ['status_code_conformance'],
  'status-deleted-returns-400': ['use_after_free'],
  'status-deleted-returns-410': ['use_after_free', 'status_code_conformance'],
  'status-update-deleted-500': ['not_a_server_error', 'use_after_free'],
  'status-rename-to-own-name-500': ['not_a_server_error'],
  'status-duplicate-name-409': ['status_code_conformance'],
  'status-duplicate-name-on-update-409': ['status_code_conformance'],
  'status-non-empty-delete-409': ['status_code_conformance'],
  'status-create-under-deleted-parent-404': ['status_code_conformance'],
  'headers-no-request-id': ['response_headers_conformance'],
  'headers-location-wrong-id': ['ensure_resource_availability'],
  'content-type-text-plain': ['content_type_conformance'],
  'auth-missing-token-accepted': ['missing_required_header'],
  'auth-invalid-token-accepted': ['ignored_auth'],
  'tenancy-cross-organization-read': ['tenancy-isolation'],
  'tenancy-cross-organization-write': ['tenancy-isolation'],
  'schema-ids-as-numbers': ['response_schema_conformance'],
  'schema-get-omits-name': ['response_schema_conformance'],
  'server-error-on-non-ascii': ['not_a_server_error'],
  'rr-adults-exceed-guests': ['occupancy-adults-within-guests'],
  'rr-children-equal-guests': ['occupancy-children-below-guests'],
  'rr-unknown-hotel-success': ['unknown-hotel-fails'],
  'rr-auth-ignored': ['ignored_auth', 'missing_required_header'],
  'rr-enum-lowercase': ['response_schema_conformance'],
  'headers-constant-request-id': ['request-id-unique'],
  'headers-request-id-per-operation': ['request-id-unique'],
  'headers-location-missing': ['response_headers_conformance'],
  'headers-location-collection': ['location_names_created_resource'],
  'headers-location-singular-route': ['location_names_created_resource'],
  'headers-location-relative-path': ['location_names_created_resource'],
  'content-type-problem-json-errors': ['content_type_conformance'],
  'content-type-json-seq-lists': ['content_type_conformance'],
  'content-type-latin1-charset': ['content_type_conformance'],
  'auth-basic-scheme-accepted': ['ignored_auth'],
  'auth-empty-bearer-accepted': ['ignored_auth'],
  'auth-extra-credentials-accepted': ['ignored_auth'],
  'auth-invalid-token-403': ['ignored_auth'],
  'auth-missing-token-403': ['missing_required_header'],
  'tenancy-foreign-get-by-id': ['tenancy-isolation'],
  'tenancy-foreign-parent-list': ['tenancy-isolation'],
  'tenancy-foreign-organization-list': ['tenancy-isolation'],
  'tenancy-foreign-write-refused-400': ['tenancy-isolation'],
  'tenancy-foreign-read-refused-401': ['tenancy-isolation'],
  'schema-list-items-omit-name': ['response_schema_conformance'],
  'schema-null-parent-id': ['response_schema_conformance'],
  'schema-error-body-string': ['response_schema_conformance'],
  'schema-empty-list-null': ['response_schema_conformance'],
  'rr-max-guests-over-limit': ['response_schema_conformance'],
  'rr-paying-children-exceed-children': ['occupancy-paying-children-within-children'],
  'rr-two-default-bed-configurations': ['one-default-bed-configuration-per-room'],
  'rr-repeated-bed-type': ['no-repeated-bed-type-in-configuration'],
  'rr-guest-room-in-multi-room-unit': ['guest-room-is-the-only-room'],
  'rr-constant-ruid': ['ruid-unique'],
  'rr-fail-with-200': ['response_schema_conformance'],
  'rr-non-ascii-hotel-id-500': ['not_a_server_error'],
  'throttled-without-request-id': ['response_headers_conformance'],
  'throttled-as-text': ['content_type_conformance'],
  'throttled-error-body-misshapen': ['response_schema_conformance'],
  'rr-app-id-ignored': ['credential-parts-required'],
  'rr-app-id-presence-only': ['credential-parts-required'],
  'rr-authorization-optional-with-app-id': ['credential-parts-required'],
  'rr-hotel-by-channel-id-only': ['hotel-ids-name-one-hotel'],
  'rr-hotel-by-hotel-id-only': ['hotel-ids-name-one-hotel', 'unknown-hotel-fails'],
  'rr-hotel-ids-checked-apart': ['hotel-ids-name-one-hotel'],
  'scope-first-page-mixes-newest-of-organization': ['list-filter-returns-only-children'],
  'scope-later-pages-drop-filter': ['list-filter-returns-only-children'],
  'scope-last-page-adds-stray-item': ['list-filter-returns-only-children'],
  'neighbours-update-renames-siblings': ['writes-change-only-their-item'],
  'neighbours-delete-removes-next-sibling': ['writes-change-only-their-item'],
  'neighbours-create-renames-previous-sibling': ['writes-change-only-their-item'],
  'noop-rename-counts-itself': ['no-op-update-accepted'],
  'noop-update-refused': ['no-op-update-accepted'],
  'noop-update-not-modified': ['no-op-update-accepted', 'status_code_conformance'],
  'rr-unit-listed-twice': ['channel-room-id-unique'],
  'rr-channel-room-id-copied': ['channel-room-id-unique'],
  'bounds-max-results-maximum-refused': ['positive_data_acceptance'],
  'bounds-max-results-one-past-accepted': ['negative_data_rejection', 'pagination-rejects-out-of-range-max-results'],
  'bounds-name-max-length-refused': ['positive_data_acceptance', 'room-name-schema'],
  'bounds-name-one-past-accepted': ['negative_data_rejection', 'room-name-schema'],
  'bounds-long-next-token-500': ['not_a_server_error'],
  'bounds-emoji-query-500': ['not_a_server_error'],
  'bounds-long-unruled-name-500': ['not_a_server_error'],
  'race-duplicate-create': ['room-name-unique-per-property'],
  'race-duplicate-rename': ['room-name-unique-per-property'],
  'race-double-delete-500': ['not_a_server_error'],
  'race-double-delete-both-succeed': ['deleted-resource-gone'],
  'race-delete-parent-during-child-create': ['property-delete-requires-empty'],
  'rr-undocumented-method-404': ['undocumented-method-not-allowed'],
  'rr-undocumented-method-without-allow': ['undocumented-method-not-allowed'],
  'rr-undocumented-method-unanswered': ['undocumented-method-not-allowed'],
  'undocumented-path-unanswered': ['undocumented-path-not-found'],
  'undocumented-path-plain-404': ['undocumented-path-not-found'],
  'undocumented-path-400': ['undocumented-path-not-found'],
  'body-limit-off-by-one': ['body-size-limit'],
  'body-limit-unenforced': ['body-size-limit'],
  'missing-content-type-read-as-json': ['content-type-required'],
  'missing-content-type-server-error': ['content-type-required', 'not_a_server_error'],
  'text-plain-read-as-json': ['content-type-required'],
  'any-content-type-read-as-json': ['content-type-required'],
  'form-content-type-server-error': ['content-type-required', 'not_a_server_error'],
  'lone-surrogate-replaced': ['lone-surrogate-refused-or-kept'],
  'lone-surrogate-dropped': ['lone-surrogate-refused-or-kept'],
  'malformed-body-500': ['malformed-body-refused', 'not_a_server_error'],
  // Its reads serve a room type as a property: the sandbox's own conformance check answers 500 instead.
  'collection-ids-ignored': ['id-names-one-collection', 'not_a_server_error'],
  'collection-ids-ignored-on-delete': ['id-names-one-collection'],
  'collection-ids-ignored-for-parents': ['id-names-one-collection'],
};

/**
 * Which fault areas each matrix file (`faults-<file>.test.ts`) runs: one list, so that no fault
 * runs twice or in no file. The files run in parallel; most of a fault's run is spent waiting
 * (--consistency-wait) for reads that never agree, so the slow areas get files of their own.
 * `protocol-rr` runs every area no other file names (status codes, Room Retrieve, races, …).
 */
export const MATRIX = {
  pagination: ['pagination'],
  'pagination-names-hierarchy': ['names', 'hierarchy'],
  wire: ['headers', 'auth', 'tenancy', 'schemas', 'bounds'],
  // The fault classes of issue 19 (faults nobody listed).
  classes: ['scope', 'neighbours', 'no-op-writes', 'throttled-answers', 'protocol', 'collection-ids'],
} as const satisfies Record<string, readonly string[]>;

export type MatrixFile = keyof typeof MATRIX | 'protocol-rr';

/** The faults one matrix file runs. */
export function faultsOf(file: MatrixFile): string[] {
  const named = new Set<string>(Object.values(MATRIX).flat());
  const areas: ReadonlySet<string> | undefined = file === 'protocol-rr' ? undefined : new Set<string>(MATRIX[file]);
  return Object.entries(faults)
    .filter(([, f]) => (areas === undefined ? !named.has(f.area) : areas.has(f.area)))
    .map(([name]) => name);
}

/** Small runs keep the per-fault runs fast; the hand-picked examples of each property run on top. */
export const FAULT_RUNS = 5;
export const SEED = 20261122;

export function apiOfFault(fault: string): 'hospitality' | 'room-retrieve' {
  // Room Retrieve faults are named rr-… whatever fault class (area) they belong to.
  return faults[fault as keyof typeof faults].area === 'room-retrieve' || fault.startsWith('rr-')
    ? 'room-retrieve'
    : 'hospitality';
}

/** Starts the sandbox with one fault and returns the names `verify` reported. */
export async function reportedFor(fault: string): Promise<{ names: string[]; errors: string[] }> {
  // One clock for the sandbox's read lag and the verifier's patience (see manualClock).
  const clock = manualClock();
  const running = await startSandbox({ faults: [fault], clock });
  try {
    const target = apiOfFault(fault) === 'hospitality' ? running.hospitality : running.roomRetrieve;
    const report = await verify({ target, runs: FAULT_RUNS, seed: SEED, clock });
    return {
      names: [...new Set(report.violations.map((v) => v.name))],
      errors: report.properties.filter((p) => p.status === 'error').map((p) => `${p.name}: ${p.reason}`),
    };
  } finally {
    await running.sandbox.close();
  }
}

export async function expectDetected(fault: string): Promise<void> {
  const { names, errors } = await reportedFor(fault);
  expect(errors, `properties crashed under ${fault}`).toEqual([]);
  expect(
    names.filter((n) => EXPECTED[fault]!.includes(n)),
    `${fault}: expected one of ${EXPECTED[fault]!.join(', ')}; reported ${names.join(', ') || 'nothing'}`,
  ).not.toEqual([]);
}
