// `--keep-failing`: the resources a failing case names stay in place for a closer look.
import type { Violation } from '../checks/types.js';
import type { ResourceLedger } from './ledger.js';

/** The run's resources that failing cases named, with their ancestors: what `--keep-failing` leaves in place. */
export function idsOfFailingCases(violations: readonly Violation[], ledger: ResourceLedger): Set<string> {
  const keep = new Set<string>();
  const ids = ledger.ids();
  for (const v of violations) {
    for (const e of [...(v.context ?? []), ...(v.exchange === undefined ? [] : [v.exchange])]) {
      const text = `${decodeURIComponent(e.request.url)} ${e.request.body ?? ''}`;
      for (const id of ids) {
        if (!text.includes(id)) continue;
        for (
          let cursor = ledger.get(id);
          cursor !== undefined && !keep.has(cursor.id);
          cursor = cursor.parentId === undefined ? undefined : ledger.get(cursor.parentId)
        ) {
          keep.add(cursor.id);
        }
      }
    }
  }
  return keep;
}
