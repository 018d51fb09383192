// The secret-source contract moved to lib/constructs/secret-source.ts (the constructs take it as a prop, and
// constructs must not import the secrets folder). Kept for modules that still import it from here.
export type { ISecretSource, SecretReference, SecretSourceKind, SecretSpec, ValueRule } from '../constructs/secret-source';
