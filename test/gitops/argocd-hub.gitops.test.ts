/**
 * Argo CD with a dev-environment cluster synced from the hub (devEnvironmentClusters[].argocdDestinationServer,
 * registered as an Argo CD cluster Secret): the scenario and what it asserts are in ./argocd-scenario.ts.
 */
import { argocdScenario } from './argocd-scenario';

argocdScenario('hub');
