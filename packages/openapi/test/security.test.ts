import { describe, expect, it } from 'vitest';
import { headersOnEveryResponse, loadSpec, securitySchemes, serversByRegion, tokenUrls } from '../src/index.js';

const hospitality = loadSpec('hospitality');
const roomRetrieve = loadSpec('room-retrieve');

describe('security schemes, servers and always-sent headers, as the specs state them', () => {
  it('Room Retrieve: app-id in a header, with Basic or Bearer', () => {
    const schemes = Object.values(securitySchemes(roomRetrieve));
    expect(schemes.filter((s) => s.type === 'apiKey')).toEqual([
      { id: 'appId', type: 'apiKey', in: 'header', name: 'app-id' },
    ]);
    expect(schemes.flatMap((s) => (s.type === 'http' ? [s.scheme] : [])).sort()).toEqual(['basic', 'bearer']);
    expect(tokenUrls(roomRetrieve)).toEqual([]);
  });

  it("hospitality: LWA's token endpoint is where tokens are refreshed", () => {
    expect(tokenUrls(hospitality)).toEqual(['https://api.amazon.com/auth/o2/token']);
  });

  it('hospitality sends X-Amzn-RequestId on every answer; Room Retrieve documents no such header', () => {
    expect(headersOnEveryResponse(hospitality)).toEqual(['X-Amzn-RequestId']);
    expect(headersOnEveryResponse(roomRetrieve)).toEqual([]);
  });

  it('servers by region; a server without x-roomkit-region is an error naming it', () => {
    expect(serversByRegion(hospitality)).toEqual({
      NA: 'https://api.amazonalexa.com',
      EU: 'https://api.eu.amazonalexa.com',
    });
    expect(() => serversByRegion(roomRetrieve)).toThrow(/servers\[0\] \(https:\/\/connect-sandbox.*x-roomkit-region/);
  });
});
