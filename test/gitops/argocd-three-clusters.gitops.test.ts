/**
 * Argo CD with examples/three-clusters.yaml, Key Vault through External Secrets: the application cluster runs the
 * hub Argo CD, dev-eastus is synced from it (argocdDestinationServer, registered as an Argo CD cluster Secret) and
 * dev-westeurope runs its own Argo CD, each cluster against its own API server, all at once; the repository is
 * private (gitops.argocd.repositorySecretName). The scenario and what it asserts are in ./argocd-scenario.ts.
 */
import { argocdScenario } from './argocd-scenario';

argocdScenario('three-clusters.yaml');
