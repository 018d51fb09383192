// The packages both esbuild bundles of the project (scripts/run-ts.js for synth in a checkout, scripts/bundle-cli.js
// for the installed bin) leave as ordinary requires: loaded by path at run time (kubernetes-models), ES-module only
// (@kubernetes/client-node: scripts/bundle-cli.js bundles it into a file of its own for the installed bin), or only
// used by validate, preflight and the bundler itself.
'use strict';
module.exports = ['esbuild', 'kubernetes-models', '@kubernetes-models/*', '@kubernetes/client-node', 'ajv', 'ajv/*', 'ajv-formats'];
