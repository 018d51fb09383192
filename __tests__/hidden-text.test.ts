/**
 * The hidden-text rule (lib/util/hidden-text.ts) character by character: every named character with its exact name
 * and how it hides, the noncharacters, what each kind of text lets through, where the list of a message stops and
 * what visibleText writes. Pure function calls only.
 */
import { describeCharacter, hiddenTextProblem, visibleText } from '../lib/util/hidden-text';

const CONTROL = 'a control character';
const BIDI = 'a bidirectional control';
const INVISIBLE = 'an invisible character';
const SEPARATOR = 'a line separator';
const NO_TEXT = 'a character that stands for no text';
const SPACE = 'a space other than the ASCII space';

const TAIL = ': control, invisible and bidirectional characters are refused, as they make a value differ from what it looks like (or end a line where one is expected); retype it';

/** Every character the rule names: code point, name, and how it hides in a one-line value. */
const NAMED: [number, string, string][] = [
  [0x00, 'NULL', CONTROL],
  [0x07, 'BELL', CONTROL],
  [0x08, 'BACKSPACE', CONTROL],
  [0x09, 'CHARACTER TABULATION', CONTROL],
  [0x0a, 'LINE FEED', CONTROL],
  [0x0b, 'LINE TABULATION', CONTROL],
  [0x0c, 'FORM FEED', CONTROL],
  [0x0d, 'CARRIAGE RETURN', CONTROL],
  [0x1b, 'ESCAPE', CONTROL],
  [0x7f, 'DELETE', CONTROL],
  [0x85, 'NEXT LINE', CONTROL],
  [0xa0, 'NO-BREAK SPACE', SPACE],
  [0xad, 'SOFT HYPHEN', INVISIBLE],
  [0x34f, 'COMBINING GRAPHEME JOINER', INVISIBLE],
  [0x61c, 'ARABIC LETTER MARK', BIDI],
  [0x115f, 'HANGUL CHOSEONG FILLER', INVISIBLE],
  [0x1160, 'HANGUL JUNGSEONG FILLER', INVISIBLE],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR', INVISIBLE],
  [0x2007, 'FIGURE SPACE', SPACE],
  [0x2009, 'THIN SPACE', SPACE],
  [0x200a, 'HAIR SPACE', SPACE],
  [0x200b, 'ZERO WIDTH SPACE', INVISIBLE],
  [0x200c, 'ZERO WIDTH NON-JOINER', INVISIBLE],
  [0x200d, 'ZERO WIDTH JOINER', INVISIBLE],
  [0x200e, 'LEFT-TO-RIGHT MARK', BIDI],
  [0x200f, 'RIGHT-TO-LEFT MARK', BIDI],
  [0x2028, 'LINE SEPARATOR', SEPARATOR],
  [0x2029, 'PARAGRAPH SEPARATOR', SEPARATOR],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING', BIDI],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING', BIDI],
  [0x202c, 'POP DIRECTIONAL FORMATTING', BIDI],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE', BIDI],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE', BIDI],
  [0x202f, 'NARROW NO-BREAK SPACE', SPACE],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE', SPACE],
  [0x2060, 'WORD JOINER', INVISIBLE],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE', BIDI],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE', BIDI],
  [0x2068, 'FIRST STRONG ISOLATE', BIDI],
  [0x2069, 'POP DIRECTIONAL ISOLATE', BIDI],
  [0x3000, 'IDEOGRAPHIC SPACE', SPACE],
  [0x3164, 'HANGUL FILLER', INVISIBLE],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE (byte order mark)', INVISIBLE],
  [0xffa0, 'HALFWIDTH HANGUL FILLER', INVISIBLE],
  [0xfffd, 'REPLACEMENT CHARACTER (what bytes that are not UTF-8 decode to)', NO_TEXT],
];

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('every named character', () => {
  test.each(NAMED)('code point %d is %s, %s', (cp, name, how) => {
    const char = String.fromCodePoint(cp);
    expect(describeCharacter(char)).toBe(`${hex(cp)} ${name}`);
    expect(hiddenTextProblem(`ab${char}c`, 'line')).toBe(`contains ${hex(cp)} ${name} (${how}) at position 3${TAIL}`);
    expect(visibleText(`ab${char}c`)).toBe(`ab<${hex(cp)}>c`);
  });
});

describe('characters the rule names by code point only', () => {
  test.each([
    // [code point, how it hides in a one-line value]
    [0x01, CONTROL],
    [0x9f, CONTROL],
    [0x1680, SPACE],
    [0x2000, SPACE],
    [0x17b4, INVISIBLE],
    [0x180b, INVISIBLE],
    [0x206f, INVISIBLE],
    [0xfe00, INVISIBLE],
    [0xfe0f, INVISIBLE],
    [0xfff0, INVISIBLE],
    [0x1bca0, INVISIBLE],
    [0x1d173, INVISIBLE],
    [0xe0001, INVISIBLE],
    [0xe0fff, INVISIBLE],
    [0xe000, NO_TEXT],
    [0xf8ff, NO_TEXT],
    [0xf0000, NO_TEXT],
    [0xfdd0, NO_TEXT],
    [0xfdef, NO_TEXT],
    [0xfffe, NO_TEXT],
    [0xffff, NO_TEXT],
    [0x1fffe, NO_TEXT],
    [0x10ffff, NO_TEXT],
  ])('code point %d: %s', (cp, how) => {
    const char = String.fromCodePoint(cp);
    expect(describeCharacter(char)).toBe(hex(cp));
    expect(hiddenTextProblem(`x${char}`, 'line')).toBe(`contains ${hex(cp)} (${how}) at position 2${TAIL}`);
  });

  test.each([0xfdcf, 0xfdf0, 0xfffc, 0x1fffd, 0x2010, 0x3001, 0xe0, 0x1f600])('code point %d is ordinary text', (cp) => {
    expect(hiddenTextProblem(`x${String.fromCodePoint(cp)}`, 'line')).toBeUndefined();
    expect(visibleText(`x${String.fromCodePoint(cp)}`)).toBe(`x${String.fromCodePoint(cp)}`);
  });

  test('a lone surrogate is named by its code point', () => {
    expect(hiddenTextProblem('x\ud800y', 'line')).toBe(`contains U+D800 (a lone surrogate (half of a UTF-16 pair)) at position 2${TAIL}`);
    expect(hiddenTextProblem('x\udfffy', 'line')).toBe(`contains U+DFFF (a lone surrogate (half of a UTF-16 pair)) at position 2${TAIL}`);
  });
});

describe('what each kind of text lets through', () => {
  test.each([
    // [text, kind, problem (the character and how, at a position) or undefined]
    ['a\nb', 'line', `U+000A LINE FEED (${CONTROL}) at position 2`],
    ['a\nb', 'lines', undefined],
    ['a\r\nb', 'lines', undefined],
    ['a\r\nb', 'free', undefined],
    ['a\rb', 'lines', `U+000D CARRIAGE RETURN (${CONTROL}) at position 2`],
    ['a\r', 'lines', `U+000D CARRIAGE RETURN (${CONTROL}) at position 2`],
    ['a\tb', 'lines', `U+0009 CHARACTER TABULATION (${CONTROL}) at position 2`],
    ['a\tb', 'free', undefined],
    ['a\u000bb', 'free', `U+000B LINE TABULATION (${CONTROL}) at position 2`],
    ['a\u00a0b', 'lines', `U+00A0 NO-BREAK SPACE (${SPACE}) at position 2`],
    ['a\u00a0b', 'free', undefined],
    ['a\u3000b', 'free', undefined],
    ['a\u200bb', 'free', `U+200B ZERO WIDTH SPACE (${INVISIBLE}) at position 2`],
  ] as const)('%j as %s', (text, kind, problem) => {
    expect(hiddenTextProblem(text, kind)).toBe(problem === undefined ? undefined : `contains ${problem}${TAIL}`);
  });

  test('visibleText writes a CR only where it does not start a CRLF of several lines', () => {
    expect(visibleText('a\r\nb\rc', 'lines')).toBe('a\r\nb<U+000D>c');
    expect(visibleText('a\r\nb', 'line')).toBe('a<U+000D><U+000A>b');
    expect(visibleText('\u{1f600}\r\n', 'lines')).toBe('\u{1f600}\r\n');
    expect(visibleText('a\tb\u00a0', 'free')).toBe('a\tb\u00a0');
    expect(visibleText('plain text', 'line')).toBe('plain text');
  });
});

describe('the list of a message', () => {
  test('three characters are all listed, positions counted in code points', () => {
    expect(hiddenTextProblem('\u{1f600}\u200b\u{1f600}\u200c\u200d', 'line', 'host name')).toBe(
      `contains U+200B ZERO WIDTH SPACE (${INVISIBLE}) at position 2, U+200C ZERO WIDTH NON-JOINER (${INVISIBLE}) at position 4, ` +
        `U+200D ZERO WIDTH JOINER (${INVISIBLE}) at position 5: control, invisible and bidirectional characters are refused, as they make a host name ` +
        'differ from what it looks like (or end a line where one is expected); retype it',
    );
  });

  test('a fourth and fifth are counted', () => {
    expect(hiddenTextProblem('\u200ba\u200bb\u200b\u200b\u200b', 'line')).toBe(
      `contains U+200B ZERO WIDTH SPACE (${INVISIBLE}) at position 1, U+200B ZERO WIDTH SPACE (${INVISIBLE}) at position 3, ` +
        `U+200B ZERO WIDTH SPACE (${INVISIBLE}) at position 5 and 2 more${TAIL}`,
    );
  });
});

describe('blank and padded one-line values', () => {
  test.each([
    [' ', 'line', 'is only whitespace: give a value or remove the field'],
    [' a', 'line', 'has whitespace at its start: remove it (it would become part of the value)'],
    ['a ', 'line', 'has whitespace at its end: remove it (it would become part of the value)'],
    ['', 'line', undefined],
    [' a ', 'lines', undefined],
    ['\n', 'lines', undefined],
    [' ', 'free', undefined],
  ] as const)('%j as %s', (text, kind, problem) => {
    expect(hiddenTextProblem(text, kind)).toBe(problem);
  });
});

describe('findHiddenText (lib/config/hidden-text.ts): which keys of chart values are ports and replica counts, which maps take any key, which fields are free text', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { findHiddenText } = require('../lib/config/hidden-text') as typeof import('../lib/config/hidden-text');
  const inValues = (values: Record<string, unknown>) => findHiddenText({ application: { values } }).map((i) => String(i.path).replace('application.values.', ''));

  test('a port by key: port, a word ending in Port, a name ending in _PORT; nothing else', () => {
    const bad = 70000;
    expect(inValues({ port: bad, containerPort: bad, DB_PORT: bad })).toEqual(['port', 'containerPort', 'DB_PORT']);
    expect(inValues({ export: bad, portal: bad, containerPortName: bad, XPort: bad, DB_PORT_COUNT: bad })).toEqual([]);
    expect(findHiddenText({ application: { values: { port: bad } } })[0].rule).toBe('must be an integer between 1 and 65535');
  });

  test('a replica count by key: replicas, replicaCount, a word ending in Replicas; nothing else; up to 2^31-1', () => {
    expect(inValues({ replicas: -1, replicaCount: -1, minReplicas: -1 })).toEqual(['replicas', 'replicaCount', 'minReplicas']);
    expect(inValues({ nreplicas: -1, replicasMax: -1, myreplicaCount: -1, replicaCountMax: -1, minReplicasExtra: -1, XReplicas: -1 })).toEqual([]);
    expect(inValues({ replicas: 2147483647, replicaCount: 0 })).toEqual([]);
    expect(inValues({ replicas: 2147483648, replicaCount: 1.5 })).toEqual(['replicas', 'replicaCount']);
  });

  test('the keys of nodeSelector, podAnnotations and matchLabels are checked (any key goes there); a last name is free text', () => {
    const zw = 'a\u200b';
    for (const map of ['nodeSelector', 'podAnnotations', 'matchLabels']) {
      expect(findHiddenText({ [map]: { [zw]: 'x' } })).toEqual([expect.objectContaining({ path: `${map}."a\\u200b"`, rule: expect.stringMatching(/^is a mapping key that contains U\+200B/) })]);
    }
    expect(findHiddenText({ other: { [zw]: 'x' } })).toEqual([]);
    expect(findHiddenText({ firstName: 'Ив\u0061n', lastName: 'Ив\u0061nov' })).toEqual([]);
    expect(findHiddenText({ name: 'Ив\u0061nov' })).toHaveLength(1);
  });

  test('a PEM keeps its line breaks; text in chart values is free (no homoglyph rule); a `values` that is text is not chart values', () => {
    expect(findHiddenText({ jwtPublicKey: 'line one\nline two' })).toEqual([]);
    expect(findHiddenText({ name: 'line one\nline two' })).toHaveLength(1);
    expect(findHiddenText({ application: { values: { name: 'Ив\u0061nov' } } })).toEqual([]);
    expect(findHiddenText({ values: 'Ив\u0061nov' })).toEqual([expect.objectContaining({ path: 'values', rule: expect.stringMatching(/^mixes /) })]);
  });
});
