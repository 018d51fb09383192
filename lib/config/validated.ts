/**
 * Configs that parseConfig has already validated, so that validating its own result again (loadConfigFile's
 * result passed on to CodeCanvasInstallation, which validates whatever it is given) costs a comparison instead of
 * a second pass of every rule over every cluster.
 *
 * A result is remembered with its JSON text. It is reused only while the object still has exactly that text
 * (it may have been changed since), and only for a plain JSON tree, where the text says everything about it
 * (no undefined, function, Date, class instance or non-finite number, which JSON would drop or rewrite). The
 * schema has no transforms, so validating a valid result gives it back unchanged: the reused text, parsed again,
 * is that same config as a fresh object, as a second validation would return.
 */
const texts = new WeakMap<object, string>();

/** Remembers `config` (a valid, resolved config) as validated; returns it. */
export function rememberValidated<T>(config: T): T {
  const text = config !== null && typeof config === 'object' ? plainJsonText(config) : undefined;
  if (text !== undefined) texts.set(config as object, text);
  return config;
}

/** A fresh copy of `raw` when it is a config rememberValidated saw and is unchanged since; else undefined. */
export function revalidated(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object') return undefined;
  const text = texts.get(raw);
  if (text === undefined || plainJsonText(raw) !== text) return undefined;
  const copy: unknown = JSON.parse(text);
  texts.set(copy as object, text);
  return copy;
}

/** JSON.stringify(value) when value is a plain JSON tree, else undefined. */
function plainJsonText(value: object): string | undefined {
  return isPlainJson(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 100) return false;
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
