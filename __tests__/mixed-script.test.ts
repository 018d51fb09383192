/**
 * The mixed-script rule (lib/util/mixed-script.ts) entry by entry: every look-alike of the table with its exact name
 * and the Latin letter it reads as, every script told apart by name, the East Asian mixes that are allowed, and the
 * edges of a message (which script is the main one, where the list stops). Pure function calls only.
 */
import { asciiText, describeLetter, mixedScriptProblem } from '../lib/util/mixed-script';

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const MIXES = (what = 'name') =>
  `; a letter of another script that looks like one of yours makes a ${what} read as something it is not (a homoglyph); retype it in one script (an international domain name in its xn-- form)`;
const READS = (what = 'name') => `, among Latin words: a homoglyph makes a ${what} read as something it is not; retype it in one script (an international domain name in its xn-- form)`;

/** The invisible characters of the table (names from Unicode). */
const INVISIBLE: [number, string][] = [
  [0x00ad, 'SOFT HYPHEN'],
  [0x034f, 'COMBINING GRAPHEME JOINER'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
];

/** The letters of the table: code point, Unicode name, the Latin letter it looks like. */
const LETTERS: [number, string, string][] = [
  [0x0430, 'CYRILLIC SMALL LETTER A', 'a'],
  [0x0432, 'CYRILLIC SMALL LETTER VE', 'b'],
  [0x0435, 'CYRILLIC SMALL LETTER IE', 'e'],
  [0x043a, 'CYRILLIC SMALL LETTER KA', 'k'],
  [0x043c, 'CYRILLIC SMALL LETTER EM', 'm'],
  [0x043d, 'CYRILLIC SMALL LETTER EN', 'h'],
  [0x043e, 'CYRILLIC SMALL LETTER O', 'o'],
  [0x0440, 'CYRILLIC SMALL LETTER ER', 'p'],
  [0x0441, 'CYRILLIC SMALL LETTER ES', 'c'],
  [0x0442, 'CYRILLIC SMALL LETTER TE', 't'],
  [0x0443, 'CYRILLIC SMALL LETTER U', 'y'],
  [0x0445, 'CYRILLIC SMALL LETTER HA', 'x'],
  [0x0455, 'CYRILLIC SMALL LETTER DZE', 's'],
  [0x0456, 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i'],
  [0x0458, 'CYRILLIC SMALL LETTER JE', 'j'],
  [0x04bb, 'CYRILLIC SMALL LETTER SHHA', 'h'],
  [0x0501, 'CYRILLIC SMALL LETTER KOMI DE', 'd'],
  [0x051b, 'CYRILLIC SMALL LETTER QA', 'q'],
  [0x051d, 'CYRILLIC SMALL LETTER WE', 'w'],
  [0x0410, 'CYRILLIC CAPITAL LETTER A', 'A'],
  [0x0412, 'CYRILLIC CAPITAL LETTER VE', 'B'],
  [0x0415, 'CYRILLIC CAPITAL LETTER IE', 'E'],
  [0x041a, 'CYRILLIC CAPITAL LETTER KA', 'K'],
  [0x041c, 'CYRILLIC CAPITAL LETTER EM', 'M'],
  [0x041d, 'CYRILLIC CAPITAL LETTER EN', 'H'],
  [0x041e, 'CYRILLIC CAPITAL LETTER O', 'O'],
  [0x0420, 'CYRILLIC CAPITAL LETTER ER', 'P'],
  [0x0421, 'CYRILLIC CAPITAL LETTER ES', 'C'],
  [0x0422, 'CYRILLIC CAPITAL LETTER TE', 'T'],
  [0x0425, 'CYRILLIC CAPITAL LETTER HA', 'X'],
  [0x0406, 'CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I', 'I'],
  [0x0408, 'CYRILLIC CAPITAL LETTER JE', 'J'],
  [0x0405, 'CYRILLIC CAPITAL LETTER DZE', 'S'],
  [0x03b1, 'GREEK SMALL LETTER ALPHA', 'a'],
  [0x03b9, 'GREEK SMALL LETTER IOTA', 'i'],
  [0x03bd, 'GREEK SMALL LETTER NU', 'v'],
  [0x03bf, 'GREEK SMALL LETTER OMICRON', 'o'],
  [0x03c1, 'GREEK SMALL LETTER RHO', 'p'],
  [0x03c5, 'GREEK SMALL LETTER UPSILON', 'u'],
  [0x0391, 'GREEK CAPITAL LETTER ALPHA', 'A'],
  [0x0392, 'GREEK CAPITAL LETTER BETA', 'B'],
  [0x0395, 'GREEK CAPITAL LETTER EPSILON', 'E'],
  [0x0396, 'GREEK CAPITAL LETTER ZETA', 'Z'],
  [0x0397, 'GREEK CAPITAL LETTER ETA', 'H'],
  [0x0399, 'GREEK CAPITAL LETTER IOTA', 'I'],
  [0x039a, 'GREEK CAPITAL LETTER KAPPA', 'K'],
  [0x039c, 'GREEK CAPITAL LETTER MU', 'M'],
  [0x039d, 'GREEK CAPITAL LETTER NU', 'N'],
  [0x039f, 'GREEK CAPITAL LETTER OMICRON', 'O'],
  [0x03a1, 'GREEK CAPITAL LETTER RHO', 'P'],
  [0x03a4, 'GREEK CAPITAL LETTER TAU', 'T'],
  [0x03a5, 'GREEK CAPITAL LETTER UPSILON', 'Y'],
  [0x03a7, 'GREEK CAPITAL LETTER CHI', 'X'],
  [0x0131, 'LATIN SMALL LETTER DOTLESS I', 'i'],
];

const scriptOf = (cp: number) => (cp < 0x0370 ? 'Latin' : cp < 0x0400 ? 'Greek' : 'Cyrillic');

describe('every look-alike of the table', () => {
  test.each(INVISIBLE)('%d is %s, looking like nothing', (cp, name) => {
    expect(describeLetter(String.fromCodePoint(cp), 'Common')).toBe(`${hex(cp)} ${name}`);
  });

  test('a no-break space looks like a space', () => {
    expect(describeLetter('\u00a0', 'Common')).toBe('U+00A0 NO-BREAK SPACE (looks like " ")');
  });

  test.each(LETTERS)('%d is %s, looking like %j', (cp, name, looksLike) => {
    const char = String.fromCodePoint(cp);
    const described = `${hex(cp)} ${name} (looks like "${looksLike}")`;
    expect(describeLetter(char, scriptOf(cp))).toBe(described);
    if (scriptOf(cp) === 'Latin') {
      // A Latin letter in a Latin word mixes nothing.
      expect(mixedScriptProblem(`ab${char}cd ${char}${char}`)).toBeUndefined();
      return;
    }
    expect(mixedScriptProblem(`ab${char}cd`)).toBe(`mixes scripts in one word: ${described} at position 3 among Latin letters${MIXES()}`);
    expect(mixedScriptProblem(`go ${char}${char}`)).toBe(
      `has the ${scriptOf(cp)} word at position 4 whose every letter looks like a Latin one (it reads as "${looksLike}${looksLike}")${READS()}`,
    );
  });

  test('a letter the table does not name is named by its code point and script', () => {
    expect(describeLetter('\u0436', 'Cyrillic')).toBe('U+0436 (Cyrillic)');
  });
});

describe('every script told apart by name', () => {
  test.each([
    [0x03bb, 'Greek'],
    [0x0561, 'Armenian'],
    [0x05d0, 'Hebrew'],
    [0x0628, 'Arabic'],
    [0x10d0, 'Georgian'],
    [0x13a0, 'Cherokee'],
    [0x2c81, 'Coptic'],
    [0xa4d0, 'Lisu'],
    [0x2d30, 'Tifinagh'],
    [0x0915, 'Devanagari'],
    [0x0995, 'Bengali'],
    [0x0e01, 'Thai'],
    [0x6f22, 'Han'],
    [0x3072, 'Hiragana'],
    [0x30ab, 'Katakana'],
    [0x3105, 'Bopomofo'],
    [0xd55c, 'Hangul'],
    [0x1200, 'another script'],
  ])('%d among Cyrillic letters is named %s', (cp, script) => {
    expect(mixedScriptProblem(`\u0436\u0436\u0436${String.fromCodePoint(cp)}`)).toBe(
      `mixes scripts in one word: ${hex(cp)} (${script}) at position 4 among Cyrillic letters${MIXES()}`,
    );
  });

  test('Cyrillic among Latin letters, and a letter of another script', () => {
    expect(mixedScriptProblem('abc\u0436')).toBe(`mixes scripts in one word: U+0436 (Cyrillic) at position 4 among Latin letters${MIXES()}`);
    expect(mixedScriptProblem('abc\u1200.')).toBe(`mixes scripts in one word: U+1200 (another script) at position 4 among Latin letters${MIXES()}`);
  });
});

describe('the East Asian mixes', () => {
  test.each([
    'ab\u6f22\u3072\u30ab',
    '\u6f22\u3072\u30ab',
    'ab\u6f22\u3105',
    '\u6f22\u3105',
    'ab\u6f22\ud55c',
    '\u6f22\ud55c',
    'ab\ud55c',
    'ab\u3105',
  ])('%j is allowed', (text) => {
    expect(mixedScriptProblem(text)).toBeUndefined();
  });

  test.each([
    ['\u3072\u3072\ud55c', 'U+D55C (Hangul) at position 3 among Hiragana letters'],
    ['\ud55c\ud55c\u3105', 'U+3105 (Bopomofo) at position 3 among Hangul letters'],
    ['\u6f22\u6f22\u0436', 'U+0436 (Cyrillic) at position 3 among Han letters'],
  ])('%j is refused', (text, listed) => {
    expect(mixedScriptProblem(text)).toBe(`mixes scripts in one word: ${listed}${MIXES()}`);
  });
});

describe('the edges of a message', () => {
  test.each([
    // [text, problem]
    ['\u0436a', `mixes scripts in one word: U+0436 (Cyrillic) at position 1 among Latin letters${MIXES()}`],
    ['a\u0436', `mixes scripts in one word: U+0436 (Cyrillic) at position 2 among Latin letters${MIXES()}`],
    ['\u0436\u0436a', `mixes scripts in one word: U+0061 (Latin) at position 3 among Cyrillic letters${MIXES()}`],
    [
      'x abcdefg\u0436\u0436\u0436',
      `mixes scripts in one word: U+0436 (Cyrillic) at position 10, U+0436 (Cyrillic) at position 11, U+0436 (Cyrillic) at position 12 among Latin letters${MIXES()}`,
    ],
    [
      'abcdefg\u0436\u0436\u0436\u0436\u0436',
      `mixes scripts in one word: U+0436 (Cyrillic) at position 8, U+0436 (Cyrillic) at position 9, U+0436 (Cyrillic) at position 10 and 2 more among Latin letters${MIXES()}`,
    ],
    // Digits and marks belong to no script; a word of digits reads as nothing else.
    ['m\u00fcnchen 123', undefined],
    ['m\u00fcnchen.', undefined],
    ['m\u00fcnchen \u0131\u0131', undefined],
    ['a1\u0301 \u00e9t\u00e9', undefined],
    // A word of look-alikes counts only among Latin words.
    ['\u0430\u0440\u0435', undefined],
    ['\u0430\u0440\u0435 \u0436\u0436', undefined],
    ['ab\u6f22 \u0430\u0440\u0435', `has the Cyrillic word at position 5 whose every letter looks like a Latin one (it reads as "ape")${READS()}`],
    ['ab \u0430\u0440\u0436', undefined],
    ['ab \u0430\u0440\u0435', `has the Cyrillic word at position 4 whose every letter looks like a Latin one (it reads as "ape")${READS()}`],
    ['plain ASCII: a-b.c', undefined],
  ])('%j', (text, problem) => {
    expect(mixedScriptProblem(text)).toBe(problem);
  });

  test('what names the kind of value', () => {
    expect(mixedScriptProblem('p\u0430y', 'host name')).toBe(
      `mixes scripts in one word: U+0430 CYRILLIC SMALL LETTER A (looks like "a") at position 2 among Latin letters${MIXES('host name')}`,
    );
    expect(mixedScriptProblem('go \u0430', 'namespace')).toBe(
      `has the Cyrillic word at position 4 whose every letter looks like a Latin one (it reads as "a")${READS('namespace')}`,
    );
  });

  test('asciiText writes every character outside printable ASCII by its code point', () => {
    expect(asciiText('p\u0430y \u{1f600}\n~')).toBe('p<U+0430>y <U+1F600><U+000A>~');
  });
});
