// The converters that `cdk8s import` generates (the `toJson_*` functions of cdk8s-plus-28's k8s bindings and of our
// imports/) each end by dropping the undefined fields of the object they built:
//
//   Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
//
// which copies the object built so far once per field it keeps: quadratic in the fields, and a tenth of a large
// synth's time. The bundles synth runs from (scripts/run-ts.js's for `npm run synth`, scripts/bundle-cli.js's for the
// installed bin) have that expression rewritten as a call of one linear function that gives the same object: the same
// own properties, with the same values, in the same order, an own `__proto__` key included.
//
// Each generated class also builds its object by spreading its group, version and kind (GVK) and then the props, in
// its constructor, in `manifest` and in `toJson`:
//
//   { ...KubeService.GVK, ...props }        { ...KubeService.GVK, ...toJson_KubeServiceProps(resolved) }
//
// Node 20's V8 (11.3) gives the object of every such spread a hidden class of its own instead of sharing one per
// shape: a new map and descriptor array for each property of each object, and every later read of those objects
// megamorphic. Counted with `node --log-maps`: about 80 new maps per dev-environment cluster of a synth, on these
// spreads alone. The bundles have each of these spreads rewritten as a call of one function that copies the two
// objects' own enumerable properties into a new object by plain assignment (shared hidden classes), with what a
// spread gives: the same keys in the same order (strings, then symbols), the same values, an own `__proto__` key
// kept as one, a null or undefined source skipped.
//
// Nothing else changes; the library's unbundled build (build/lib, build/imports) keeps the generated code as it is.
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
 * The generated classes' spread of their GVK and props (above), as esbuild prints it plain and whitespace-minified:
 * group 1 is the GVK (`Name.GVK`), group 2 the props (`props`, or a converter's call `toJson_X(props)`).
 */
const GVK_SPREAD = /\{\s*\.\.\.([A-Za-z_$][\w$]*\.GVK),\s*\.\.\.((?:[A-Za-z_$][\w$]*\()?[A-Za-z_$][\w$]*\)?),?\s*\}/g;

const SPREAD_NAME = '__codecanvasSpread';

/**
 * `{ ...a, ...b }`: the own enumerable properties of `a` and then of `b` (string keys in their order, then symbols),
 * each read once and defined on a new plain object; a key of `b` that `a` has too keeps `a`'s place with `b`'s value;
 * an own `__proto__` key is defined as an own property, as a spread defines it (an assignment would set the
 * prototype); null and undefined give nothing. Kept as source text, like definedFields.
 */
const SPREAD_SOURCE = `function ${SPREAD_NAME}(a, b) {
  const r = {};
  for (let s = 0; s < 2; s++) {
    const o = s === 0 ? a : b;
    if (o === null || o === undefined) continue;
    const keys = Object.keys(o);
    for (let n = 0; n < keys.length; n++) {
      const k = keys[n];
      const v = o[k];
      if (k === '__proto__') Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
      else r[k] = v;
    }
    const symbols = Object.getOwnPropertySymbols(o);
    for (let n = 0; n < symbols.length; n++) if (Object.prototype.propertyIsEnumerable.call(o, symbols[n])) r[symbols[n]] = o[symbols[n]];
  }
  return r;
}`;

/** The function the bundles get, for the tests. */
// eslint-disable-next-line no-new-func
const spread = new Function(`${SPREAD_SOURCE}\nreturn ${SPREAD_NAME};`)();

/**
 * `code` (a bundle) with every converter's reduce replaced by a call of definedFields, and every generated class's
 * GVK spread by a call of spread, each function defined once at the end of the file (a function declaration:
 * hoisted, so every module of the bundle sees it), only when used. Returns the code, how many reduces (`count`) and
 * how many spreads (`spreads`) were replaced.
 */
function rewriteConverters(code) {
  let count = 0;
  let spreads = 0;
  const rewritten = code
    .replace(PATTERN, (_whole, arg) => {
      count++;
      return `${HELPER_NAME}(${arg})`;
    })
    // In parentheses: `return{...}` has no space before the brace once whitespace is minified.
    .replace(GVK_SPREAD, (_whole, gvk, props) => {
      spreads++;
      return `(${SPREAD_NAME}(${gvk}, ${props}))`;
    });
  const helpers = [...(count > 0 ? [HELPER_SOURCE] : []), ...(spreads > 0 ? [SPREAD_SOURCE] : [])];
  if (helpers.length === 0) return { code, count, spreads };
  return { code: `${rewritten}\n${helpers.join('\n')}\n`, count, spreads };
}

module.exports = { definedFields, spread, rewriteConverters, PATTERN, GVK_SPREAD, HELPER_NAME, SPREAD_NAME };
