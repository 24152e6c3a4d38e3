// Faults in what HTTP leaves to the server and the specs state as rules: undocumented methods
// (405 with Allow, rule undocumented-method-not-allowed), undocumented paths (404 in the error
// shape, undocumented-path-not-found), the body size limit (body-size-limit), a body without
// Content-Type or under a media type the operation does not document (content-type-required), lone UTF-16 surrogates (lone-surrogate-refused-or-kept) and
// bodies that are not JSON (malformed-body-refused).
// Each is a server framework's default or a slip seen in real servers. Adding a fault: one entry
// here, a probe in test/faults.test.ts, and the checks that must catch it in
// packages/contract/test/faults.ts.
import { NO_ANSWER, type FaultDefinition } from './definition.js';

export const protocol = {
  'rr-undocumented-method-404': {
    area: 'protocol',
    description:
      'A method the spec does not document on a documented path answers 404 without Allow, as a router that matches method and path together does.',
    perturb: {
      undocumentedAnswer: (out, { kind }) =>
        kind === 'method'
          ? {
              ...out,
              status: 404,
              headers: Object.fromEntries(Object.entries(out.headers).filter(([name]) => name !== 'Allow')),
            }
          : out,
    },
  },
  'rr-undocumented-method-without-allow': {
    area: 'protocol',
    description: 'An undocumented method answers 405 but without the Allow header listing the documented methods.',
    perturb: {
      undocumentedAnswer: (out, { kind }) =>
        kind === 'method'
          ? { ...out, headers: Object.fromEntries(Object.entries(out.headers).filter(([name]) => name !== 'Allow')) }
          : out,
    },
  },
  'rr-undocumented-method-unanswered': {
    area: 'protocol',
    description:
      'A method the spec does not document on a documented path gets no answer: the connection is closed, as a router with no fallback for the method drops the request.',
    perturb: {
      undocumentedAnswer: (out, { kind }) => (kind === 'method' ? { ...out, status: NO_ANSWER } : out),
    },
  },
  'undocumented-path-plain-404': {
    area: 'protocol',
    description:
      'A path the spec does not document answers a framework\'s plain-text 404 ("Not Found"), not the API\'s error body.',
    perturb: {
      undocumentedAnswer: (out, { kind }) =>
        kind === 'path'
          ? { ...out, headers: { ...out.headers, 'Content-Type': 'text/plain' }, body: 'Not Found' }
          : out,
    },
  },
  'undocumented-path-400': {
    area: 'protocol',
    description: 'A path the spec does not document answers 400 (a catch-all validator refuses it) instead of 404.',
    perturb: { undocumentedAnswer: (out, { kind }) => (kind === 'path' ? { ...out, status: 400 } : out) },
  },
  'undocumented-path-unanswered': {
    area: 'protocol',
    description:
      "A path the spec does not document gets no answer: the connection is closed instead of answered 404, as a server with no catch-all route drops the request (its root still answers, a load balancer's health check).",
    perturb: {
      undocumentedAnswer: (out, { kind, path }) =>
        kind === 'path' && path !== '/' ? { ...out, status: NO_ANSWER } : out,
    },
  },
  'body-limit-off-by-one': {
    area: 'protocol',
    description:
      'A body of exactly x-roomkit-request-body.maxBytes is refused with 413 (the limit is compared with >=).',
    perturb: { bodyLimit: (limit) => limit - 1 },
  },
  'body-limit-unenforced': {
    area: 'protocol',
    description:
      'Bodies over x-roomkit-request-body.maxBytes are taken (up to twice the limit) instead of answered 413.',
    perturb: { bodyLimit: (limit) => limit * 2 },
  },
  'missing-content-type-read-as-json': {
    area: 'protocol',
    description: 'A write whose body comes without Content-Type is read as JSON and applied instead of refused.',
    perturb: {
      undocumentedContentType: (answer, mediaType) =>
        mediaType === undefined && answer === 'refuse' ? 'read-as-json' : answer,
    },
  },
  'missing-content-type-server-error': {
    area: 'protocol',
    description: 'A write whose body comes without Content-Type crashes the body parser: 500.',
    perturb: { undocumentedContentType: (answer, mediaType) => (mediaType === undefined ? 'server-error' : answer) },
  },
  'text-plain-read-as-json': {
    area: 'protocol',
    description:
      "A body sent as text/plain is read as JSON and applied (a JSON parser told to take text/*): any web page can then write to the API through its users' browsers, which send text/plain across origins without asking.",
    perturb: {
      undocumentedContentType: (answer, mediaType) => (mediaType === 'text/plain' ? 'read-as-json' : answer),
    },
  },
  'any-content-type-read-as-json': {
    area: 'protocol',
    description:
      'Every body that comes with a Content-Type is read as JSON whatever the type (a JSON parser told to take */*); only a missing Content-Type is refused.',
    perturb: {
      undocumentedContentType: (answer, mediaType) => (mediaType !== undefined ? 'read-as-json' : answer),
    },
  },
  'form-content-type-server-error': {
    area: 'protocol',
    description:
      'A body sent as application/x-www-form-urlencoded or multipart/form-data goes to a form parser that fails on it: 500 instead of the refusal.',
    perturb: {
      undocumentedContentType: (answer, mediaType) =>
        mediaType === 'application/x-www-form-urlencoded' || mediaType === 'multipart/form-data'
          ? 'server-error'
          : answer,
    },
  },
  'lone-surrogate-replaced': {
    area: 'protocol',
    description:
      'A lone UTF-16 surrogate in a string is taken and replaced by U+FFFD (text re-encoded as UTF-8 on the way in): the name reads back changed.',
    perturb: { loneSurrogate: () => 'replace' },
  },
  'lone-surrogate-dropped': {
    area: 'protocol',
    description:
      'Lone UTF-16 surrogates are silently removed from strings: the write succeeds, the name reads back shorter.',
    perturb: { loneSurrogate: () => 'drop' },
  },
  'malformed-body-500': {
    area: 'protocol',
    description: 'A body that is not valid JSON makes the parse error escape: 500 instead of the documented 400.',
    perturb: { malformedBody: () => 'server-error' },
  },
} satisfies Record<string, FaultDefinition>;
