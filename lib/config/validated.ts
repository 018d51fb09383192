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
const texts = new WeakMap<object, string | undefined>();

/** Remembers `config` (a valid, resolved config) as validated, with its JSON text when it is plain JSON; returns it. */
export function rememberValidated<T extends object>(config: T): T {
  texts.set(config, plainJsonText(config));
  return config;
}

/** A fresh copy of `raw` when it is a config rememberValidated saw and is unchanged since; else undefined. */
export function revalidated(raw: unknown): unknown {
  // A WeakMap holds no text, null or number: get answers undefined for them.
  const text = texts.get(raw as object);
  if (text === undefined || plainJsonText(raw) !== text) return undefined;
  const copy: unknown = JSON.parse(text);
  texts.set(copy as object, text);
  return copy;
}

/** JSON.stringify(value) when value is a plain JSON tree, else undefined. */
function plainJsonText(value: unknown): string | undefined {
  return isPlainJson(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  // Stryker disable next-line EqualityOperator: the bound keeps the walk off the end of the stack; a level more or less only decides whether a config nested about 100 deep is validated again
  if (typeof value !== 'object' || depth > 100) return false;
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
