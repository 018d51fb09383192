/**
 * Letters that are not what they read as: a value that mixes scripts, such as a Cyrillic "а" (U+0430) among Latin
 * letters in a host name, a namespace, a URL's host, an image name or an e-mail domain, reads as one name and is
 * another. Checked word by word (a word is a run of letters, marks and digits), as UTS #39 checks domain labels:
 * a word whose letters come from two scripts is refused, except the combinations East Asian writing uses (Han with
 * Hiragana and Katakana, with Bopomofo, or with Hangul, each also with Latin); so is a word written wholly in
 * another script whose every letter looks like a Latin one ("аре" in Cyrillic) when the value has Latin letters
 * elsewhere. An internationalized domain name can always be written in its ASCII (xn--) form. Script membership
 * comes from Unicode's Script property (\p{Script=...} of the running Node).
 */

/** Characters that hide in a key or a value, with what they look like (nothing, for the invisible ones). */
export const LOOKALIKES: Record<number, [name: string, looksLike?: string]> = {
  0x00a0: ['NO-BREAK SPACE', ' '],
  0x00ad: ['SOFT HYPHEN'],
  0x034f: ['COMBINING GRAPHEME JOINER'],
  0x061c: ['ARABIC LETTER MARK'],
  0x180e: ['MONGOLIAN VOWEL SEPARATOR'],
  0x200b: ['ZERO WIDTH SPACE'],
  0x200c: ['ZERO WIDTH NON-JOINER'],
  0x200d: ['ZERO WIDTH JOINER'],
  0x200e: ['LEFT-TO-RIGHT MARK'],
  0x200f: ['RIGHT-TO-LEFT MARK'],
  0x202a: ['LEFT-TO-RIGHT EMBEDDING'],
  0x202b: ['RIGHT-TO-LEFT EMBEDDING'],
  0x202c: ['POP DIRECTIONAL FORMATTING'],
  0x202d: ['LEFT-TO-RIGHT OVERRIDE'],
  0x202e: ['RIGHT-TO-LEFT OVERRIDE'],
  0x2060: ['WORD JOINER'],
  0x2066: ['LEFT-TO-RIGHT ISOLATE'],
  0x2067: ['RIGHT-TO-LEFT ISOLATE'],
  0x2068: ['FIRST STRONG ISOLATE'],
  0x2069: ['POP DIRECTIONAL ISOLATE'],
  0xfeff: ['ZERO WIDTH NO-BREAK SPACE'],
  0x0430: ['CYRILLIC SMALL LETTER A', 'a'],
  0x0432: ['CYRILLIC SMALL LETTER VE', 'b'],
  0x0435: ['CYRILLIC SMALL LETTER IE', 'e'],
  0x043a: ['CYRILLIC SMALL LETTER KA', 'k'],
  0x043c: ['CYRILLIC SMALL LETTER EM', 'm'],
  0x043d: ['CYRILLIC SMALL LETTER EN', 'h'],
  0x043e: ['CYRILLIC SMALL LETTER O', 'o'],
  0x0440: ['CYRILLIC SMALL LETTER ER', 'p'],
  0x0441: ['CYRILLIC SMALL LETTER ES', 'c'],
  0x0442: ['CYRILLIC SMALL LETTER TE', 't'],
  0x0443: ['CYRILLIC SMALL LETTER U', 'y'],
  0x0445: ['CYRILLIC SMALL LETTER HA', 'x'],
  0x0455: ['CYRILLIC SMALL LETTER DZE', 's'],
  0x0456: ['CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i'],
  0x0458: ['CYRILLIC SMALL LETTER JE', 'j'],
  0x04bb: ['CYRILLIC SMALL LETTER SHHA', 'h'],
  0x0501: ['CYRILLIC SMALL LETTER KOMI DE', 'd'],
  0x051b: ['CYRILLIC SMALL LETTER QA', 'q'],
  0x051d: ['CYRILLIC SMALL LETTER WE', 'w'],
  0x0410: ['CYRILLIC CAPITAL LETTER A', 'A'],
  0x0412: ['CYRILLIC CAPITAL LETTER VE', 'B'],
  0x0415: ['CYRILLIC CAPITAL LETTER IE', 'E'],
  0x041a: ['CYRILLIC CAPITAL LETTER KA', 'K'],
  0x041c: ['CYRILLIC CAPITAL LETTER EM', 'M'],
  0x041d: ['CYRILLIC CAPITAL LETTER EN', 'H'],
  0x041e: ['CYRILLIC CAPITAL LETTER O', 'O'],
  0x0420: ['CYRILLIC CAPITAL LETTER ER', 'P'],
  0x0421: ['CYRILLIC CAPITAL LETTER ES', 'C'],
  0x0422: ['CYRILLIC CAPITAL LETTER TE', 'T'],
  0x0425: ['CYRILLIC CAPITAL LETTER HA', 'X'],
  0x0406: ['CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I', 'I'],
  0x0408: ['CYRILLIC CAPITAL LETTER JE', 'J'],
  0x0405: ['CYRILLIC CAPITAL LETTER DZE', 'S'],
  0x03b1: ['GREEK SMALL LETTER ALPHA', 'a'],
  0x03b9: ['GREEK SMALL LETTER IOTA', 'i'],
  0x03bd: ['GREEK SMALL LETTER NU', 'v'],
  0x03bf: ['GREEK SMALL LETTER OMICRON', 'o'],
  0x03c1: ['GREEK SMALL LETTER RHO', 'p'],
  0x03c5: ['GREEK SMALL LETTER UPSILON', 'u'],
  0x0391: ['GREEK CAPITAL LETTER ALPHA', 'A'],
  0x0392: ['GREEK CAPITAL LETTER BETA', 'B'],
  0x0395: ['GREEK CAPITAL LETTER EPSILON', 'E'],
  0x0396: ['GREEK CAPITAL LETTER ZETA', 'Z'],
  0x0397: ['GREEK CAPITAL LETTER ETA', 'H'],
  0x0399: ['GREEK CAPITAL LETTER IOTA', 'I'],
  0x039a: ['GREEK CAPITAL LETTER KAPPA', 'K'],
  0x039c: ['GREEK CAPITAL LETTER MU', 'M'],
  0x039d: ['GREEK CAPITAL LETTER NU', 'N'],
  0x039f: ['GREEK CAPITAL LETTER OMICRON', 'O'],
  0x03a1: ['GREEK CAPITAL LETTER RHO', 'P'],
  0x03a4: ['GREEK CAPITAL LETTER TAU', 'T'],
  0x03a5: ['GREEK CAPITAL LETTER UPSILON', 'Y'],
  0x03a7: ['GREEK CAPITAL LETTER CHI', 'X'],
  0x0131: ['LATIN SMALL LETTER DOTLESS I', 'i'],
};

/** The scripts told apart by name; a letter of any other script is named by its code point. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Georgian', 'Cherokee', 'Coptic', 'Lisu', 'Tifinagh',
  'Devanagari', 'Bengali', 'Thai', 'Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));

/** Letters of no particular script: digits, punctuation, combining marks. */
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** Script sets that East Asian writing combines on purpose (UTS #39 "highly restrictive", with Latin). */
const ALLOWED_MIXES: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

/** The script of a letter: one of SCRIPTS by name, "another script" for the rest, undefined for none (digits, marks). */
function scriptOf(char: string): string | undefined {
  if (NO_SCRIPT.test(char)) return undefined;
  return SCRIPTS.find((s) => s.pattern.test(char))?.name ?? 'another script';
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** `U+0430 CYRILLIC SMALL LETTER A (looks like "a")`, or `U+0436 (Cyrillic)` for a letter the table does not name. */
export function describeLetter(char: string, script: string): string {
  const cp = char.codePointAt(0)!;
  const known = LOOKALIKES[cp];
  return known ? `${hex(cp)} ${known[0]}${known[1] === undefined ? '' : ` (looks like "${known[1]}")`}` : `${hex(cp)} (${script})`;
}

/** A word of a value: the position of its first character (code points, from 1) and its letters' scripts. */
interface Word {
  readonly position: number;
  readonly letters: { char: string; script: string; position: number }[];
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let position = 0;
  let current: Word | undefined;
  for (const char of text) {
    position += 1;
    if (/[\p{L}\p{M}\p{N}]/u.test(char)) {
      current ??= { position, letters: [] };
      const script = scriptOf(char);
      if (script) current.letters.push({ char, script, position });
    } else if (current) {
      words.push(current);
      current = undefined;
    }
  }
  if (current) words.push(current);
  return words;
}

/** At most this many letters are listed per value; the rest are counted. */
const LISTED = 3;

/**
 * Why `text` is not what it reads as (letters of two scripts in one word, or a word of look-alike letters of another
 * script among Latin ones), or undefined. `what` names the kind of value in the sentence.
 */
export function mixedScriptProblem(text: string, what = 'name'): string | undefined {
  // Printable ASCII is one script (a shortcut: its words have only Latin letters).
  // Stryker disable next-line ConditionalExpression,Regex: a shortcut only; ASCII text it does not take has no problem either
  if (/^[\x20-\x7e]*$/.test(text)) return undefined;
  const words = wordsOf(text);
  const hasLatin = words.some((w) => w.letters.some((l) => l.script === 'Latin'));
  for (const word of words) {
    const scripts = [...new Set(word.letters.map((l) => l.script))];
    if (scripts.length > 1 && !ALLOWED_MIXES.some((mix) => scripts.every((s) => mix.includes(s)))) {
      // The letters of the scripts that are fewer in the word are the suspects (the Cyrillic "а" in a Latin word).
      const count = (script: string) => word.letters.filter((l) => l.script === script).length;
      const main = scripts.reduce((a, b) => (count(b) > count(a) || (count(b) === count(a) && b === 'Latin') ? b : a));
      const odd = word.letters.filter((l) => l.script !== main);
      const listed = odd.slice(0, LISTED).map((l) => `${describeLetter(l.char, l.script)} at position ${l.position}`);
      const more = odd.length > LISTED ? ` and ${odd.length - LISTED} more` : '';
      return (
        `mixes scripts in one word: ${listed.join(', ')}${more} among ${main} letters; a letter of another script that looks like one of ` +
        `yours makes a ${what} read as something it is not (a homoglyph); retype it in one script (an international domain name in its xn-- form)`
      );
    }
    if (hasLatin && scripts.length === 1 && scripts[0] !== 'Latin' && word.letters.every((l) => LOOKALIKES[l.char.codePointAt(0)!]?.[1] !== undefined)) {
      const reads = word.letters.map((l) => LOOKALIKES[l.char.codePointAt(0)!][1]).join('');
      return (
        `has the ${scripts[0]} word at position ${word.position} whose every letter looks like a Latin one (it reads as "${reads}"), among Latin words: ` +
        `a homoglyph makes a ${what} read as something it is not; retype it in one script (an international domain name in its xn-- form)`
      );
    }
  }
  return undefined;
}

/** `text` with every character outside printable ASCII written as `<U+0430>`, so that a message shows which letter is which. */
export function asciiText(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (char) => `<${hex(char.codePointAt(0)!)}>`);
}
