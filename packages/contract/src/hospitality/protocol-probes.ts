import type { BodyProbes } from '../properties/protocol.js';
import type { HospitalityContext } from './context.js';

/**
 * The protocol probes' requests (properties/protocol.ts): per update operation, an update of an
 * item the run creates for it (renamed to a new name of the run's), read back with a get and
 * deleted afterwards. Nothing else is written.
 */
export function hospitalityProbes(context: HospitalityContext): BodyProbes {
  const { api } = context;
  return Object.fromEntries(
    api.hierarchy.map((level) => [
      level.operations.update,
      async () => {
        const parentId = await context.sharedParentOf(level.name);
        const id = await context.make(level.name, parentId);
        return {
          path: { [level.idParameter]: id },
          body: { name: context.ledger.name(level.name) },
          textField: 'name',
          readBack: () => api.get(level.name, id),
          // What a delete leaves behind, the run's cleanup deletes (the id is in the ledger).
          cleanup: async () => void (await api.delete(level.name, id)),
        };
      },
    ]),
  );
}
