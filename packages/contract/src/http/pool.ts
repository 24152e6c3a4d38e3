/**
 * Runs `task` over `items`, at most `limit` at once, and returns the results in the items' order
 * (never in the order they finished, so that what a run reports does not depend on timing). The
 * transport's window decides how many requests really fly; this bounds how many tasks wait for it.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await task(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
