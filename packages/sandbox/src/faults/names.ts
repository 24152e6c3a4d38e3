// Faults of the names area. Adding a fault: one entry here, a probe in test/faults.test.ts, and
// the checks that must catch it in packages/contract/test/faults.ts.
import type { PastItem } from '../hooks.js';
import type { FaultDefinition } from './definition.js';
import { dropNameIssue } from './edits.js';

/** Whether an earlier version of another item (renamed away, or deleted) held the value in the scope. */
function heldBefore(
  history: readonly PastItem[],
  q: { collection: string; field: string; value: string; scope: string; scopeId: string; selfId: string },
  deleted: boolean,
): boolean {
  return history.some(
    (past) =>
      past.deleted === deleted &&
      past.item.id !== q.selfId &&
      past.item.collection === q.collection &&
      past.item.fields[q.field] === q.value &&
      past.ancestors.some((a) => a.collection === q.scope && a.id === q.scopeId),
  );
}

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
  'names-accepts-space-on-update': {
    area: 'names',
    description: 'Renaming a room to a name with spaces is accepted (the pattern is only checked on create).',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.action === 'update' ? dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/ /g, '')) : issues,
    },
  },
  'names-accepts-period-on-update': {
    area: 'names',
    description: 'Renaming a room to a name with periods is accepted (the pattern is only checked on create).',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.action === 'update' ? dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/\./g, '')) : issues,
    },
  },
  'names-no-length-limit-on-update': {
    area: 'names',
    description: 'Renaming a room to a name longer than the documented maximum is accepted.',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.action === 'update' ? dropNameIssue(issues, ctx, 'maxLength', (n) => n.slice(0, 1)) : issues,
    },
  },
  'names-unique-per-room-type-on-update': {
    area: 'names',
    description:
      "Renaming a room to the name of a room of another room type of the same property is accepted (the update checks only the room's own room type).",
    perturb: {
      uniqueScope: (scope, { action, parentResource }) =>
        scope === undefined || action !== 'update' ? scope : parentResource,
    },
  },
  'names-unique-per-organization': {
    area: 'names',
    description: 'Room names are unique across the whole organization: the same name in another property is refused.',
    perturb: { uniqueScope: (scope, { ancestors }) => (scope === undefined ? undefined : (ancestors[0] ?? scope)) },
  },
  'names-unique-per-organization-on-update': {
    area: 'names',
    description: 'Renaming a room to a name used in another property of the organization is refused.',
    perturb: {
      uniqueScope: (scope, { action, ancestors }) =>
        scope === undefined || action !== 'update' ? scope : (ancestors[0] ?? scope),
    },
  },
  'names-deleted-name-stays-taken': {
    area: 'names',
    description: 'The name of a deleted room stays reserved: a new room of the property cannot take it.',
    perturb: { valueTaken: (taken, { history, ...q }) => taken || heldBefore(history(), q, true) },
  },
  'names-old-name-stays-taken-after-rename': {
    area: 'names',
    description: "A renamed room's previous name stays reserved: no other room of the property can take it.",
    perturb: { valueTaken: (taken, { history, ...q }) => taken || heldBefore(history(), q, false) },
  },
  'names-rename-not-indexed': {
    area: 'names',
    description:
      "A rename does not update the uniqueness index: the room's new name can be taken by another room, its old one cannot.",
    perturb: { reindexOnUpdate: () => false },
  },
} satisfies Record<string, FaultDefinition>;
