/**
 * Core Kubernetes L1 constructs: cdk8s-plus-28's `k8s` export (generated from the Kubernetes 1.28 API), loaded
 * from its own module. `import { k8s } from 'cdk8s-plus-28'` would load all of cdk8s-plus as well, which costs
 * about a third of a synth's wall time and is not used here.
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
