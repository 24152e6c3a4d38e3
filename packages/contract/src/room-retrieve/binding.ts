import type { OpenApiDocument } from '@roomkit/openapi';
import type { OperationBinding } from '../properties/operations.js';
import { hotelBody, type Hotel } from './target.js';

/** Valid requests name a hotel the target knows (`--hotel`); generated ones would be unknown hotels. */
export function roomRetrieveBinding(
  doc: OpenApiDocument,
  hotels: readonly Hotel[],
  stateful: boolean,
): OperationBinding {
  return {
    options: async () => ({}),
    async prepare(_operation, request) {
      if (!stateful || request.mode === 'negative') return { values: request.values };
      return { values: { ...request.values, body: hotelBody(doc, hotels[request.pick % hotels.length]!) } };
    },
    after: async () => {},
  };
}
