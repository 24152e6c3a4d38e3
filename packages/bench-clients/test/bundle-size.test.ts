import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleSize } from '../src/index.js';

const SIZE_BUDGET_BYTES = 12 * 1024;
const resolveDir = fileURLToPath(new URL('.', import.meta.url));

describe('bundle size, openapi-fetch included', () => {
  it.each(['@roomkit/hospitality-client', '@roomkit/room-retrieve-client'])(
    '%s stays within 12 kB minified+gzipped',
    async (entry) => {
      const size = await bundleSize(entry, resolveDir);
      const openapiFetch = await bundleSize('openapi-fetch', resolveDir);
      // The bundle really contains openapi-fetch: it is larger than openapi-fetch alone.
      expect(size.gzippedBytes).toBeGreaterThan(openapiFetch.gzippedBytes);
      expect(size.gzippedBytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
    },
  );
});
