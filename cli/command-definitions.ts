/**
 * The definitions of every subcommand: `--help`, option parsing and the README tables are all made from these
 * (see command-spec.ts). Kept free of the commands' own dependencies so the main help loads nothing else.
 */
import { DEFAULT_MAX_PODS } from './plan/aks-reservation';
import { CommandSpec, OptionSpec } from './command-spec';

const CONFIG: OptionSpec = {
  name: 'config',
  value: 'FILE',
  help: 'installation config (default: $CODECANVAS_CONFIG, ./codecanvas.yaml, or the embedded example)',
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  brief: "check the config and the output it would produce; writes nothing",
  summary:
    'every input rule, then synth in memory and check every object against the Kubernetes and CRD schemas, and every cluster folder for dangling references (issuer, ingress class, Secret, namespace); with `CODECANVAS_CHART` also the upgrade-check; prints the warnings synth would print (releases left out, plaintext fields) without failing; writes nothing',
  usage: ['[--config FILE] [--json]'],
  description: `Runs every input rule, synthesizes in memory and checks every object against the Kubernetes and CRD schemas,
and every cluster folder for dangling references (a ClusterIssuer, IngressClass, Secret or Namespace that the folder
neither creates nor the config declares as existing in that cluster). With CODECANVAS_CHART set, also checks the
generated values against that packaged chart (see upgrade-check). Prints the warnings and notes synth would print
(releases left out until their instance IDs are set, plaintext fields, ...) on stderr (with --json: in "warnings" and
"notes"); they do not change the exit code. Writes nothing.`,
  options: [CONFIG, { name: 'json', help: 'machine-readable result' }],
  footer: 'Exit codes: 0 valid, 1 problems found, 2 usage error.',
};

export const SYNTH: CommandSpec = {
  name: 'synth',
  brief: "synthesize the installation into the output directory",
  summary: 'the same as `npm run synth`; keeps files in the output directory that synth did not write',
  usage: ['[--config FILE] [--out DIR]'],
  description: `Synthesizes the installation into DIR, only on success. Same as npm run synth.
Files in DIR that synth did not write (a README, a kustomization.yaml, extra manifests) are kept and named;
synth refuses, writing nothing, when one of them sits where it now writes a file.`,
  options: [CONFIG, { name: 'out', value: 'DIR', help: 'output directory (default: $CDK8S_OUTDIR, else $CDK8S_OUTPUT, else dist)' }],
  footer: 'Exit codes: 0 written, 1 invalid input or a conflict with a kept file (nothing written), 2 usage error.',
};

export const DIFF: CommandSpec = {
  name: 'diff',
  brief: 'what a synth would change in the committed output, and which changes are dangerous',
  summary:
    'what a synth would change in the committed output, per cluster and object, each classified: create, update in place, secret rotation, replacement (immutable field or rename: deleted and recreated) or deletion, with what it means for data; Secret values never shown; exit 0 no change, 3 safe changes, 4 replacements/deletions not allowed by the gates',
  usage: ['[--config FILE] [--out DIR] [--json] [--allow-replacements] [--allow-deletions]'],
  description: `Shows what a synth would change in DIR, per cluster and object, and what applying it does:
  +  create            a new object
  ~  update in place   the API server updates it
  ~  secret rotation   a Secret's values (or, for an ExternalSecret, where they come from) change;
                       pods see new values only after a restart
  !  REPLACEMENT       an immutable field changed (StorageClass parameters/provisioner/reclaimPolicy/
                       volumeBindingMode, Secret type, Deployment selector, Service clusterIP, ...) or the
                       object was renamed: it is deleted and recreated; the note says what happens to data
  -  DELETION          no longer in the output: kubectl apply leaves it behind, Argo CD / Flux prune it
Values of Secrets and SealedSecrets are never shown. The review step for GitOps pull requests.`,
  options: [
    CONFIG,
    { name: 'out', value: 'DIR', help: 'the committed output to compare with (default: $CDK8S_OUTDIR, else $CDK8S_OUTPUT,\nelse dist); must exist' },
    { name: 'json', help: 'machine-readable result (each change with its action, reason and consequence)' },
    { name: 'allow-replacements', help: 'replacements do not make the exit code 4 (for CI, after review)' },
    { name: 'allow-deletions', help: 'deletions do not make the exit code 4 (for CI, after review)' },
  ],
  footer: `Exit codes:
  0  no change: the output is up to date
  1  invalid input, or DIR does not exist
  2  usage error
  3  changes, all safe (create, in place, rotation) or allowed by --allow-replacements/--allow-deletions
  4  dangerous changes: a replacement or deletion that --allow-replacements / --allow-deletions do not allow`,
};

export const PREFLIGHT: CommandSpec = {
  name: 'preflight',
  brief: "check a live cluster against what the output needs",
  summary:
    'checks a live cluster against what the output needs: Kubernetes >= 1.29, Linux x86_64 nodes (application cluster: 4 with >= 4 CPU / 8 GiB allocatable), the IngressClass, cert-manager CRDs and the ClusterIssuer, the Workload Identity webhook, `disk.csi.azure.com` and the snapshot CRDs on dev-environment clusters, namespaces and Secret ownership, and the ESO / Sealed Secrets / Argo CD / Flux / k3s CRDs of the chosen modes; per cluster, the Workload Identity client ID of the Key Vault reader ServiceAccount against the config, and the Sealed Secrets controller\'s certificate (/v1/cert.pem, read as kubeseal does) against the one the cluster is sealed with; with Argo CD the AppProject (exists, allows our destinations and chart repositories) and, on the hub, that dev-environment clusters with `argocdDestinationServer` are registered; PASS / FAIL / WARN per check with the fix; kubeconfig and connection problems (empty file, missing `kubelogin`, unreachable server) are one line with the fix',
  usage: ['[--context NAME] [--cluster application|<dev-env name>] [options]'],
  description: `Check a live cluster against what the synthesized output for it needs, before applying it:
Kubernetes >= 1.29; enough Linux x86_64 nodes (application cluster: 4 with >= 4 CPU / 8 GiB allocatable);
the IngressClass, cert-manager CRDs and ClusterIssuer; the Azure Workload Identity webhook; on
dev-environment clusters the disk.csi.azure.com CSIDriver and the volume snapshot CRDs; the namespaces
and Secrets of the output; and the CRDs of the secret source (External Secrets Operator, Sealed Secrets)
and delivery mode (Argo CD, Flux, k3s); per cluster, that the Key Vault reader ServiceAccount (when it exists)
is annotated with the client ID the config gives that cluster, and that the Sealed Secrets controller serves
(at /v1/cert.pem through the API server's service proxy, read as kubeseal does) the public key of
the certificate the cluster's output is sealed with; with Argo CD, that the AppProject of delivery.argocd.project exists
and allows our Applications' destinations and chart repositories, and on the application (hub) cluster that
each dev-environment cluster with argocdDestinationServer is registered (a cluster Secret with that server).
Only reads from the cluster (of Argo CD cluster Secrets only the server URL).`,
  options: [
    { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
    { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' },
    {
      name: 'cluster',
      value: 'NAME',
      help: 'which cluster of the config this context is: application (default) or the\nname of a devEnvironmentClusters entry',
    },
    { ...CONFIG, help: 'config file (default: $CODECANVAS_CONFIG, ./codecanvas.yaml, the embedded example)' },
    { name: 'timeout', value: 'SECONDS', help: 'per-request timeout (default 30)' },
    { name: 'json', help: 'results as JSON (errors too)' },
  ],
  footer: `Output: one line per check, PASS, FAIL or WARN, with a "fix:" line for FAIL and WARN.

Exit codes:
  0  no check failed (warnings allowed)
  1  a check failed, or invalid input (config, kubeconfig, context, unreachable API server): one line
     with the fix (with --json: {"ok": false, "error": ...} on stdout)
  2  usage error`,
};


export const PLAN: CommandSpec = {
  name: 'plan',
  brief: "size a dev-environment cluster with the guide's method",
  summary:
    "the guide's dev-environment sizing method: nodes at peak, overhead, utilization; `--example` reproduces the guide's worked example; refuses burstable B-family sizes",
  usage: [
    '--developers N --envs-per-developer N --env-vcpu N --env-memory-gib N --vm-size S --strategy S [options]',
    '--example [--json]',
  ],
  description: `Size the dev-environment cluster the way the CodeCanvas install guide does: peak environments,
total demand, nodes needed at peak, per-node overhead, utilization and idle capacity.`,
  options: [
    { name: 'developers', value: 'N', required: true, group: 'Workload (required)', help: 'developers active at peak (whole number >= 1)' },
    {
      name: 'envs-per-developer',
      value: 'N',
      required: true,
      group: 'Workload (required)',
      help: 'dev environments per developer at peak (> 0; may be an average, e.g. 2.5)',
    },
    { name: 'env-vcpu', value: 'N', required: true, group: 'Workload (required)', help: 'vCPUs of one dev environment (> 0)' },
    { name: 'env-memory-gib', value: 'N', required: true, group: 'Workload (required)', help: 'memory of one dev environment, GiB (> 0)' },
    {
      name: 'vm-size',
      value: 'NAME',
      group: 'Nodes (required: --vm-size, or --vcpu with --memory-gib; and --strategy)',
      help: 'Azure size of a non-burstable family (A, D, DC, E, EC, F, H, L, M, N; figures from the Learn size tables):\nStandard_D32s_v3, D32s_v3 or "Standard D32s v3" (case-insensitive). B-family (burstable) sizes are refused;\nfor a size not in the table give --vcpu and --memory-gib.',
    },
    {
      name: 'vcpu',
      value: 'N',
      group: 'Nodes (required: --vm-size, or --vcpu with --memory-gib; and --strategy)',
      help: 'custom node vCPUs, for a size not in the table (whole number >= 1)',
    },
    {
      name: 'memory-gib',
      value: 'N',
      group: 'Nodes (required: --vm-size, or --vcpu with --memory-gib; and --strategy)',
      help: 'custom node memory, GiB (> 0); --vm-size then only labels the node',
    },
    {
      name: 'strategy',
      value: 'S',
      required: true,
      group: 'Nodes (required: --vm-size, or --vcpu with --memory-gib; and --strategy)',
      help: 'one-per-node | many-per-node',
    },
    { name: 'reserve-cpu', value: 'N', group: 'Per-node reserve (what Kubernetes keeps for itself)', help: "vCPU per node (default 0.2, the guide's figure)" },
    { name: 'reserve-memory-gib', value: 'N', group: 'Per-node reserve (what Kubernetes keeps for itself)', help: 'GiB per node (default: computed by --reservation)' },
    {
      name: 'reservation',
      value: 'M',
      group: 'Per-node reserve (what Kubernetes keeps for itself)',
      help: "aks (AKS 1.29+ formula, default) | aks-legacy (AKS <1.29 formula)\n| guide (the guide's 1-2 GB, upper end 2 GiB)",
    },
    {
      name: 'max-pods',
      value: 'N',
      group: 'Per-node reserve (what Kubernetes keeps for itself)',
      help: `max pods per node for the aks formula (default ${DEFAULT_MAX_PODS}, Azure CNI;\nkubenet 110, Azure CNI Overlay 250)`,
    },
    { name: 'json', group: 'Output', help: 'JSON instead of Markdown' },
    {
      name: 'example',
      group: 'Output',
      help: "the guide's worked example (20 developers x 2-3 environments of\n4 vCPU / 16 GB; D4s v3 vs D32s/D64s v3), recomputed",
    },
  ],
  footer: `Exit codes:
  0  plan printed
  1  bad input: an option's value breaks a rule (the message names the option, value and rule)
  2  usage error: unknown or missing option, missing value, or conflicting options`,
};

export const KEYS: CommandSpec = {
  name: 'keys',
  brief: "generate key material for relay, jump, operator and the master secret",
  summary: 'key material for relay, jump, operator and the master secret (see Secrets); refuses `--format sealed` next to a Key Vault or env source; `--update-config` writes the public halves into the config (`--replace-keys` to change ones it holds)',
  usage: ['--out DIR [--format keyvault|sealed|env] [options]'],
  description: `Generates the key material of a CodeCanvas installation (not part of synth; synth never makes random material):
  - the master secret (32 random bytes, Base64)                       codecanvas-master-secret / CODECANVAS_MASTER_SECRET
  - per dev-environment cluster of the config:
      relay JWT key pair (EC prime256v1, PKCS#8)                     <cluster>-relay-jwt-private-key / <CLUSTER>_RELAY_JWT_PRIVATE_KEY
      jump JWT key pair (EC prime256v1, PKCS#8)                      <cluster>-jump-jwt-private-key / <CLUSTER>_JUMP_JWT_PRIVATE_KEY
      jump SSH host key (RSA 4096, PKCS#1)                           <cluster>-jump-ssh-host-key / <CLUSTER>_JUMP_SSH_HOST_KEY
      operator JWT key pair (EC prime256v1, PKCS#8)                  <cluster>-operator-jwt-private-key / <CLUSTER>_OPERATOR_JWT_PRIVATE_KEY

Writes into DIR, by --format:
  keyvault  one file per secret (mode 0600) and upload.sh (az keyvault secret set ... --file ...)
  sealed    one SealedSecret codecanvas-generated-keys per cluster, sealed with THAT cluster's controller
            certificate: application.sealed.yaml (application namespace: the master secret and the relay keys),
            <cluster>.sealed.yaml (its system namespace: its jump and operator keys), to read back when needed;
            never a Secret synth writes itself (the jump and operator Secrets), so no Secret has two owners
  env       secrets.env (mode 0600): export VAR='...' lines, the variables synth reads (source env) or reads
            and seals (source sealedSecrets)
  keyvault's upload.sh also puts the PostgreSQL password into Key Vault ($CODECANVAS_DB_PASSWORD, else asked for)
and always public.yaml: the public halves in the config's shape, with comments saying where each goes.
DIR must be outside every Git work tree (a folder above it has a .git entry), where git add would stage the
private files, unless --allow-git-worktree (then DIR gets a .gitignore listing each private file); inside the
synth output folder ($CDK8S_OUTDIR, $CDK8S_OUTPUT or dist, and gitops.path) it is always refused.
Default format: what the config's secrets.source reads (keyVault -> keyvault, sealedSecrets -> env, env -> env).
--format sealed with secrets.source keyVault or env is refused (that source never reads the SealedSecret); other
mismatches are warned about. --update-config writes each cluster's relay.jwtPublicKey into the config file,
keeping its comments; a key the file already holds is replaced only with --replace-keys.`,
  options: [
    { ...CONFIG, help: 'config file (default: $CODECANVAS_CONFIG, ./codecanvas.yaml, else the embedded example)' },
    { name: 'out', value: 'DIR', required: true, help: 'output folder, outside any Git work tree and every synth output folder (default output, gitops.path)' },
    { name: 'allow-git-worktree', help: 'allow --out inside a Git work tree (never inside the synth output); writes a .gitignore there listing every private file' },
    { name: 'format', value: 'F', help: 'keyvault | sealed | env (default: from secrets.source)' },
    { name: 'allow-format-mismatch', help: '--format sealed although secrets.source is keyVault or env (when switching sources)' },
    { name: 'update-config', help: 'write the relay public keys into the config file (comments and layout kept); refuses to change a key the file already holds' },
    { name: 'replace-keys', help: 'with --update-config: replace relay public keys the config already holds (each replaced field is named on stderr)' },
    { name: 'cert', value: 'FILE', help: 'sealed: controller certificate of the application cluster and of every dev cluster without its own (default: secrets.sealedSecrets.certificateFile; a cluster\'s devEnvironmentClusters[].sealedSecrets.certificateFile always wins)' },
    { name: 'scope', value: 'S', help: 'sealed: strict | namespace-wide | cluster-wide (default: secrets.sealedSecrets.scope, else strict)' },
    { name: 'vault-name', value: 'NAME', help: 'keyvault: vault for upload.sh (default: the host of secrets.keyVault.vaultUrl)' },
    { name: 'cluster', value: 'NAME', multiple: true, help: 'only this dev-environment cluster (repeatable; default: every cluster of the config)' },
    { name: 'skip-master-secret', help: 'do not generate the master secret (e.g. when adding a cluster later)' },
    { name: 'force', help: 'overwrite existing files in DIR' },
  ],
  footer: `Every run makes NEW keys. Losing the master secret loses all user data; do not regenerate it for a running
installation (use --skip-master-secret).

Exit codes: 0 written, 1 refused or invalid input (nothing written), 2 usage error.`,
};

export const UPGRADE_CHECK: CommandSpec = {
  name: 'upgrade-check',
  brief: 'check that the generated values fit a new packaged chart version',
  summary:
    "the generated values of every release (application, relay, jump, operator) against a packaged chart's (and its subcharts') `values.schema.json`, and every key we set that the chart's `values.yaml` no longer has (removed or renamed)",
  usage: ['--chart FILE.tgz [--config FILE] [--json]'],
  description: `Before raising application.chart.version (or a release's chart.version), fetch the new chart and check
that the values synth generates still fit it:
  helm pull oci://public.registry.jetbrains.space/p/codecanvas/release-charts/codecanvas --version 2025.1.2
  codecanvas-cdk8s upgrade-check --chart codecanvas-2025.1.2.tgz
Each release is checked against the chart of its name inside the package (the relay, jump and operator
charts are subcharts of the codecanvas chart): its values.schema.json as helm install validates it, and every
key we set that the chart's values.yaml does not have (Helm ignores such keys silently).
validate runs the same check when CODECANVAS_CHART names a packaged chart.`,
  options: [
    { name: 'chart', value: 'FILE', required: true, help: 'packaged chart (.tgz from helm pull / helm package); default: $CODECANVAS_CHART' },
    CONFIG,
    { name: 'json', help: 'machine-readable result (errors too)' },
  ],
  footer: 'Exit codes: 0 the values fit, 1 problems found (or invalid input, unreadable chart), 2 usage error.',
};

/** Every subcommand, in the order of the main help and the README. */
export const COMMAND_SPECS: readonly CommandSpec[] = [VALIDATE, SYNTH, DIFF, UPGRADE_CHECK, PREFLIGHT, PLAN, KEYS];
