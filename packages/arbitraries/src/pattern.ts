import fc from 'fast-check';
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';
import { edgeBiasedInteger, edgeBiasedSize, uniformFrom } from './edges.js';

/** One position of a plain-sequence pattern: `min`..`max` characters drawn from `chars`. */
export interface Segment {
  chars: string[];
  min: number;
  max: number;
}

export interface PatternModel {
  source: string;
  /** Compiled with the `u` flag, like Ajv does. */
  regex: RegExp;
  /**
   * Present when the pattern is a sequence of characters, classes and quantified classes
   * (`^[A-Za-z0-9_-]+$`, `^amzn1\.unit\.[A-Z0-9]+$`): strings of any length are then built directly.
   */
  segments?: Segment[];
  /** Printable ASCII characters to insert to break a match, surest and most telling first. */
  violators: string[];
}

const PRINTABLE_ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
// A few non-ASCII code points so that negated classes and `.` also yield accented letters, CJK and
// astral characters (one code point, two UTF-16 units: length is counted in code points).
const NON_ASCII = ['é', 'ß', 'ñ', 'Ж', 'λ', '日', '€', '😀'];
const UNIVERSE = ['\t', ...PRINTABLE_ASCII, ...NON_ASCII];

const isAsciiAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isAscii = (c: string): boolean => c.length === 1 && c.charCodeAt(0) < 0x80;

const parser = new RegExpParser({ ecmaVersion: 2025 });
const models = new Map<string, PatternModel>();

export function patternModel(source: string): PatternModel {
  let model = models.get(source);
  if (!model) {
    let regex: RegExp;
    let ast: AST.Pattern;
    try {
      regex = new RegExp(source, 'u');
      ast = parser.parsePattern(source, undefined, undefined, { unicode: true });
    } catch (error) {
      throw new Error(
        `Schema pattern ${JSON.stringify(source)} is not a valid ECMAScript regular expression with the u flag: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const plain = plainSequence(ast);
    // Characters no position admits surely break an anchored match; those only some position
    // refuses may (each attempt is checked against the regex).
    const everywhere = new Set(plain ? plain.segments.flatMap((s) => s.chars) : []);
    const sure = plain?.anchored ? PRINTABLE_ASCII.filter((c) => !everywhere.has(c)) : [];
    const maybe = plain
      ? PRINTABLE_ASCII.filter((c) => everywhere.has(c) && plain.segments.some((s) => !s.chars.includes(c)))
      : PRINTABLE_ASCII.filter((c) => !regex.test(c));
    const byPreference = (chars: string[]) => {
      // Space and period first: the commonest real-world mistakes, and clearly not name characters.
      const punctuation = chars.filter((c) => !isAsciiAlnum(c)).sort((a, b) => rank(a) - rank(b));
      return punctuation.length > 0 ? punctuation : chars;
    };
    const violators = sure.length > 0 ? byPreference(sure) : byPreference(maybe);
    model = plain ? { source, regex, segments: plain.segments, violators } : { source, regex, violators };
    models.set(source, model);
  }
  return model;
}

function rank(c: string): number {
  return c === ' ' ? 0 : c === '.' ? 1 : 2;
}

function plainSequence(ast: AST.Pattern): { segments: Segment[]; anchored: boolean } | undefined {
  if (ast.alternatives.length !== 1) return undefined;
  const elements = flatten(ast.alternatives[0]!.elements);
  if (!elements) return undefined;
  const first = elements[0];
  const last = elements[elements.length - 1];
  const startAnchored = first?.type === 'Assertion' && first.kind === 'start';
  const endAnchored = last?.type === 'Assertion' && last.kind === 'end';
  const body = elements.slice(startAnchored ? 1 : 0, endAnchored ? elements.length - 1 : elements.length);
  const segments: Segment[] = [];
  for (const element of body) {
    const atom = element.type === 'Quantifier' ? element.element : element;
    const chars = charactersOf(atom);
    if (!chars) return undefined;
    segments.push(
      element.type === 'Quantifier' ? { chars, min: element.min, max: element.max } : { chars, min: 1, max: 1 },
    );
  }
  return { segments, anchored: startAnchored && endAnchored };
}

function flatten(elements: readonly AST.Element[]): AST.Element[] | undefined {
  const out: AST.Element[] = [];
  for (const element of elements) {
    if (element.type === 'Group' || element.type === 'CapturingGroup') {
      if (element.alternatives.length !== 1) return undefined;
      const inner = flatten(element.alternatives[0]!.elements);
      if (!inner) return undefined;
      out.push(...inner);
    } else {
      out.push(element);
    }
  }
  return out;
}

function charactersOf(node: AST.Node): string[] | undefined {
  if (node.type === 'Character') return [String.fromCodePoint(node.value)];
  if (node.type !== 'CharacterClass' && node.type !== 'CharacterSet') return undefined;
  const single = new RegExp(`^${node.raw}$`, 'u');
  const chars = UNIVERSE.filter((c) => single.test(c));
  return chars.length > 0 ? chars : undefined;
}

/**
 * One character out of `chars`, leaning towards the rarer groups so that every special character
 * of a class like `[A-Za-z0-9_\-=#;:?@&]` shows up within a few samples.
 */
function characterFrom(chars: string[]): fc.Arbitrary<string> {
  if (chars.length === 1) return fc.constant(chars[0]!);
  const groups = [
    { weight: 4, members: chars.filter(isAsciiAlnum) },
    { weight: 1, members: chars.filter((c) => isAscii(c) && !isAsciiAlnum(c)) },
    { weight: 1, members: chars.filter((c) => !isAscii(c)) },
  ].filter((g) => g.members.length > 0);
  if (groups.length === 1) return uniformFrom(groups[0]!.members);
  return fc.oneof(
    { withCrossShrink: true },
    ...groups.map((g) => ({ weight: g.weight, arbitrary: uniformFrom(g.members) })),
  );
}

/** Any string of `chars` with a code-point length in [minLength, maxLength] (edge lengths favoured). */
export function stringOf(chars: string[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return sizedString(characterFrom(chars), minLength, maxLength);
}

function sizedString(character: fc.Arbitrary<string>, minLength: number, maxLength: number): fc.Arbitrary<string> {
  const join = (cs: string[]) => cs.join('');
  return edgeBiasedSize(
    minLength,
    maxLength,
    (n) => fc.array(character, { minLength: n, maxLength: n }).map(join),
    fc.array(character, { minLength, maxLength, size: 'max' }).map(join),
  );
}

export function unconstrainedCharacters(ascii: boolean): string[] {
  return ascii ? PRINTABLE_ASCII : UNIVERSE.filter((c) => c !== '\t');
}

/** The same segments restricted to printable ASCII, where that leaves each segment some character. */
export function asciiSegments(segments: Segment[]): Segment[] {
  return segments.map((s) => {
    const chars = s.chars.filter((c) => c >= ' ' && c <= '~');
    return chars.length > 0 ? { ...s, chars } : s;
  });
}

/**
 * Strings matching a plain-sequence pattern with a total length in [minLength, maxLength], or
 * undefined when the pattern cannot produce such a length.
 */
export function segmentsString(
  segments: Segment[],
  minLength: number,
  maxLength: number,
): fc.Arbitrary<string> | undefined {
  const fixed = segments.reduce((n, s) => n + s.min, 0);
  const most = segments.reduce((n, s) => n + s.max, 0);
  const lo = Math.max(minLength, fixed);
  const hi = Math.min(maxLength, most);
  if (lo > hi) return undefined;
  const variable = segments.map((s, i) => ({ i, room: s.max - s.min })).filter((v) => v.room > 0);
  const pieces = segments.map((s) => ({ s, character: characterFrom(s.chars) }));
  if (variable.length <= 1) {
    // The usual shape (`^[class]+$`, a literal prefix then a class): only one part varies in length.
    const parts = pieces.map(({ s, character }, i) => {
      if (i !== variable[0]?.i)
        return fc.array(character, { minLength: s.min, maxLength: s.min }).map((cs) => cs.join(''));
      return sizedString(character, lo - (fixed - s.min), hi - (fixed - s.min));
    });
    return fc.tuple(...parts).map((ps) => ps.join(''));
  }
  return edgeBiasedInteger(lo, hi).chain((total) =>
    fc.array(fc.nat({ max: 1000 }), { minLength: variable.length, maxLength: variable.length }).chain((shares) => {
      const counts = segments.map((s) => s.min);
      distribute(total - fixed, variable, shares, counts);
      return fc
        .tuple(
          ...pieces.map(({ character }, i) =>
            fc.array(character, { minLength: counts[i]!, maxLength: counts[i]! }).map((cs) => cs.join('')),
          ),
        )
        .map((parts) => parts.join(''));
    }),
  );
}

/** Spreads `extra` characters over the variable segments roughly in proportion to `shares`. */
function distribute(extra: number, variable: { i: number; room: number }[], shares: number[], counts: number[]): void {
  const weights = shares.map((s) => s + 1);
  const sum = weights.reduce((a, b) => a + b, 0);
  const given = variable.map((v, k) => Math.min(v.room, Math.floor((extra * weights[k]!) / sum)));
  let left = extra - given.reduce((a, b) => a + b, 0);
  variable.forEach((v, k) => {
    const more = Math.min(left, v.room - given[k]!);
    given[k]! += more;
    left -= more;
  });
  variable.forEach((v, k) => {
    counts[v.i]! += given[k]!;
  });
}

export function codePointLength(s: string): number {
  return Array.from(s).length;
}
