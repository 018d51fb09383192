/**
 * Text that is not what it looks like: control characters (NUL, ESC, a newline in a one-line value), invisible
 * characters (zero-width space and joiner, BOM, soft hyphen), bidirectional controls, lone surrogates and padded or
 * blank values. One rule for every input: config strings (lib/config/hidden-text.ts walks the document), command
 * line flag values, environment variables and the secret values read from them. A message names each character
 * by code point and name, never by showing it.
 */
/** Names of the characters most likely to be pasted by accident or planted on purpose. */
const CHARACTER_NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x07: 'BELL',
  0x08: 'BACKSPACE',
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x85: 'NEXT LINE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x34f: 'COMBINING GRAPHEME JOINER',
  0x61c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2007: 'FIGURE SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xfffd: 'REPLACEMENT CHARACTER (what bytes that are not UTF-8 decode to)',
};

/**
 * Unicode's Default_Ignorable_Code_Point set: characters that render as nothing (joiners, fillers, variation
 * selectors, tag characters, and the code points reserved to join them, so that the set does not depend on the
 * Unicode version of the running Node).
 */
const DEFAULT_IGNORABLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]/u;

/** Unicode's space separators (Zs) other than the ASCII space. */
const OTHER_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;

/**
 * What text a field holds: `line`, one line (names, URLs, IDs: the default); `lines`, several lines (a PEM: line
 * breaks, also CRLF, and surrounding whitespace are fine); `free`, free text (chart values: tabs and non-ASCII
 * spaces too).
 */
export type TextKind = 'line' | 'lines' | 'free';

/** How a character hides, or undefined when it is ordinary text of that kind. */
function hiddenKind(char: string, next: string | undefined, text: TextKind): string | undefined {
  const cp = char.codePointAt(0)!;
  if (cp >= 0xd800 && cp <= 0xdfff) return 'a lone surrogate (half of a UTF-16 pair)';
  if (/\p{Cc}/u.test(char)) {
    if (text !== 'line' && (cp === 0x0a || (cp === 0x0d && next === '\n'))) return undefined;
    if (text === 'free' && cp === 0x09) return undefined;
    return 'a control character';
  }
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(char)) return 'a bidirectional control';
  if (/\p{Cf}/u.test(char) || DEFAULT_IGNORABLE.test(char)) return 'an invisible character';
  if (/[\u2028\u2029]/.test(char)) return 'a line separator';
  if (/\p{Co}/u.test(char) || cp === 0xfffd || (cp & 0xfffe) === 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) return 'a character that stands for no text';
  if (text !== 'free' && OTHER_SPACES.test(char)) return 'a space other than the ASCII space';
  return undefined;
}

/** `U+200B ZERO WIDTH SPACE`: the code point and, when known, its name. */
export function describeCharacter(char: string): string {
  const cp = char.codePointAt(0)!;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[cp];
  return name ? `${code} ${name}` : code;
}

/** One hidden character: what it is, how it hides and where (position counted in characters from 1). */
interface Hidden {
  readonly char: string;
  readonly kind: string;
  readonly position: number;
}

/** Noncharacters U+xFFFE and U+xFFFF of every plane. */
const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => `\\u{${(plane * 0x10000 + 0xfffe).toString(16)}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`)
  // Stryker disable next-line StringLiteral: other characters joined into the class only become candidates, which hiddenKind lets through
  .join('');

/**
 * Every character hiddenKind may refuse, so that only those are looked at: a walk over megabytes of ordinary text
 * runs one regular expression per string instead of several per character.
 */
const CANDIDATE = new RegExp(`[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}${OTHER_SPACES.source.slice(1, -1)}\\p{Zl}\\p{Zp}\\ufffd\\ufdd0-\\ufdef${PLANE_ENDS}${DEFAULT_IGNORABLE.source.slice(1, -1)}]`, 'gu');

/** Printable ASCII only: nothing can hide (a shortcut: CANDIDATE finds nothing in it either). */
// Stryker disable next-line Regex: a shortcut only; text it does not take is searched for candidates and has none
const PLAIN = /^[\x20-\x7e]*$/;

/** Code points in `text` (a surrogate pair is one). */
const codePoints = (text: string): number => text.length - (text.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);

function hiddenCharacters(text: string, kind: TextKind): Hidden[] {
  // Stryker disable next-line ConditionalExpression: a shortcut only (see PLAIN)
  if (PLAIN.test(text)) return [];
  const found: Hidden[] = [];
  // Positions count code points; counted between candidates, so the whole text is counted once.
  let position = 0;
  let counted = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    position += codePoints(text.slice(counted, match.index)) + 1;
    counted = match.index + match[0].length;
    const how = hiddenKind(match[0], text[counted], kind);
    if (how) found.push({ char: match[0], kind: how, position });
  }
  return found;
}

/** `text` with every hidden character written as `<U+200B>`, so that a message shows it instead of hiding it. */
export function visibleText(text: string, kind: TextKind = 'line'): string {
  // Stryker disable next-line ConditionalExpression: a shortcut only (see PLAIN)
  if (PLAIN.test(text)) return text;
  return text.replace(CANDIDATE, (char: string, offset: number) =>
    hiddenKind(char, text[offset + char.length], kind) ? `<${describeCharacter(char).split(' ')[0]}>` : char,
  );
}

/** At most this many hidden characters are listed per value; the rest are counted. */
const LISTED = 3;

/** Why `text` hides what it is, or undefined; blank and padded text counts only for one line. */
export function hiddenTextProblem(text: string, kind: TextKind, what = 'value'): string | undefined {
  const hidden = hiddenCharacters(text, kind);
  if (hidden.length > 0) {
    const listed = hidden.slice(0, LISTED).map((h) => `${describeCharacter(h.char)} (${h.kind}) at position ${h.position}`);
    const more = hidden.length > LISTED ? ` and ${hidden.length - LISTED} more` : '';
    return (
      `contains ${listed.join(', ')}${more}: control, invisible and bidirectional characters are refused, as they make a ${what} ` +
      'differ from what it looks like (or end a line where one is expected); retype it'
    );
  }
  if (kind !== 'line') return undefined;
  if (text !== '' && text.trim() === '') return `is only whitespace: give a ${what} or remove the field`;
  if (text !== text.trim()) return `has whitespace at its ${/^\s/.test(text) ? 'start' : 'end'}: remove it (it would become part of the ${what})`;
  return undefined;
}
