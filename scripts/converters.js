// The converters that `cdk8s import` generates (the `toJson_*` functions of cdk8s-plus-28's k8s bindings and of our
// imports/) each end by dropping the undefined fields of the object they built:
//
//   Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
//
// which copies the object built so far once per field it keeps: quadratic in the fields, and a tenth of a large
// synth's time. The bundles synth runs from (scripts/run-ts.js's for `npm run synth`, scripts/bundle-cli.js's for the
// installed bin) have that expression rewritten as a call of one linear function that gives the same object: the same
// own properties, with the same values, in the same order, an own `__proto__` key included. Nothing else changes; the
// library's unbundled build (build/lib, build/imports) keeps the generated code as it is.
'use strict';

/** The expression above as esbuild prints it, with or without whitespace minification; group 1 is its argument. */
const PATTERN =
  /Object\.entries\(([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\)\.reduce\(\(r,\s*i\)\s*=>\s*\(?\s*i\[1\]\s*===\s*(?:void 0|undefined)\s*\)?\s*\?\s*r\s*:\s*\(?\s*\{\s*\.\.\.r,\s*\[i\[0\]\]:\s*i\[1\]\s*\}\s*\)?\s*,\s*\{\}\s*\)/g;

const HELPER_NAME = '__codecanvasDefinedFields';

/**
 * The object's own enumerable string-keyed properties whose value is not undefined, in their order, as a new plain
 * object (what the reduce above returns). A `__proto__` key is defined as an own property, as the spread of a
 * computed key defines it, instead of being assigned (which would set the prototype). Kept as source text: it is
 * appended to the bundles as it is, and `definedFields` below is made from the same text.
 */
const HELPER_SOURCE = `function ${HELPER_NAME}(o) {
  const r = {};
  const keys = Object.keys(o);
  for (let n = 0; n < keys.length; n++) {
    const k = keys[n];
    const v = o[k];
    if (v === undefined) continue;
    if (k === '__proto__') Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
    else r[k] = v;
  }
  return r;
}`;

/** The function the bundles get, for the tests. */
// eslint-disable-next-line no-new-func
const definedFields = new Function(`${HELPER_SOURCE}\nreturn ${HELPER_NAME};`)();

/**
 * `code` (a bundle) with every converter's reduce replaced by a call of definedFields, defined once at the end of the
 * file (a function declaration: hoisted, so every module of the bundle sees it). Returns the code and how many were
 * replaced.
 */
function rewriteConverters(code) {
  let count = 0;
  const rewritten = code.replace(PATTERN, (_whole, arg) => {
    count++;
    return `${HELPER_NAME}(${arg})`;
  });
  if (count === 0) return { code, count };
  return { code: `${rewritten}\n${HELPER_SOURCE}\n`, count };
}

module.exports = { definedFields, rewriteConverters, PATTERN, HELPER_NAME };
