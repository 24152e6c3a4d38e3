// The operator's side of a hostile case: resources that exist before the run, created and read
// back directly on the sandbox (never through the proxy), so that what verify did to them is seen
// from outside verify.
import { getOperation, loadSpec, resources, type ResourceInfo } from '@roomkit/openapi';
import type { HospitalityTarget } from '../../src/hospitality/target.js';
import { callDirectly as call } from '../support.js';
import type { ForeignResource } from './proxy.js';

const doc = loadSpec('hospitality');
const collections = resources(doc);

function pathOf(resource: ResourceInfo, action: 'create' | 'get', id?: string): string {
  const path = getOperation(doc, resource.operations[action]).path;
  return id === undefined ? path : path.replace(`{${resource.idParameter}}`, encodeURIComponent(id));
}

/** The collections from the root down (each one's parent before it): properties, roomTypes, rooms. */
function topDown(): ResourceInfo[] {
  const order: ResourceInfo[] = [];
  const pending = Object.values(collections);
  while (pending.length > 0) {
    const next = pending.findIndex(
      (r) => collections[r.parent.resource] === undefined || order.includes(collections[r.parent.resource]!),
    );
    order.push(...pending.splice(next, 1));
  }
  return order;
}

const NAMES: Record<string, string> = {
  properties: 'operator-hotel',
  roomTypes: 'operator-suites',
  rooms: 'Operator-101',
};

/** One resource per collection, each under the previous one, in the target's organization. */
export async function createOperatorData(target: HospitalityTarget): Promise<ForeignResource[]> {
  const created: ForeignResource[] = [];
  let parent = target.organizationId;
  for (const resource of topDown()) {
    const name = NAMES[resource.name] ?? `operator-${resource.name}`;
    const answer = await call<{ id: string }>(target, 'POST', pathOf(resource, 'create'), {
      name,
      [resource.parent.field]: parent,
    });
    if (answer.status !== 201) throw new Error(`operator data: creating ${resource.name} answered ${answer.status}`);
    created.push({ collection: resource.name, id: answer.json.id as string, name });
    parent = answer.json.id as string;
  }
  return created;
}

/** Whether a resource still exists on the sandbox (and its name). */
export async function readResource(
  target: HospitalityTarget,
  collection: string,
  id: string,
): Promise<{ status: number; name?: string }> {
  const answer = await call<{ name: string } | undefined>(target, 'GET', pathOf(collections[collection]!, 'get', id));
  return { status: answer.status, ...(answer.status === 200 ? { name: answer.json?.name as string } : {}) };
}

/** What happened to the operator's resources: each one gone or renamed, as a sentence. */
export async function operatorDamage(
  target: HospitalityTarget,
  foreign: readonly ForeignResource[],
): Promise<string[]> {
  const damage: string[] = [];
  for (const resource of foreign) {
    const now = await readResource(target, resource.collection, resource.id);
    if (now.status !== 200) damage.push(`operator ${resource.collection}/${resource.id} now answers ${now.status}`);
    else if (now.name !== resource.name)
      damage.push(`operator ${resource.collection}/${resource.id} renamed from "${resource.name}" to "${now.name}"`);
  }
  return damage;
}
