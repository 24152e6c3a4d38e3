import { faults } from '@roomkit/sandbox';
import { expect } from 'vitest';
import { verify } from '../src/verify.js';
import { startSandbox } from './support.js';

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
};

/** Small runs keep the per-fault runs fast; the hand-picked examples of each property run on top. */
export const FAULT_RUNS = 5;
export const SEED = 20261122;

export function apiOfFault(fault: string): 'hospitality' | 'room-retrieve' {
  return faults[fault as keyof typeof faults].area === 'room-retrieve' ? 'room-retrieve' : 'hospitality';
}

/** Starts the sandbox with one fault and returns the names `verify` reported. */
export async function reportedFor(fault: string): Promise<{ names: string[]; errors: string[] }> {
  const running = await startSandbox({ faults: [fault] });
  try {
    const target = apiOfFault(fault) === 'hospitality' ? running.hospitality : running.roomRetrieve;
    const report = await verify({ target, runs: FAULT_RUNS, seed: SEED });
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
