/**
 * How a mapping key is shown in a message when it is not what it looks like: an unknown key with an invisible
 * character (a zero-width space) or a letter from another script that looks like a Latin one (Cyrillic "а") is named
 * with each such character (code point and name) and the known field it resembles. Keys themselves are escaped by
 * formatPath (errors.ts), so no message prints an invisible character.
 */
import type { z } from 'zod';

/** Characters that hide in a key, with what they look like (nothing, for the invisible ones). */
const LOOKALIKES: Record<number, [name: string, looksLike?: string]> = {
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

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** One sentence part per character of `key` outside printable ASCII, such as `U+200B ZERO WIDTH SPACE (invisible)`. */
export function hiddenCharacters(key: string): string[] {
  const seen = new Set<number>();
  const out: string[] = [];
  for (const ch of key) {
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x20 && cp < 0x7f) || seen.has(cp)) continue;
    seen.add(cp);
    const known = LOOKALIKES[cp];
    if (known) out.push(`${hex(cp)} ${known[0]} (${known[1] === undefined ? 'invisible' : `looks like "${known[1]}"`})`);
    else if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) out.push(`${hex(cp)} (a control or invisible character)`);
    else if (/\s/u.test(ch)) out.push(`${hex(cp)} (a space that is not " ")`);
    else out.push(`${hex(cp)} (not ASCII)`);
  }
  return out;
}

/** `key` as a reader would take it: invisible characters dropped, look-alike letters as the Latin ones, lowercase. */
function skeleton(key: string): string {
  let out = '';
  for (const ch of key.normalize('NFKC')) {
    const known = LOOKALIKES[ch.codePointAt(0)!];
    if (known) out += known[1]?.trim() ?? '';
    else if (!/[\p{Cc}\p{Cf}\s]/u.test(ch)) out += ch;
  }
  return out.toLowerCase();
}

/** Edit distance (insertions, deletions, substitutions) of two short strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/**
 * The known field `key` was most likely meant to be: the one it reads as once hidden characters are dropped and
 * look-alike letters read as Latin, else the one within a small edit distance (a typo), else undefined.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const target = skeleton(key);
  const same = known.find((k) => k.toLowerCase() === target);
  if (same !== undefined) return same;
  // Keys too long to be a typo of a field are not compared (the distance is quadratic in the length).
  if (target.length > 64) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(target, k.toLowerCase());
    if (d <= Math.max(1, Math.floor(k.length / 4)) && d < k.length && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

/** The rule for an unknown `key`: which hidden characters it holds, and the known field it resembles. */
export function unknownKeyRule(key: string, known: readonly string[]): string {
  const hidden = hiddenCharacters(key);
  const nearest = nearestKey(key, known);
  const contains = hidden.length > 0 ? `: its name contains ${hidden.join(', ')}` : '';
  const meant = nearest !== undefined ? `; did you mean ${nearest}?` : ' (check the spelling against the config reference)';
  return `is not a known field${contains}${meant}`;
}

type Schema = z.core.$ZodType;

/** The fields of the mapping that `schema` expects at `path` (through optional, default, list and union wrappers). */
export function knownKeysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const visit = (s: Schema | undefined, rest: readonly PropertyKey[], depth: number): void => {
    if (!s || depth > 64) return;
    const def = s._zod.def as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    switch (def.type) {
      case 'object':
        if (rest.length === 0) Object.keys(def.shape).forEach((k) => keys.add(k));
        else visit(def.shape[String(rest[0])], rest.slice(1), depth + 1);
        return;
      case 'array':
        if (rest.length > 0) visit(def.element, rest.slice(1), depth + 1);
        return;
      case 'record':
        if (rest.length > 0) visit(def.valueType, rest.slice(1), depth + 1);
        return;
      case 'union':
        for (const option of def.options) visit(option, rest, depth + 1);
        return;
      case 'pipe':
        visit(def.in, rest, depth + 1);
        return;
      default:
        if (def.innerType) visit(def.innerType, rest, depth + 1);
    }
  };
  visit(schema, path, 0);
  return [...keys];
}

/** Keys that JavaScript or cdk8s read as machinery rather than data (a Map: `__proto__` in an object literal is the prototype). */
const MACHINERY_KEYS = new Map<string, string>([
  ['__proto__', 'must not be used as a key: JavaScript reads __proto__ as the object\'s prototype, so its value would be dropped without a word'],
  ['constructor', 'must not be used as a key: cdk8s reads "constructor" as the object\'s class when it writes a manifest and fails; no chart value or field can be named so'],
]);

/** Every mapping key of `raw` that would not survive as data (`__proto__`, `constructor`), with its path. */
export function findMachineryKeys(raw: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown; rule: string }[] {
  if (Array.isArray(raw)) return raw.flatMap((v, i) => findMachineryKeys(v, [...at, i]));
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw).flatMap(([k, v]) =>
    MACHINERY_KEYS.has(k) ? [{ path: [...at, k], value: v, rule: MACHINERY_KEYS.get(k)! }] : findMachineryKeys(v, [...at, k]),
  );
}
