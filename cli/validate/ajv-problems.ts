/** ajv errors -> problems: one readable message per failure, with union branches folded into one message. */
import type { ErrorObject } from 'ajv';
import { escapePointer } from './json';
import { unknownFieldMessage, ValuesProblem } from './problems';

export function ajvProblems(errors: readonly ErrorObject[]): ValuesProblem[] {
  // An anyOf/oneOf whose branches all failed on the value itself (int-or-string, a Quantity's number-or-string, ...)
  // becomes one message instead of one per branch plus "must match a schema in anyOf".
  const absorbed = new Set<ErrorObject>();
  const unions = new Map<ErrorObject, string>();
  errors.forEach((e, index) => {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return;
    // e itself is never below its own schemaPath.
    let branches = errors.filter((x) => x.schemaPath.startsWith(`${e.schemaPath}/`));
    if (branches.length === 0) {
      // kubernetes-models' compiled validators report branch errors relative to the branch (`#/type`): take the run
      // of errors just before this one at the same place (ajv reports branches first).
      let start = index;
      while (start > 0 && errors[start - 1].instancePath === e.instancePath && !absorbed.has(errors[start - 1])) start--;
      branches = errors.slice(start, index).filter((x) => x.keyword !== 'anyOf' && x.keyword !== 'oneOf');
    }
    if (branches.length === 0 || !branches.every((x) => x.instancePath === e.instancePath)) return;
    branches.forEach((x) => absorbed.add(x));
    unions.set(
      e,
      branches.every((x) => x.keyword === 'type')
        ? `must be of type ${[...new Set(branches.flatMap((x) => typeNames(x.params.type)))].join(' or ')}`
        : `must satisfy one of: ${[...new Set(branches.map((x) => ajvProblem(x).message))].join('; or ')}`,
    );
  });
  const seen = new Set<string>();
  const out: ValuesProblem[] = [];
  for (const e of errors) {
    if (absorbed.has(e)) continue;
    const union = unions.get(e);
    const problem = union ? { path: e.instancePath, message: union } : ajvProblem(e);
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

const typeNames = (t: unknown): string[] => (Array.isArray(t) ? t.map(String) : String(t).split(','));

function ajvProblem(e: ErrorObject): ValuesProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { path: `${e.instancePath}/${escapePointer(key)}`, message: unknownFieldMessage(key) };
    }
    case 'required':
      return { path: `${e.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required' };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: e.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path: e.instancePath, message: `must be of type ${typeNames(params.type).join(' or ')}` };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}
