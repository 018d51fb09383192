/**
 * Text that is not what it looks like. Every string and mapping key of a config reaches a manifest, a file name or
 * INSTALL.md, so one walk over the raw document (before the schema) refuses control characters (NUL, ESC, a newline
 * in a one-line value), invisible characters (zero-width space and joiner, BOM, soft hyphen), bidirectional
 * controls, lone surrogates and padded or blank values, each with its path and the hidden character spelled out
 * (the rule itself is lib/util/hidden-text.ts, shared with flags and environment variables). Letters of two
 * scripts in one word of a name, host, URL or ID (a homoglyph, lib/util/mixed-script.ts) are refused in the same
 * walk, and so are numbers that JavaScript cannot hold exactly.
 */
import { ConfigIssue, formatPath } from './errors';
import { hiddenTextProblem, TextKind, visibleText } from '../util/hidden-text';
import { asciiText, mixedScriptProblem } from '../util/mixed-script';
import { INT32_MAX, portProblem } from '../util/rules';
import { PRIVATE_KEY_MARKER } from './secret-rules';

// The rule lives in util (flags and environment variables use it too); re-exported for existing importers.
export { describeCharacter, hiddenTextProblem, visibleText } from '../util/hidden-text';
export type { TextKind } from '../util/hidden-text';

/** Keys in chart values whose number Kubernetes reads as a port (containerPort, nodePort, DB_PORT, port). */
const PORT_KEY = /^port$|[a-z]Port$|_PORT$/;
/** Keys in chart values whose number Kubernetes reads as a replica count. */
const REPLICA_KEY = /^replicas$|^replicaCount$|[a-z]Replicas$/;

/** Fields of the schema that are maps of any keys (z.record) besides chart values: their keys reach manifests as written. */
const FREE_KEY_MAPS = new Set(['nodeSelector', 'podAnnotations', 'matchLabels']);

/**
 * Fields of free text, where letters of several scripts in one word are a person's name, not a homoglyph: the
 * administrator's first and last name, and the values of pod annotations. Every other one-line field is a name, a
 * host, a URL, an ID or a path, held to mixedScriptProblem.
 */
const FREE_TEXT_FIELDS = new Set(['firstName', 'lastName']);
const FREE_TEXT_MAPS = new Set(['podAnnotations']);

function isFreeText(at: readonly (string | number)[]): boolean {
  return FREE_TEXT_FIELDS.has(String(at[at.length - 1])) || FREE_TEXT_MAPS.has(String(at[at.length - 2]));
}

/**
 * Every string, chart-values key and number of `raw` that is not what it looks like, with its path. Chart values
 * (`values`) are free text and a PEM (`jwtPublicKey`) has lines (see TextKind); a string in chart values is not
 * shown (it may be a secret the value scan did not recognise). One-line values outside free text are also held to
 * mixedScriptProblem.
 */
export function findHiddenText(raw: unknown): ConfigIssue[] {
  const found: ConfigIssue[] = [];
  // One path, extended and shortened as the walk goes (copied only for an issue): configs reach megabytes.
  const at: (string | number)[] = [];
  const walk = (value: unknown, inValues: boolean): void => {
    const last = at[at.length - 1];
    if (typeof value === 'string') {
      const kind: TextKind = inValues ? 'free' : last === 'jwtPublicKey' ? 'lines' : 'line';
      const problem = hiddenTextProblem(value, kind);
      // A private key is reported (never shown) by findPrivateKeys.
      if (PRIVATE_KEY_MARKER.test(value)) return;
      if (problem) {
        found.push({ path: visiblePath(at), value: inValues ? '(text in chart values, not shown)' : visibleText(value, kind), rule: problem });
        return;
      }
      // A homoglyph is shown by code point: as written it looks like the name it imitates.
      const homoglyph = kind === 'line' && !isFreeText(at) ? mixedScriptProblem(value, 'value') : undefined;
      if (homoglyph) found.push({ path: visiblePath(at), value: asciiText(value), rule: homoglyph });
      return;
    }
    if (typeof value === 'number') {
      const problem = numberProblem(value, inValues ? String(last) : undefined);
      if (problem) found.push({ path: visiblePath(at), value, rule: problem });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        at.push(i);
        walk(v, inValues);
        at.pop();
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      at.push(key);
      // Outside chart values and the schema's free maps (FREE_KEY_MAPS) every key is a field of the schema, which
      // names a key it does not know, escaped, with the field meant; a free map takes any key, so its keys are
      // checked here.
      const hidden = inValues || FREE_KEY_MAPS.has(String(last)) ? hiddenTextProblem(key, 'line', 'key') : undefined;
      if (hidden && !PRIVATE_KEY_MARKER.test(key)) found.push({ path: visiblePath(at), value: visibleText(key), rule: `is a mapping key that ${hidden}` });
      // A chart release's `values` mapping is free text; a `values` list (an affinity matchExpression's) is not.
      walk(child, inValues || (key === 'values' && !!child && typeof child === 'object' && !Array.isArray(child)));
      at.pop();
    }
  };
  walk(raw, false);
  return found;
}

/** A dotted path whose keys show their hidden characters (as every issue path of checkConfig does). */
export function visiblePath(at: readonly (string | number)[]): string {
  return visibleText(formatPath(at));
}

/** Why a number cannot be written as given: beyond what JavaScript holds exactly, or (in chart values, by key) not a port or replica count. */
function numberProblem(value: number, valuesKey: string | undefined): string | undefined {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return `is beyond ${Number.MAX_SAFE_INTEGER}: YAML and JSON readers round it, so another number would be written; quote it if it is text`;
  }
  if (valuesKey === undefined) return undefined;
  if (PORT_KEY.test(valuesKey) && portProblem(value)) return portProblem(value);
  if (REPLICA_KEY.test(valuesKey) && !(Number.isInteger(value) && value >= 0 && value <= INT32_MAX)) {
    return `must be an integer replica count between 0 and ${INT32_MAX} (Kubernetes stores it as a 32-bit integer)`;
  }
  return undefined;
}
