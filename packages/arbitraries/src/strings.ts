import fc from 'fast-check';
import {
  asciiSegments,
  codePointLength,
  patternModel,
  segmentsString,
  stringOf,
  unconstrainedCharacters,
} from './pattern.js';
import type { PatternModel } from './pattern.js';
import { uniformFrom } from './edges.js';
import { sieveOrThrow } from './sieve.js';
import type { Context, SchemaObject } from './schema.js';
import type { Invalid } from './violation.js';

interface FormatGenerators {
  valid: () => fc.Arbitrary<string>;
  /** Strings the format's validator refuses (ajv-formats' definitions). */
  invalid: readonly string[];
}

const isoDate = (): fc.Arbitrary<Date> =>
  fc.date({
    min: new Date('1970-01-01T00:00:00.000Z'),
    max: new Date('2099-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  });

const FORMATS: Record<string, FormatGenerators> = {
  'date-time': {
    valid: () => isoDate().map((d) => d.toISOString()),
    invalid: ['not a date-time', '2024-13-01T00:00:00Z', '2024-01-01T25:61:00Z', '2024-01-01'],
  },
  date: {
    valid: () => isoDate().map((d) => d.toISOString().slice(0, 10)),
    invalid: ['not a date', '2024-13-01', '2024-02-30', '01/02/2024'],
  },
  time: {
    valid: () => isoDate().map((d) => d.toISOString().slice(11)),
    invalid: ['not a time', '25:00:00Z', '12:61:00Z'],
  },
  uri: { valid: () => fc.webUrl(), invalid: ['not a uri', '/relative/path', 'http://exa mple.com'] },
  email: { valid: () => fc.emailAddress(), invalid: ['no-at-sign', 'two@@example.com', '@example.com', 'user@'] },
  uuid: {
    valid: () => fc.uuid(),
    invalid: ['not-a-uuid', '123e4567-e89b-12d3-a456', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'],
  },
  hostname: { valid: () => fc.domain(), invalid: ['not a hostname', '-leading-dash.example', 'a..b'] },
  ipv4: { valid: () => fc.ipV4(), invalid: ['256.1.1.1', '1.2.3', 'not an ip'] },
  ipv6: { valid: () => fc.ipV6(), invalid: ['not an ip', '1:2:3:4:5:6:7:8:9', 'gggg::1'] },
};

export const SUPPORTED_FORMATS = Object.keys(FORMATS);

interface Lengths {
  min: number;
  /** Infinity when the schema sets no maxLength. */
  max: number;
}

function lengthsOf(schema: SchemaObject): Lengths {
  return { min: schema.minLength ?? 0, max: schema.maxLength ?? Infinity };
}

function fits(s: string, lengths: Lengths, pattern?: PatternModel): boolean {
  const n = codePointLength(s);
  return n >= lengths.min && n <= lengths.max && (!pattern || pattern.regex.test(s));
}

/** Strings of a given length range that also match the schema's pattern when possible, else undefined. */
function matchingString(
  pattern: PatternModel | undefined,
  min: number,
  max: number,
  ctx: Context,
): fc.Arbitrary<string> | undefined {
  const hi = Number.isFinite(max) ? max : undefined;
  if (!pattern) return stringOf(unconstrainedCharacters(ctx.ascii), min, hi ?? min + ctx.maxLength);
  if (pattern.segments) {
    const segments = ctx.ascii ? asciiSegments(pattern.segments) : pattern.segments;
    const fixed = segments.reduce((n, s) => n + s.min, 0);
    return segmentsString(segments, min, hi ?? Math.max(min, fixed) + ctx.maxLength);
  }
  return undefined;
}

export function validString(schema: SchemaObject, ctx: Context): fc.Arbitrary<string> {
  const lengths = lengthsOf(schema);
  const pattern = schema.pattern === undefined ? undefined : patternModel(schema.pattern);
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (format) return sieveOrThrow(format.valid(), (s) => fits(s, lengths, pattern), ctx.path);
  const built = matchingString(pattern, lengths.min, lengths.max, ctx);
  if (built) return built;
  if (pattern && !pattern.segments) {
    // fast-check's matcher knows no length constraint beyond an upper bound: filter on the rest.
    const matching = Number.isFinite(lengths.max)
      ? fc.stringMatching(pattern.regex, { maxLength: lengths.max })
      : fc.stringMatching(pattern.regex);
    return sieveOrThrow(matching, (s) => fits(s, lengths), ctx.path);
  }
  throw new Error(
    `No string matches pattern ${JSON.stringify(schema.pattern)} with length ${lengths.min}..${lengths.max} at ${ctx.path || '(root)'}: check minLength/maxLength against the pattern.`,
  );
}

export function stringViolations(schema: SchemaObject, ctx: Context): fc.Arbitrary<Invalid>[] {
  const lengths = lengthsOf(schema);
  const pattern = schema.pattern === undefined ? undefined : patternModel(schema.pattern);
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  const at =
    (rule: string) =>
    (value: string): Invalid => ({ value, rule, path: ctx.path });
  const out: fc.Arbitrary<Invalid>[] = [];
  // In a URL or a header an empty value reads as an absent one, which is not a length fault.
  const shortest = ctx.serialized ? 1 : 0;
  if (lengths.min > shortest) {
    // Keep the pattern satisfied where it can be, so that only the length is at fault.
    const short =
      matchingString(pattern, shortest, lengths.min - 1, ctx) ??
      matchingString(undefined, shortest, lengths.min - 1, ctx)!;
    out.push(short.map(at('minLength')));
  }
  if (Number.isFinite(lengths.max) && !format) {
    const long =
      matchingString(pattern, lengths.max + 1, lengths.max + 1 + Math.min(lengths.max, 16), ctx) ??
      (pattern && longMatches(pattern, lengths.max));
    if (long) out.push(long.map(at('maxLength')));
  }
  if (pattern) {
    const broken = patternViolation(validString(schema, ctx), pattern, lengths);
    if (broken) out.push(broken.map(at('pattern')));
  }
  if (format) out.push(uniformFrom(format.invalid).map(at('format')));
  return out;
}

/** For patterns not built directly: fast-check's own matcher at full size, when it reaches past maxLength often enough. */
function longMatches(pattern: PatternModel, maxLength: number): fc.Arbitrary<string> | undefined {
  const candidates = fc.stringMatching(pattern.regex, { maxLength: 2 * maxLength + 16, size: 'max' });
  const tooLong = (s: string) => codePointLength(s) > maxLength;
  if (!fc.sample(candidates, { numRuns: 50, seed: 1 }).some(tooLong)) return undefined;
  return candidates.filter(tooLong);
}

/**
 * Valid strings with one character inserted (or replaced, at maxLength) by a printable ASCII
 * character the pattern excludes: a space, a period, other punctuation. Never a non-ASCII letter,
 * which a vendor may legitimately accept beyond what the spec's pattern says.
 */
function patternViolation(
  valid: fc.Arbitrary<string>,
  pattern: PatternModel,
  lengths: Lengths,
): fc.Arbitrary<string> | undefined {
  const { violators } = pattern;
  if (violators.length === 0) return undefined;
  const pick = fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constant(1) },
    { weight: 4, arbitrary: fc.nat({ max: violators.length - 1 }) },
  );
  const attempt = ([s, position, first, replace]: [string, number, number, boolean]): string | undefined => {
    const chars = [...s];
    const mustReplace = chars.length >= lengths.max;
    for (let k = 0; k < violators.length; k++) {
      const c = violators[(first + k) % violators.length]!;
      const candidate = [...chars];
      if ((replace || mustReplace) && chars.length > 0) candidate.splice(position % chars.length, 1, c);
      else candidate.splice(position % (chars.length + 1), 0, c);
      const text = candidate.join('');
      if (!pattern.regex.test(text) && codePointLength(text) >= lengths.min && codePointLength(text) <= lengths.max)
        return text;
    }
    return undefined;
  };
  const arbitrary = fc.tuple(valid, fc.nat(), pick, fc.boolean()).map(attempt);
  // Patterns that no single ASCII character can break (unanchored ones like `[0-9]`) get no pattern violation.
  const probe = fc.sample(arbitrary, { numRuns: 20, seed: 1 });
  if (!probe.some((s) => s !== undefined)) return undefined;
  return arbitrary.filter((s): s is string => s !== undefined);
}
