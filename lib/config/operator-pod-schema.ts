/**
 * The operator pod's placement and hardening settings that the operator chart takes as values (nodeSelector,
 * tolerations, affinity, image.pullSecrets, podSecurityContext, securityContext, podAnnotations), typed, so that a
 * misspelt field is refused here instead of dropped from the manifests. The same fields shape the plain manifests
 * of delivery.mode argocd and become the chart's values in the other modes.
 */
import { z } from 'zod';
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN_RULE } from '../util/rules';

const int = (description: string) => z.number().int('must be an integer').describe(description);
const id = (description: string) => z.number().int('must be an integer >= 0').min(0, 'must be an integer >= 0').describe(description);
const strings = (description: string) => z.array(z.string()).describe(description);

const labelSelectorRequirement = z
  .strictObject({
    key: z.string().describe('Label key.'),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']).describe('How the label is compared with values.'),
    values: strings('Values for In and NotIn.').optional(),
  })
  .describe('A label requirement.');
const labelSelector = z
  .strictObject({
    matchLabels: z.record(z.string(), z.string()).optional().describe('Labels a pod must carry.'),
    matchExpressions: z.array(labelSelectorRequirement).optional().describe('Label requirements a pod must meet.'),
  })
  .describe('A label selector.');
const nodeSelectorRequirement = z
  .strictObject({
    key: z.string().describe('Node label or field key.'),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']).describe('How the key is compared with values.'),
    values: strings('Values for In, NotIn, Gt and Lt.').optional(),
  })
  .describe('A node requirement.');
const nodeSelectorTerm = z
  .strictObject({
    matchExpressions: z.array(nodeSelectorRequirement).optional().describe('Requirements on node labels.'),
    matchFields: z.array(nodeSelectorRequirement).optional().describe('Requirements on node fields.'),
  })
  .describe('Node requirements, all of which must hold.');
const weight = z.number().int('must be an integer from 1 to 100').min(1, 'must be an integer from 1 to 100').max(100, 'must be an integer from 1 to 100');
const podAffinityTerm = z
  .strictObject({
    labelSelector: labelSelector.optional(),
    namespaces: strings('Namespaces of the pods the term refers to (default: the operator\'s).').optional(),
    namespaceSelector: labelSelector.optional(),
    topologyKey: z.string().min(1, 'must not be empty').describe('Node label whose value defines "the same place", such as kubernetes.io/hostname.'),
    matchLabelKeys: strings('Pod label keys whose values are taken from the incoming pod.').optional(),
    mismatchLabelKeys: strings('Pod label keys whose values must differ from the incoming pod\'s.').optional(),
  })
  .describe('Pods that must (or must not) run in the same topology domain.');
const weightedPodAffinityTerm = z
  .strictObject({ weight: weight.describe('Preference weight, 1-100.'), podAffinityTerm })
  .describe('A preferred pod (anti-)affinity term.');
const podAffinity = z
  .strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional().describe('Terms that must hold.'),
    preferredDuringSchedulingIgnoredDuringExecution: z.array(weightedPodAffinityTerm).optional().describe('Terms preferred, by weight.'),
  })
  .optional();
const affinity = z
  .strictObject({
    nodeAffinity: z
      .strictObject({
        requiredDuringSchedulingIgnoredDuringExecution: z
          .strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1, 'must list at least one term').describe('Terms, one of which must hold.') })
          .optional()
          .describe('Node requirements that must hold.'),
        preferredDuringSchedulingIgnoredDuringExecution: z
          .array(z.strictObject({ weight: weight.describe('Preference weight, 1-100.'), preference: nodeSelectorTerm }))
          .optional()
          .describe('Node terms preferred, by weight.'),
      })
      .optional()
      .describe('Which nodes may or should run the operator.'),
    podAffinity: podAffinity.describe('Pods to run near.'),
    podAntiAffinity: podAffinity.describe('Pods to run apart from.'),
  })
  .describe('Node and pod affinity of the operator pods (chart: affinity). Default: none.');

const seccompProfile = z
  .strictObject({
    type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']).describe('Seccomp profile kind.'),
    localhostProfile: z.string().optional().describe('Profile file on the node (type Localhost).'),
  })
  .describe('Seccomp profile.');

export const operatorPodSettings = {
  nodeSelector: z
    .record(z.string(), z.string())
    .optional()
    .describe('Node labels a node must carry to run the operator (chart: nodeSelector), such as kubernetes.azure.com/mode: system. Default: any node.'),
  tolerations: z
    .array(
      z
        .strictObject({
          key: z.string().optional().describe('Taint key (empty with operator Exists: every taint).'),
          operator: z.enum(['Exists', 'Equal']).optional().describe('Exists or Equal (default).'),
          value: z.string().optional().describe('Taint value (operator Equal).'),
          effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional().describe('Taint effect (empty: every effect).'),
          tolerationSeconds: int('How long a NoExecute taint is tolerated.').optional(),
        })
        .describe('A tolerated taint.'),
    )
    .optional()
    .describe('Taints the operator pods tolerate (chart: tolerations). Default: none.'),
  affinity: affinity.optional(),
  imagePullSecrets: z
    .array(z.string().max(DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN_RULE).regex(DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_RULE).describe('Secret name.'))
    .optional()
    .describe('Secrets in the operator\'s namespace (systemNamespace) with the credentials of a private registry, which you create (chart: image.pullSecrets). Default: none.'),
  podSecurityContext: z
    .strictObject({
      runAsUser: id('User ID of every container.').optional(),
      runAsGroup: id('Group ID of every container.').optional(),
      runAsNonRoot: z.boolean().optional().describe('Refuse to start a container as root.'),
      fsGroup: id('Group that owns mounted volumes.').optional(),
      fsGroupChangePolicy: z.enum(['OnRootMismatch', 'Always']).optional().describe('When volume ownership is changed.'),
      supplementalGroups: z.array(id('Group ID.')).optional().describe('Extra groups of every container.'),
      seccompProfile: seccompProfile.optional(),
    })
    .optional()
    .describe('The operator pod\'s security context (chart: podSecurityContext). Default: none, as the chart.'),
  securityContext: z
    .strictObject({
      runAsUser: id('User ID.').optional(),
      runAsGroup: id('Group ID.').optional(),
      runAsNonRoot: z.boolean().optional().describe('Refuse to start as root.'),
      allowPrivilegeEscalation: z.boolean().optional().describe('Whether a process may gain more privileges than its parent.'),
      readOnlyRootFilesystem: z.boolean().optional().describe('Mount the root filesystem read-only.'),
      privileged: z.boolean().optional().describe('Run privileged.'),
      capabilities: z
        .strictObject({ add: strings('Capabilities to add.').optional(), drop: strings('Capabilities to drop (ALL for every one).').optional() })
        .optional()
        .describe('Linux capabilities.'),
      seccompProfile: seccompProfile.optional(),
    })
    .optional()
    .describe(
      'The operator container\'s security context (chart: securityContext, empty there). Each field given replaces the default\'s: ' +
        'runAsNonRoot true with runAsUser 1000 (the user the vendor\'s charts run the application, relay and jump images as; the kubelet can check non-root only for a numeric user), ' +
        'allowPrivilegeEscalation false, capabilities.drop [ALL], seccompProfile RuntimeDefault, and readOnlyRootFilesystem false (the chart mounts no writable volume and what the image writes is not known; set true when it copes).',
    ),
  podAnnotations: z.record(z.string(), z.string()).optional().describe('Annotations of the operator pods (chart: podAnnotations). Default: none.'),
};
