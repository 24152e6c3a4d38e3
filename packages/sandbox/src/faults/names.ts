// Faults of the names area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { FaultDefinition } from './definition.js';
import { dropNameIssue } from './edits.js';

export const names = {
  'names-accepts-space': {
    area: 'names',
    description: 'Room names containing spaces are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/ /g, '')) },
  },
  'names-accepts-period': {
    area: 'names',
    description: 'Room names containing periods are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/\./g, '')) },
  },
  'names-no-length-limit': {
    area: 'names',
    description: 'Room names longer than the documented maximum are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'maxLength', (n) => n.slice(0, 1)) },
  },
  'names-rejects-special-characters': {
    area: 'names',
    description: 'Valid room names with the allowed special characters (# ; : ? @ & =) are refused with 400.',
    perturb: {
      refuseRequest: (refusal, { body, nameHasRule }) =>
        refusal ??
        (nameHasRule && typeof body?.name === 'string' && /[^A-Za-z0-9_-]/.test(body.name)
          ? { status: 400, message: 'The room name may only contain letters, numbers, underscores and hyphens.' }
          : undefined),
    },
  },
  'names-unique-per-room-type-only': {
    area: 'names',
    description: 'Room names are only unique within a room type, so two room types of one property can share a name.',
    perturb: { uniqueScope: (scope, { parentResource }) => (scope === undefined ? undefined : parentResource) },
  },
  'names-uniqueness-not-checked-on-update': {
    area: 'names',
    description: 'Renaming a room to a name already used in its property is accepted.',
    perturb: { uniqueScope: (scope, { action }) => (action === 'update' ? undefined : scope) },
  },
} satisfies Record<string, FaultDefinition>;
