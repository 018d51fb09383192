/**
 * Argo CD with a dev-environment cluster that runs its own Argo CD (the example as it is: no
 * argocdDestinationServer; INSTALL.md applies bootstrap/argocd/<cluster>/ in each cluster): the scenario and what
 * it asserts are in ./argocd-scenario.ts.
 */
import { argocdScenario } from './argocd-scenario';

argocdScenario('own');
