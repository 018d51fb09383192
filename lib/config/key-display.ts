/**
 * How a mapping key is shown in a message when it is not what it looks like: an unknown key with an invisible
 * character (a zero-width space) or a letter from another script that looks like a Latin one (Cyrillic "а") is named
 * with each such character (code point and name) and the known field it resembles. Keys themselves are escaped by
 * formatPath (errors.ts), so no message prints an invisible character.
 */
import type { z } from 'zod';
import { LOOKALIKES } from '../util/mixed-script';

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
