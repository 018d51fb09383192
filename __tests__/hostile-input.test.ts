/**
 * Input that is not what it looks like, or that takes what belongs to someone else (issue 20): hidden characters
 * in any string or key, the cluster's own namespaces, objects with two owners, and values beyond what the target
 * (PostgreSQL, Kubernetes int32, IPv4, git, Windows folders) accepts. Each case names the field and the rule.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { main } from '../cli/main';
import { formatIssue, formatPath } from '../lib/config/errors';
import { checkConfig } from '../lib/config/load';
import { describeCharacter, hiddenTextProblem, visibleText } from '../lib/config/hidden-text';
import { gitBranchProblem, isWindowsReservedName, loadBalancerIpProblem, postgresNameProblem } from '../lib/config/rules';
import { helmFullname } from '../lib/util/names';
import { asciiText, mixedScriptProblem } from '../lib/util/mixed-script';
import { exampleConfig, exampleFile, fakeSecretEnv } from './helpers';

type Config = Record<string, any>;
type Base = 'aks' | 'helm' | 'sealed';
const FILES: Record<Base, string> = { aks: 'aks.yaml', helm: 'kubectl-helm.yaml', sealed: 'flux-sealed-secrets.yaml' };
const load = (base: Base): Config => exampleFile(FILES[base]) as Config;
const dev = (c: Config) => c.devEnvironmentClusters[0];
const copyOfFirstCluster = (c: Config, extra: Config) => c.devEnvironmentClusters.push({ ...JSON.parse(JSON.stringify(dev(c))), ...extra });

/** One defect: the field the message must name, the rule it must state, and (when shown) the value. */
interface Case {
  readonly base?: Base;
  readonly edit: (c: Config) => void;
  readonly field: string;
  readonly rule: RegExp;
  readonly value?: string;
}

/** Every character a user cannot see or that ends a line, as the rule refuses it (outside free text). */
const HIDDEN = [
  '\u0000', '\u0007', '\u0008', '\t', '\n', '\u000b', '\u000c', '\r', '\u001b', '\u007f', '\u0085', '\u009b',
  '\u00a0', '\u00ad', '\u034f', '\u061c', '\u115f', '\u180e', '\u2000', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
  '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u202f', '\u2060', '\u2063', '\u2066', '\u2067',
  '\u2068', '\u2069', '\u3000', '\u3164', '\ufe0f', '\ufeff', '\ufffd', '\ud800', '\udfff', '\u{e0041}', '\u{f0000}',
];

/** Any character of the refused ranges: C0 and C1 controls, zero-width and bidi controls, surrogates, tag characters, noncharacters. */
const hiddenChar = fc.oneof(
  fc.constantFrom(...HIDDEN),
  ...[[0x00, 0x1f], [0x7f, 0x9f], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2069], [0xd800, 0xdfff], [0xe0000, 0xe007f], [0xfdd0, 0xfdef]].map(([min, max]) =>
    fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp)),
  ),
);

/** A path as checkConfig's messages show it: formatted, with every hidden character visible. */
const pathOf = (parts: (string | number)[]) => visibleText(formatPath(parts));

const code = (char: string) => describeCharacter(char).split(' ')[0].replace('+', '\\+');

const cases: [string, Case][] = [
  // --- Hidden characters, shown escaped, with their position
  ['zero-width space in the namespace', { edit: (c) => (c.namespace = 'code\u200bcanvas'), field: 'namespace', rule: /^contains U\+200B ZERO WIDTH SPACE \(an invisible character\) at position 5: /, value: '"code<U+200B>canvas"' }],
  ['right-to-left override in the domain', { edit: (c) => (c.domain = 'codecanvas.example.com\u202egro'), field: 'domain', rule: /U\+202E RIGHT-TO-LEFT OVERRIDE \(a bidirectional control\) at position 23/ }],
  ['left-to-right isolate in a relay hostname', { edit: (c) => (dev(c).relay.hostname = '\u2066gateway.example.com'), field: 'devEnvironmentClusters[0].relay.hostname', rule: /U\+2066 LEFT-TO-RIGHT ISOLATE .* at position 1/ }],
  ['a newline in a jump instance ID (a second env line)', { edit: (c) => (dev(c).jump.instanceId = 'jump-1\nJUMP_CANVAS_URL=https://evil.example'), field: 'devEnvironmentClusters[0].jump.instanceId', rule: /U\+000A LINE FEED \(a control character\) at position 7/, value: '"jump-1<U+000A>JUMP_CANVAS_URL' }],
  ['NUL in an operator instance ID', { edit: (c) => (dev(c).operator.instanceId = 'op\u0000'), field: 'devEnvironmentClusters[0].operator.instanceId', rule: /U\+0000 NULL/ }],
  ['an ANSI escape in the first name', { edit: (c) => (c.localAdministrator.firstName = '\u001b[2JAdmin'), field: 'localAdministrator.firstName', rule: /U\+001B ESCAPE \(a control character\) at position 1/, value: '"<U+001B>[2JAdmin"' }],
  ['a byte order mark before the database name', { edit: (c) => (c.database.name = '\ufeffcodecanvas'), field: 'database.name', rule: /U\+FEFF ZERO WIDTH NO-BREAK SPACE \(byte order mark\)/ }],
  ['a soft hyphen in the last name', { edit: (c) => (c.localAdministrator.lastName = 'Ad\u00admin'), field: 'localAdministrator.lastName', rule: /U\+00AD SOFT HYPHEN/ }],
  ['a lone surrogate in the admin username', { edit: (c) => (c.localAdministrator.username = 'adm\ud800in'), field: 'localAdministrator.username', rule: /U\+D800 \(a lone surrogate/ }],
  ['a replacement character (bytes that were not UTF-8)', { edit: (c) => (c.database.username = 'code\ufffdcanvas'), field: 'database.username', rule: /U\+FFFD REPLACEMENT CHARACTER/ }],
  ['a no-break space in a Key Vault secret name', { edit: (c) => (c.secrets.names = { databasePassword: 'db\u00a0password' }), field: 'secrets.names.databasePassword', rule: /U\+00A0 NO-BREAK SPACE \(a space other than the ASCII space\)/ }],
  ['a newline in an OCI chart repository', { base: 'helm', edit: (c) => (c.application.chart = { repository: 'oci://registry.example.com/charts\nid' }), field: 'application.chart.repository', rule: /U\+000A LINE FEED/ }],
  ['more than three hidden characters are counted', { edit: (c) => (c.namespace = '\u200b\u200c\u200d\u2060\u2060codecanvas'), field: 'namespace', rule: /U\+200B .* at position 1, U\+200C .* at position 2, U\+200D .* at position 3 and 2 more:/ }],
  ['an ESC in chart values is named, the value not shown', { edit: (c) => (c.application.values = { note: '\u001b]8;;https://evil.example\u0007' }), field: 'application.values.note', rule: /U\+001B ESCAPE .* at position 1.* U\+0007 BELL/, value: '"(text in chart values, not shown)"' }],
  ['a no-break space before the relay PEM (trim() would drop it, the Secret would not)', { edit: (c) => (dev(c).relay.jwtPublicKey = `\u00a0${dev(c).relay.jwtPublicKey}`), field: 'devEnvironmentClusters[0].relay.jwtPublicKey', rule: /U\+00A0 NO-BREAK SPACE .* at position 1/ }],
  ['a tab inside the relay PEM', { edit: (c) => (dev(c).relay.jwtPublicKey = dev(c).relay.jwtPublicKey.replace('\n', '\n\t')), field: 'devEnvironmentClusters[0].relay.jwtPublicKey', rule: /U\+0009 CHARACTER TABULATION .* at position 28/ }],
  ['a zero-width space in a field name: an unknown field, shown', { edit: (c) => (c.database['name\u200b'] = 'x'), field: pathOf(['database', 'name\u200b']), rule: /^is not a known field/ }],
  ['a bidi control in a chart values key', { edit: (c) => (c.application.values = { ['rep\u202elicas']: 1 }), field: 'application.values."rep\\u202elicas"', rule: /^is a mapping key that contains U\+202E/ }],
  ['a padded mapping key', { edit: (c) => (c.application.values = { ' replicaCount': 1 }), field: 'application.values. replicaCount', rule: /^is a mapping key that has whitespace at its start/ }],
  // --- Homoglyphs: letters of another script that look like Latin ones, shown by code point, in names, hosts, URLs, IDs
  ['a Cyrillic "а" in the domain', { edit: (c) => (c.domain = 'codec\u0430nvas.example.com'), field: 'domain', rule: /^mixes scripts in one word: U\+0430 CYRILLIC SMALL LETTER A \(looks like "a"\) at position 6 among Latin letters; .*\(a homoglyph\)/, value: '"codec<U+0430>nvas.example.com"' }],
  ['a Cyrillic "с" in the namespace', { edit: (c) => (c.namespace = 'code\u0441anvas'), field: 'namespace', rule: /^mixes scripts in one word: U\+0441 CYRILLIC SMALL LETTER ES \(looks like "c"\) at position 5/, value: '"code<U+0441>anvas"' }],
  ['a Cyrillic "а" in the Key Vault URL host', { edit: (c) => (c.secrets.keyVault.vaultUrl = 'https://codecanvas-kv.v\u0430ult.azure.net/'), field: 'secrets.keyVault.vaultUrl', rule: /^mixes scripts in one word: U\+0430 .* at position 24/, value: '"https://codecanvas-kv.v<U+0430>ult.azure.net/"' }],
  ['a Greek omicron in the operator image', { edit: (c) => (dev(c).operator.image = 'registry.example.c\u03bfm/codecanvas-operator:1.0'), field: 'devEnvironmentClusters[0].operator.image', rule: /U\+03BF GREEK SMALL LETTER OMICRON \(looks like "o"\) at position 19 among Latin letters/ }],
  ['a Cyrillic "е" in the e-mail domain', { edit: (c) => (c.localAdministrator.email = 'admin@\u0435xample.com'), field: 'localAdministrator.email', rule: /U\+0435 CYRILLIC SMALL LETTER IE \(looks like "e"\) at position 7/, value: '"admin@<U+0435>xample.com"' }],
  ['a Cyrillic "р" in the database host', { edit: (c) => (c.database.host = '\u0440g.example.com'), field: 'database.host', rule: /U\+0440 CYRILLIC SMALL LETTER ER \(looks like "p"\) at position 1/ }],
  ['a Cyrillic "о" in the database user', { edit: (c) => (c.database.username = 'c\u043edecanvas'), field: 'database.username', rule: /^mixes scripts in one word: U\+043E/ }],
  ['a Cyrillic "е" in a jump instance ID', { edit: (c) => (dev(c).jump.instanceId = 'jump-dev-w\u0435steurope'), field: 'devEnvironmentClusters[0].jump.instanceId', rule: /U\+0435 CYRILLIC SMALL LETTER IE \(looks like "e"\) at position 11/ }],
  ['a Cyrillic "а" in the Git repository path', { edit: (c) => (c.gitops.repoURL = 'https://github.com/\u0430cme/platform.git'), field: 'gitops.repoURL', rule: /U\+0430 .* at position 20/ }],
  ['a Cyrillic word of Latin look-alikes in a URL host', { edit: (c) => (c.gitops.repoURL = 'https://\u0430\u0440\u0435.com/acme/platform.git'), field: 'gitops.repoURL', rule: /^has the Cyrillic word at position 9 whose every letter looks like a Latin one \(it reads as "ape"\), among Latin words/ }],
  ['more than three look-alike letters are counted', { edit: (c) => (c.database.name = 'c\u043ed\u0435c\u0430nv\u0430s'), field: 'database.name', rule: /at position 2, .* at position 4, .* at position 6 and 1 more among Latin letters/ }],
  ['a Cyrillic "а" in a StorageClass name', { edit: (c) => (dev(c).storageClasses[0].name = 'codecanvas-stor\u0430ge'), field: 'devEnvironmentClusters[0].storageClasses[0].name', rule: /^mixes scripts in one word/ }],
  // --- Blank and padded values
  ['whitespace only', { edit: (c) => (c.localAdministrator.username = '   '), field: 'localAdministrator.username', rule: /^is only whitespace/ }],
  ['a leading space in the database host', { edit: (c) => (c.database.host = ' pg.example.com'), field: 'database.host', rule: /^has whitespace at its start/, value: '" pg.example.com"' }],
  ['a trailing space in a chart version', { edit: (c) => (c.application.chart.version = '2025.1.2 '), field: 'application.chart.version', rule: /^has whitespace at its end/ }],
  // --- Cluster safety: namespaces of Kubernetes and of the GitOps controllers
  ['kube-system as the application namespace', { edit: (c) => (c.namespace = 'kube-system'), field: 'namespace', rule: /^is a namespace of Kubernetes itself .*Namespace objects, synced with prune/ }],
  ['default as the dev-environment namespace', { edit: (c) => (dev(c).namespace = 'default'), field: 'devEnvironmentClusters[0].namespace', rule: /^is a namespace of Kubernetes itself/ }],
  ['kube-public as the system namespace', { edit: (c) => (dev(c).systemNamespace = 'kube-public'), field: 'devEnvironmentClusters[0].systemNamespace', rule: /^is a namespace of Kubernetes itself/ }],
  ['kube-node-lease as the application namespace', { edit: (c) => (c.namespace = 'kube-node-lease'), field: 'namespace', rule: /^is a namespace of Kubernetes itself/ }],
  ['any kube-* namespace', { edit: (c) => (c.namespace = 'kube-codecanvas'), field: 'namespace', rule: /^is a namespace of Kubernetes itself \(default, kube-system, kube-public, kube-node-lease and every kube-\* name\)/ }],
  ["Argo CD's default namespace", { edit: (c) => (c.namespace = 'argocd'), field: 'namespace', rule: /^is Argo CD's namespace \(delivery\.argocd\.namespace, "argocd"\)/ }],
  ["Argo CD's configured namespace", { edit: (c) => { c.delivery.argocd.namespace = 'gitops'; dev(c).systemNamespace = 'gitops'; }, field: 'devEnvironmentClusters[0].systemNamespace', rule: /^is Argo CD's namespace \(delivery\.argocd\.namespace, "gitops"\)/ }],
  ["Flux's namespace", { base: 'sealed', edit: (c) => (dev(c).namespace = 'flux-system'), field: 'devEnvironmentClusters[0].namespace', rule: /^is the Flux controllers' namespace \(gitops\.flux\.namespace, "flux-system"\)/ }],
  ["the configured Flux namespace", { base: 'sealed', edit: (c) => { c.gitops.flux.namespace = 'flux'; c.namespace = 'flux'; }, field: 'namespace', rule: /gitops\.flux\.namespace, "flux"/ }],
  ["the Sealed Secrets controller's namespace", { base: 'sealed', edit: (c) => { c.secrets.sealedSecrets.controllerNamespace = 'sealed-secrets'; c.namespace = 'sealed-secrets'; }, field: 'namespace', rule: /secrets\.sealedSecrets\.controllerNamespace/ }],
  // --- One owner per object; the message names both fields
  ['Key Vault reader named like the chart\'s ServiceAccount', { edit: (c) => (c.secrets.keyVault.serviceAccountName = c.workloadIdentity.serviceAccountName), field: 'secrets.keyVault.serviceAccountName', rule: /^is also workloadIdentity\.serviceAccountName, the ServiceAccount the application chart creates/ }],
  ['Key Vault reader named like the chart\'s ServiceAccount renamed in values', { edit: (c) => { c.application.values = { application: { serviceAccount: { name: 'app-sa' } } }; c.secrets.keyVault.serviceAccountName = 'app-sa'; }, field: 'secrets.keyVault.serviceAccountName', rule: /^is also application\.values\.application\.serviceAccount\.name, the ServiceAccount the application chart creates/ }],
  ['Key Vault reader named like the chart\'s ServiceAccount, values naming none (empty, or not text)', { edit: (c) => { c.application.values = { application: { serviceAccount: { name: '' } }, jump: 7 }; c.secrets.keyVault.serviceAccountName = c.workloadIdentity.serviceAccountName; }, field: 'secrets.keyVault.serviceAccountName', rule: /^is also workloadIdentity\.serviceAccountName, the ServiceAccount the application chart creates/ }],
  ['Key Vault reader named like the chart\'s ServiceAccount, values naming a number', { edit: (c) => { c.application.values = { application: { serviceAccount: { name: 7 } } }; c.secrets.keyVault.serviceAccountName = c.workloadIdentity.serviceAccountName; }, field: 'secrets.keyVault.serviceAccountName', rule: /^is also workloadIdentity\.serviceAccountName, the ServiceAccount the application chart creates/ }],
  ['Key Vault reader named like the relay chart\'s ServiceAccount', { edit: (c) => (c.secrets.keyVault.serviceAccountName = 'codecanvas-relay'), field: 'secrets.keyVault.serviceAccountName', rule: /the relay chart creates in devEnvironmentClusters\[0\]\.systemNamespace \(named after devEnvironmentClusters\[0\]\.relay\.releaseName\)/ }],
  ['Key Vault reader named like the jump chart\'s ServiceAccount from its values', { edit: (c) => { dev(c).jump.values = { application: { serviceAccount: { name: 'jump-sa' } } }; c.secrets.keyVault.serviceAccountName = 'jump-sa'; }, field: 'secrets.keyVault.serviceAccountName', rule: /the jump chart creates/ }],
  ['Key Vault reader named like the operator\'s ServiceAccount (plain manifests, argocd)', { edit: (c) => (c.secrets.keyVault.serviceAccountName = 'codecanvas-operator-codecanvas-devenv-service-account'), field: 'secrets.keyVault.serviceAccountName', rule: /^is also the ServiceAccount of devEnvironmentClusters\[0\]\.operator \("codecanvas-operator-codecanvas-devenv-service-account", named after devEnvironmentClusters\[0\]\.namespace\) in devEnvironmentClusters\[0\]\.systemNamespace: one ServiceAccount with two owners/ }],
  ['Key Vault reader named like the operator chart\'s ServiceAccount with a fullnameOverride (flux)', { edit: (c) => { c.delivery.mode = 'flux'; dev(c).operator.values = { fullnameOverride: 'op' }; c.secrets.keyVault.serviceAccountName = 'op-service-account'; }, field: 'secrets.keyVault.serviceAccountName', rule: /^is also the ServiceAccount of devEnvironmentClusters\[0\]\.operator \("op-service-account", named after devEnvironmentClusters\[0\]\.operator\.values\.fullnameOverride\)/ }],
  ['Key Vault reader named like the operator chart\'s ServiceAccount of a targetNamespace from values (helm)', { edit: (c) => { c.delivery.mode = 'helm'; delete c.gitops; dev(c).operator.values = { operator: { targetNamespace: 'envs' } }; c.secrets.keyVault.serviceAccountName = 'codecanvas-operator-envs-service-account'; }, field: 'secrets.keyVault.serviceAccountName', rule: /named after devEnvironmentClusters\[0\]\.operator\.values\.operator\.targetNamespace/ }],
  ['Key Vault reader named like the operator chart\'s ServiceAccount with a nameOverride (k3s)', { edit: (c) => { c.delivery.mode = 'k3s'; delete c.gitops; dev(c).operator.values = { nameOverride: 'op' }; c.secrets.keyVault.serviceAccountName = 'op-codecanvas-devenv-service-account'; }, field: 'secrets.keyVault.serviceAccountName', rule: /\("op-codecanvas-devenv-service-account", named after devEnvironmentClusters\[0\]\.namespace\)/ }],
  ['DB Secret named like the chart\'s own Secret', { edit: (c) => (c.database.secretName = 'spaceport-app-secret'), field: 'database.secretName', rule: /^is also the Secret the application chart writes its master secret and administrator into/ }],
  ['object-storage Secret named like the chart\'s <app>-envs', { edit: (c) => (c.objectStorage.secretName = 'codecanvas-app-envs'), field: 'objectStorage.secretName', rule: /<app>-envs, derived from application\.releaseName "codecanvas"/ }],
  ['DB Secret named like the chart\'s database Secret of another release name', { edit: (c) => { c.application.releaseName = 'canvas'; c.database.secretName = 'canvas-codecanvas-app-database'; }, field: 'database.secretName', rule: /<app>-database, derived from application\.releaseName "canvas"/ }],
  ['DB Secret named like the Redis subchart\'s Secret', { edit: (c) => (c.database.secretName = 'codecanvas-redis'), field: 'database.secretName', rule: /the Redis subchart's Secret/ }],
  ['DB Secret named like the sealed generated-keys Secret', { edit: (c) => (c.database.secretName = 'codecanvas-generated-keys'), field: 'database.secretName', rule: /keys --format sealed/ }],
  ['two dev clusters on one API server write one StorageClass', {
    edit: (c) => { dev(c).argocdDestinationServer = 'https://dev.example.com'; copyOfFirstCluster(c, { name: 'dev-b', namespace: 'devenv-b', systemNamespace: 'system-b', argocdDestinationServer: 'https://DEV.example.com:443/', relay: { enabled: false } }); },
    field: 'devEnvironmentClusters[1].storageClasses[0].name', rule: /^is the StorageClass that devEnvironmentClusters\[0\]\.storageClasses\[0\]\.name also writes, and devEnvironmentClusters\[1\]\.argocdDestinationServer and devEnvironmentClusters\[0\]\.argocdDestinationServer are one API server/ }],
  ['two dev clusters on one API server, one URL with several trailing slashes, write one StorageClass', {
    edit: (c) => { dev(c).argocdDestinationServer = 'https://dev.example.com'; copyOfFirstCluster(c, { name: 'dev-b', namespace: 'devenv-b', systemNamespace: 'system-b', argocdDestinationServer: 'https://dev.example.com:443//', relay: { enabled: false } }); },
    field: 'devEnvironmentClusters[1].storageClasses[0].name', rule: /^is the StorageClass that devEnvironmentClusters\[0\]\.storageClasses\[0\]\.name also writes, and devEnvironmentClusters\[1\]\.argocdDestinationServer and devEnvironmentClusters\[0\]\.argocdDestinationServer are one API server/ }],
  ['two dev clusters on one API server write one ClusterIssuer', {
    edit: (c) => { dev(c).argocdDestinationServer = 'https://dev.example.com'; copyOfFirstCluster(c, { name: 'dev-b', namespace: 'devenv-b', systemNamespace: 'system-b', storageClasses: [{ name: 'sc-b' }], volumeSnapshotClasses: [{ name: 'vsc-b' }], relay: { enabled: true, hostname: 'relay-b.codecanvas.example.com' } }); },
    field: 'devEnvironmentClusters[1].argocdDestinationServer', rule: /^deploys ClusterIssuer letsencrypt-prod \(ingress\.clusterIssuer\) to the API server that devEnvironmentClusters\[0\]\.argocdDestinationServer also deploys it to/ }],
  ['two dev clusters on one API server name one ClusterIssuer of their own', {
    edit: (c) => { dev(c).argocdDestinationServer = 'https://dev.example.com'; dev(c).ingress = { clusterIssuer: 'own-issuer', letsEncrypt: { email: 'ops@example.com' } }; copyOfFirstCluster(c, { name: 'dev-b', namespace: 'devenv-b', systemNamespace: 'system-b', storageClasses: [{ name: 'sc-b' }], volumeSnapshotClasses: [{ name: 'vsc-b' }], relay: { enabled: true, hostname: 'relay-b.codecanvas.example.com' } }); },
    field: 'devEnvironmentClusters[1].ingress.clusterIssuer', rule: /^is the ClusterIssuer that devEnvironmentClusters\[0\]\.ingress\.clusterIssuer also writes, and devEnvironmentClusters\[1\]\.argocdDestinationServer and devEnvironmentClusters\[0\]\.argocdDestinationServer are one API server/ }],
  ['a dev cluster on a shared API server with StorageClasses that are not a list', { edit: (c) => { dev(c).argocdDestinationServer = 'https://kubernetes.default.svc'; dev(c).storageClasses = 'codecanvas-storage'; }, field: 'devEnvironmentClusters[0].storageClasses', rule: /^must be a list/ }],
  ['a dev cluster on the application\'s API server takes its namespace', { edit: (c) => { dev(c).argocdDestinationServer = 'https://kubernetes.default.svc'; dev(c).namespace = 'codecanvas'; }, field: 'devEnvironmentClusters[0].namespace', rule: /^is the Namespace that namespace also writes, and devEnvironmentClusters\[0\]\.argocdDestinationServer and delivery\.argocd\.destinationServer are one API server/ }],
  ['one ClusterSecretStore from two folders on one API server', { edit: (c) => { c.secrets.keyVault.storeKind = 'ClusterSecretStore'; c.ingress.letsEncrypt = undefined; dev(c).argocdDestinationServer = 'https://kubernetes.default.svc/'; }, field: 'devEnvironmentClusters[0].argocdDestinationServer', rule: /^deploys ClusterSecretStore codecanvas-key-vault \(secrets\.keyVault\.storeName\)/ }],
  ['a jump hostname that is the application\'s domain', { edit: (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', hostname: 'codecanvas.example.com' }), field: 'devEnvironmentClusters[0].jump.ssh.hostname', rule: /^is already the host of domain: ExternalDNS would publish one name for two endpoints/ }],
  ['a jump hostname that is the relay\'s', { edit: (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', hostname: 'gateway.codecanvas.example.com' }), field: 'devEnvironmentClusters[0].jump.ssh.hostname', rule: /^is already the host of devEnvironmentClusters\[0\]\.relay\.hostname/ }],
  ['two jump Services claiming one hostname', { edit: (c) => { dev(c).jump.ssh = { type: 'LoadBalancer', hostname: 'ssh.example.com' }; c.devEnvironmentClusters.push({ name: 'dev-b', jump: { ssh: { type: 'LoadBalancer', hostname: 'ssh.example.com' } } }); }, field: 'devEnvironmentClusters[1].jump.ssh.hostname', rule: /^is already the host of devEnvironmentClusters\[0\]\.jump\.ssh\.hostname/ }],
  ['relay and jump releases with one name in one namespace (flux delivery)', { base: 'sealed', edit: (c) => (dev(c).jump.releaseName = dev(c).relay.releaseName ?? 'codecanvas-relay'), field: 'devEnvironmentClusters[0].jump.releaseName', rule: /^is also devEnvironmentClusters\[0\]\.relay\.releaseName: two Helm releases in one namespace \(devEnvironmentClusters\[0\]\.systemNamespace\)/ }],
  ['operator and relay releases with one name (helm delivery)', { base: 'helm', edit: (c) => { dev(c).relay = { enabled: true, jwtPublicKey: load('aks').devEnvironmentClusters[0].relay.jwtPublicKey }; dev(c).operator = { enabled: true, releaseName: 'codecanvas-relay' }; }, field: 'devEnvironmentClusters[0].operator.releaseName', rule: /^is also devEnvironmentClusters\[0\]\.relay\.releaseName: two Helm releases/ }],
  // --- Two secrets from one source key
  ['DB password and master secret from one Key Vault secret', { edit: (c) => (c.secrets.names = { databasePassword: 'codecanvas-master-secret' }), field: 'secrets.names.databasePassword', rule: /^is also the source key of secrets\.names\.masterSecret \(default\) \("codecanvas-master-secret"\): two secrets read from one Key Vault secret get one value/ }],
  ['Key Vault secret names that differ only in case', { edit: (c) => (c.secrets.names = { databasePassword: 'cc-secret', masterSecret: 'CC-Secret' }), field: 'secrets.names.masterSecret', rule: /secrets\.names\.databasePassword \("cc-secret"; Key Vault secret names ignore case\)/ }],
  ['a secret read from a cluster\'s key', { edit: (c) => (c.secrets.names = { databasePassword: 'Dev-Westeurope-Operator-Jwt-Private-Key' }), field: 'secrets.names.databasePassword', rule: /the operatorJwtPrivateKey of devEnvironmentClusters\[0\]\.name/ }],
  ['two secrets from one environment variable', { base: 'helm', edit: (c) => (c.secrets.names = { masterSecret: 'CODECANVAS_DB_PASSWORD' }), field: 'secrets.names.masterSecret', rule: /one environment variable get one value/ }],
  // --- What the target accepts
  ['a database name over 63 bytes', { edit: (c) => (c.database.name = 'd'.repeat(64)), field: 'database.name', rule: /^is 64 bytes long; a PostgreSQL database name may have at most 63 bytes/ }],
  ['a user name of 32 characters but 64 bytes', { edit: (c) => (c.database.username = '\u00e9'.repeat(32)), field: 'database.username', rule: /^is 64 bytes long; a PostgreSQL user name/ }],
  ['a database name the JDBC URL would read', { edit: (c) => (c.database.name = 'codecanvas?ssl=false'), field: 'database.name', rule: /^must be a PostgreSQL database name/ }],
  ['replicas beyond int32', { edit: (c) => (c.application.replicas = 3000000000), field: 'application.replicas', rule: /^must be at most 2147483647 \(Kubernetes stores it as a 32-bit integer\)/, value: '3000000000' }],
  ['operator maxReplicas beyond int32', { edit: (c) => (dev(c).operator.autoscaling = { maxReplicas: 2147483648 }), field: 'devEnvironmentClusters[0].operator.autoscaling.maxReplicas', rule: /^must be at most 2147483647/ }],
  ['replicaCount beyond int32 in chart values', { edit: (c) => (c.application.values = { application: { replicaCount: 3000000000 } }), field: 'application.values.application.replicaCount', rule: /^must be an integer replica count between 0 and 2147483647/ }],
  ['a port beyond 65535 in chart values', { edit: (c) => (dev(c).relay.values = { service: { port: 70000 } }), field: 'devEnvironmentClusters[0].relay.values.service.port', rule: /^must be an integer between 1 and 65535/ }],
  ['an integer JavaScript cannot hold exactly', { edit: (c) => (c.application.values = { limits: { bytes: 2 ** 60 } }), field: 'application.values.limits.bytes', rule: /^is beyond 9007199254740991/ }],
  ['an IPv4 octet over 255 as load balancer IP', { edit: (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', loadBalancerIP: '10.0.0.300' }), field: 'devEnvironmentClusters[0].jump.ssh.loadBalancerIP', rule: /^must be an IPv4 address: four numbers 0-255/ }],
  ['a leading zero in a load balancer IP', { edit: (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', loadBalancerIP: '10.0.0.010' }), field: 'devEnvironmentClusters[0].jump.ssh.loadBalancerIP', rule: /without leading zeros/ }],
  ['a loopback load balancer IP', { edit: (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', loadBalancerIP: '127.0.0.1' }), field: 'devEnvironmentClusters[0].jump.ssh.loadBalancerIP', rule: /^must be a unicast address a load balancer can take/ }],
  ['an IPv4 database host over 255', { edit: (c) => (c.database.host = '10.20.30.256'), field: 'database.host', rule: /^must be a host name or IP address only/ }],
  ['a database port beyond 65535', { edit: (c) => (c.database.port = 65536), field: 'database.port', rule: /^must be an integer between 1 and 65535/ }],
  ...['main..HEAD', 'main.lock', 'release/v1.lock', 'main@{1}', 'main/', '/main', 'feat//x', 'main.', 'feat/.hidden', 'a b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', '@', '-main'].map(
    (revision): [string, Case] => [`git revision ${JSON.stringify(revision)}`, { edit: (c) => (c.gitops.revision = revision), field: 'gitops.revision', rule: /^must be a Git branch name such as main; /, value: JSON.stringify(revision) }],
  ),
  ...['nul', 'con', 'aux', 'prn', 'com1', 'lpt9'].map(
    (name): [string, Case] => [`cluster folder ${name}`, { edit: (c) => (dev(c).name = name), field: 'devEnvironmentClusters[0].name', rule: /^names the output folder dist\/<name>\/ and is a file name Windows reserves/ }],
  ),
  ['a Windows-reserved folder in gitops.path', { edit: (c) => (c.gitops.path = 'deploy/Aux.d/dist'), field: 'gitops.path', rule: /^has the folder "Aux\.d", which is a file name Windows reserves/ }],
];

function issuesOf(c: Case) {
  const config = load(c.base ?? 'aks');
  c.edit(config);
  return checkConfig(config);
}

describe('hostile input: one defect each, named by field, rule and value', () => {
  test('every base example is valid', () => {
    for (const base of Object.keys(FILES) as Base[]) expect(checkConfig(load(base)).map(formatIssue)).toEqual([]);
  });

  test.each(cases)('%s', (_name, c) => {
    const issues = issuesOf(c);
    const line = issues.find((i) => i.path === c.field && c.rule.test(i.rule));
    expect({ found: line ? 'field and rule' : issues.map(formatIssue), value: c.value && line ? formatIssue(line).includes(c.value) : undefined }).toEqual({
      found: 'field and rule',
      value: c.value ? true : undefined,
    });
    // No message carries a hidden character itself: each is shown as <U+....>.
    for (const issue of issues) expect(hiddenTextProblem(formatIssue(issue), 'line')).toBeUndefined();
  });

  test('a hidden character is the only message for its field (the schema rule it also breaks is not repeated)', () => {
    const config = exampleConfig();
    config.namespace = 'codecanvas\u200b';
    expect(checkConfig(config).map(formatIssue)).toEqual([
      'namespace: is "codecanvas<U+200B>"; contains U+200B ZERO WIDTH SPACE (an invisible character) at position 11: control, invisible and bidirectional characters are refused, as they make a value differ from what it looks like (or end a line where one is expected); retype it',
    ]);
  });

  test('a field name with a hidden character is one unknown field, its path showing the character', () => {
    const config = exampleConfig();
    config['namespace\u200b'] = 'x';
    const lines = checkConfig(config).map(formatIssue);
    expect(lines).toEqual([expect.stringMatching(/: is "x"; is not a known field/)]);
    expect(lines[0].startsWith(`${pathOf(['namespace\u200b'])}: `)).toBe(true);
    expect(pathOf(['namespace\u200b'])).not.toContain('\u200b');
  });

  test('a chart values key with a hidden character is reported once, at its visible path', () => {
    const config = exampleConfig();
    config.application.values = { ['replica\u200bCount']: 2 };
    expect(checkConfig(config).map(formatIssue)).toEqual([
      `${pathOf(['application', 'values', 'replica\u200bCount'])}: is "replica<U+200B>Count"; is a mapping key that contains U+200B ZERO WIDTH SPACE (an invisible character) at position 8: control, invisible and bidirectional characters are refused, as they make a key differ from what it looks like (or end a line where one is expected); retype it`,
    ]);
  });

  test('a private key with a hidden character is reported as a private key only, never shown', () => {
    const config = exampleConfig();
    config.localAdministrator.firstName = '-----BEGIN PRIVATE KEY-----\nnot-a-real-secret\u200b\n-----END PRIVATE KEY-----\n';
    const lines = checkConfig(config).map(formatIssue);
    expect(lines).toEqual([expect.stringMatching(/^localAdministrator\.firstName: is "\(a private key\)"; holds a private key/)]);
  });

  test('every problem of one file comes at once', () => {
    const config = exampleConfig();
    config.namespace = 'kube-system';
    config.database.name = 'x'.repeat(64);
    dev(config).name = 'nul';
    config.gitops.revision = 'main..HEAD';
    config.localAdministrator.lastName = 'Admin\u202e';
    expect(checkConfig(config).map((i) => i.path).sort()).toEqual(
      ['database.name', 'devEnvironmentClusters[0].name', 'gitops.revision', 'localAdministrator.lastName', 'namespace'].sort(),
    );
  });
});

describe('valid input stays valid', () => {
  const good: [string, (c: Config) => void][] = [
    ['a user@server database user', (c) => (c.database.username = 'codecanvas@my-server')],
    ['a database name of 63 bytes', (c) => (c.database.name = `d${'\u00e9'.repeat(31)}`)],
    ['multi-line text, tabs and a no-break space in chart values', (c) => (c.application.values = { note: 'line one\n\tline two\r\nnon\u00a0breaking' })],
    ['a PEM with CRLF line ends', (c) => (dev(c).relay.jwtPublicKey = dev(c).relay.jwtPublicKey.replace(/\n/g, '\r\n'))],
    ['replicas at the int32 maximum', (c) => (c.application.replicas = 2147483647)],
    ['ports and replicas in chart values', (c) => (c.application.values = { service: { port: 8080, nodePort: 30080 }, replicaCount: 0, autoscaling: { maxReplicas: 10 } })],
    ['a large integer that is not a port or count', (c) => (c.application.values = { limits: { bytes: 5_000_000_000 } })],
    ['a private load balancer IP', (c) => (dev(c).jump.ssh = { type: 'LoadBalancer', loadBalancerIP: '10.0.0.10', hostname: 'ssh.codecanvas.example.com' })],
    ['a nested branch name', (c) => (c.gitops.revision = 'release/2025.1_final-2')],
    ['cluster names that only start like reserved ones', (c) => (dev(c).name = 'console')],
    ['a folder that only starts like a reserved one', (c) => (c.gitops.path = 'deploy/con-fig/auxiliary')],
    ['a namespace that only contains "kube"', (c) => (c.namespace = 'kubeflow-codecanvas')],
    ['two dev clusters without a shared API server reuse names', (c) => copyOfFirstCluster(c, { name: 'dev-b', relay: { enabled: false } })],
    ['two dev clusters on one API server with names of their own', (c) => {
      dev(c).argocdDestinationServer = 'https://dev.example.com';
      copyOfFirstCluster(c, {
        name: 'dev-b', namespace: 'devenv-b', systemNamespace: 'system-b', storageClasses: [{ name: 'sc-b' }], volumeSnapshotClasses: [{ name: 'vsc-b' }],
        relay: { enabled: false }, argocdDestinationServer: 'https://dev.example.com',
      });
    }],
    // Only a port 443 at the end is the default one: https://dev.example.com:4430 is another API server than https://dev.example.com0.
    ['two dev clusters whose API server URLs differ only past a ":443"', (c) => {
      dev(c).argocdDestinationServer = 'https://dev.example.com:4430';
      copyOfFirstCluster(c, { name: 'dev-b', relay: { enabled: false }, argocdDestinationServer: 'https://dev.example.com0' });
    }],
    ['relay and jump releases named apart', (c) => (dev(c).jump.releaseName = 'jump')],
    // Free text may mix scripts; one script, or the mixes East Asian writing uses, are no homoglyph.
    ['a first name that mixes scripts (free text)', (c) => (c.localAdministrator.firstName = 'J\u043ehn')],
    ['a last name in two scripts', (c) => (c.localAdministrator.lastName = 'M\u00fcller-\u0418\u0432\u0430\u043d\u043e\u0432')],
    ['a pod annotation value that mixes scripts (free text)', (c) => (dev(c).operator.podAnnotations = { note: 'c\u043ede' })],
    ['a database name wholly in Cyrillic', (c) => (c.database.name = '\u043a\u043e\u0434')],
    ['a Japanese instance ID (Han, Katakana and Latin together)', (c) => (dev(c).jump.instanceId = '\u6771\u4eac\u30bf\u30ef\u30fcjump')],
    ['a Latin name with accents', (c) => (c.database.username = 'jos\u00e9')],
    ['an internationalized repository host in Cyrillic', (c) => (c.gitops.repoURL = 'https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/acme/platform.git')],

    ['Key Vault reader and chart ServiceAccount named apart', (c) => (c.secrets.keyVault.serviceAccountName = 'kv-reader')],
    ['Key Vault reader named like the operator\'s ServiceAccount of a disabled operator', (c) => { dev(c).operator = { enabled: false }; c.secrets.keyVault.serviceAccountName = 'codecanvas-operator-codecanvas-devenv-service-account'; }],

  ];
  test.each(good)('%s', (_name, edit) => {
    const config = exampleConfig();
    edit(config);
    expect(checkConfig(config).map(formatIssue)).toEqual([]);
  });
});

describe('the rules themselves', () => {
  test('hidden characters are named and located; a PEM keeps its line breaks, free text also tabs and other spaces', () => {
    expect(hiddenTextProblem('a\u200bb', 'line')).toMatch(/^contains U\+200B ZERO WIDTH SPACE \(an invisible character\) at position 2:/);
    expect(hiddenTextProblem('\u{1f600}\u200b', 'line')).toMatch(/at position 2:/); // positions count characters, not UTF-16 units
    expect(hiddenTextProblem('\u{1f600}a\u200b\u{1f600} \u2060', 'line')).toMatch(/U\+200B .* at position 3, U\+2060 .* at position 6:/);
    expect(hiddenTextProblem('a b\u00a0c', 'line')).toMatch(/^contains U\+00A0 NO-BREAK SPACE \(a space other than the ASCII space\) at position 4:/);
    expect(visibleText('\u{1f600} \u200b\u{1f600}')).toBe('\u{1f600} <U+200B>\u{1f600}');
    expect(hiddenTextProblem('a\nb\tc\r\nd', 'free')).toBeUndefined();
    expect(hiddenTextProblem('a\nb\r\nc\n', 'lines')).toBeUndefined();
    expect(hiddenTextProblem('a\tb', 'lines')).toMatch(/U\+0009 CHARACTER TABULATION/);
    expect(hiddenTextProblem('a\nb', 'line')).toMatch(/U\+000A LINE FEED/);
    for (const kind of ['line', 'lines', 'free'] as const) expect(hiddenTextProblem('a\rb', kind)).toMatch(/U\+000D CARRIAGE RETURN/);
    expect(hiddenTextProblem('a\u00a0b', 'free')).toBeUndefined();
    expect(hiddenTextProblem('a\u00a0b', 'lines')).toMatch(/a space other than the ASCII space/);
    expect(hiddenTextProblem('a\u00a0b', 'line')).toMatch(/a space other than the ASCII space/);
    expect(hiddenTextProblem(' padded ', 'free')).toBeUndefined();
    expect(hiddenTextProblem(' padded\n', 'lines')).toBeUndefined();
    expect(hiddenTextProblem('', 'line')).toBeUndefined();
    expect(hiddenTextProblem('\u{e0041}', 'line')).toMatch(/^contains U\+E0041 \(an invisible character\)/);
    expect(hiddenTextProblem('\u2065', 'line')).toMatch(/^contains U\+2065 \(an invisible character\)/);
    expect(hiddenTextProblem('\ufffe', 'line')).toMatch(/a character that stands for no text/);
    expect(hiddenTextProblem('\ufdd0', 'line')).toMatch(/a character that stands for no text/);
    expect(visibleText('a\u202eb\u0000')).toBe('a<U+202E>b<U+0000>');
    expect(visibleText('a\nb', 'lines')).toBe('a\nb');
    expect(visibleText('a\nb')).toBe('a<U+000A>b');
  });

  test('mixed scripts: word by word, the odd letters named, East Asian mixes and free scripts allowed', () => {
    expect(mixedScriptProblem('example')).toBeUndefined();
    expect(mixedScriptProblem('caf\u00e9-\u0441\u0430\u0435')).toMatch(/^has the Cyrillic word at position 6 .*reads as "cae"/);
    expect(mixedScriptProblem('\u0441\u0430\u0444\u0435')).toBeUndefined(); // no Latin elsewhere: a Cyrillic word
    expect(mixedScriptProblem('\u0444\u0430\u0439\u043b.txt')).toBeUndefined(); // "файл" has letters no Latin one looks like
    expect(mixedScriptProblem('\u6771\u4eac\u30bf\u30ef\u30fc\u3068tokyo')).toBeUndefined();
    expect(mixedScriptProblem('\uc11c\uc6b8\u5c71seoul')).toBeUndefined();
    expect(mixedScriptProblem('\uc11c\uc6b8\u30bf')).toMatch(/mixes scripts in one word: U\+30BF \(Katakana\) at position 3 among Hangul letters/);
    expect(mixedScriptProblem('ab\u0436', 'host')).toMatch(/^mixes scripts in one word: U\+0436 \(Cyrillic\) at position 3 among Latin letters; .* makes a host read as/);
    // The fewer letters are the odd ones; a tie names the non-Latin ones.
    expect(mixedScriptProblem('\u0430\u0431\u0432x')).toMatch(/U\+0078 \(Latin\) at position 4 among Cyrillic letters/);
    expect(mixedScriptProblem('a\u0430')).toMatch(/U\+0430 CYRILLIC SMALL LETTER A \(looks like "a"\) at position 2 among Latin letters/);
    // Digits and combining marks belong to no script: they neither mix nor count.
    expect(mixedScriptProblem('e\u0301t\u00e92025')).toBeUndefined();
    expect(asciiText('c\u043ede \u{1f600}')).toBe('c<U+043E>de <U+1F600>');
  });

  test('PostgreSQL names: bytes, not characters; a user may carry @server', () => {
    expect(postgresNameProblem('a'.repeat(63), 'database')).toBeUndefined();
    expect(postgresNameProblem('a'.repeat(64), 'database')).toMatch(/^is 64 bytes long/);
    expect(postgresNameProblem('\u00e9'.repeat(31), 'user')).toBeUndefined();
    expect(postgresNameProblem('\u00e9'.repeat(32), 'user')).toMatch(/^is 64 bytes long/);
    expect(postgresNameProblem('u@server', 'user')).toBeUndefined();
    expect(postgresNameProblem('u@server', 'database')).toMatch(/^must be a PostgreSQL database name/);
    expect(postgresNameProblem('1db', 'database')).toMatch(/starting with a letter or "_"/);
    expect(postgresNameProblem('', 'user')).toBe('must not be empty');
  });

  test('load balancer IPs: special-purpose ranges are refused, the edges of the rest accepted', () => {
    for (const ip of ['0.1.2.3', '127.0.0.1', '169.254.1.1', '224.0.0.1', '255.255.255.255']) expect(loadBalancerIpProblem(ip)).toMatch(/unicast/);
    for (const ip of ['1.0.0.0', '10.0.0.10', '126.255.255.255', '128.0.0.1', '169.253.0.1', '169.255.0.1', '10.254.0.1', '223.255.255.254']) expect(loadBalancerIpProblem(ip)).toBeUndefined();
    // Not an address at all (a number past 255) is the IPv4 rule's to report, not this one's.
    for (const ip of ['300.0.0.1', '1.2.3', 'a.b.c.d']) expect(loadBalancerIpProblem(ip)).toBeUndefined();
  });

  test('git branch names as git check-ref-format --branch takes them', () => {
    for (const ok of ['main', 'release/2025.1', 'feature/a.b-c_d', 'v1', 'a.lockb']) expect(gitBranchProblem(ok)).toBeUndefined();
    expect(gitBranchProblem('')).toMatch(/empty name/);
    expect(gitBranchProblem('ü')).toMatch(/use only letters, digits and \. _ \/ -/);
  });

  test('Windows-reserved names with and without an extension, in any case', () => {
    for (const name of ['CON', 'nul', 'Com9', 'lpt1.txt', 'aux.tar.gz']) expect(isWindowsReservedName(name)).toBe(true);
    for (const name of ['com0', 'com10', 'console', 'nul-dev', 'xnul', 'lpt']) expect(isWindowsReservedName(name)).toBe(false);
  });

  test('helm fullname: override, release containing the chart name, or release-chart, cut at 63', () => {
    expect(helmFullname('codecanvas', 'codecanvas')).toBe('codecanvas');
    expect(helmFullname('my-codecanvas-relay', 'codecanvas-relay')).toBe('my-codecanvas-relay');
    expect(helmFullname('canvas', 'codecanvas')).toBe('canvas-codecanvas');
    expect(helmFullname('canvas', 'codecanvas', { nameOverride: 'canv' })).toBe('canvas');
    expect(helmFullname('canvas', 'codecanvas', { fullnameOverride: 'other' })).toBe('other');
    expect(helmFullname(`${'r'.repeat(62)}`, 'chart')).toBe('r'.repeat(62));
  });
});

describe('property: any hidden character in any string field of the example is reported at that field', () => {
  type Path = (string | number)[];
  const strings = (value: unknown, at: Path = []): Path[] => {
    if (typeof value === 'string') return [at];
    if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, i]));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
    return [];
  };
  const display = (at: Path) => at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  const example = exampleConfig();
  const fields = strings(example);
  // A PEM keeps its line breaks (LF, and CR before LF): those are drawn only for one-line fields.
  const freeText = (at: Path) => at[at.length - 1] === 'jwtPublicKey';

  test('the example has string fields at every level to draw from', () => {
    expect(fields.length).toBeGreaterThan(30);
  });

  test('inserted anywhere, it is reported with the field path and its code point', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), hiddenChar, fc.nat(), (at, char, where) => {
        fc.pre(!(freeText(at) && ['\n', '\r'].includes(char)));
        const config = JSON.parse(JSON.stringify(example));
        let node = config;
        for (const part of at.slice(0, -1)) node = node[part];
        const last = at[at.length - 1];
        const text: string = node[last];
        const index = where % (text.length + 1);
        node[last] = text.slice(0, index) + char + text.slice(index);
        const issues = checkConfig(config);
        const found = issues.find((i) => i.path === display(at));
        expect(found?.rule).toMatch(new RegExp(`^contains .*${code(char)}`));
        // And nothing else but messages about that field (the hidden character explains it).
        expect(issues.filter((i) => i.path !== display(at)).map(formatIssue)).toEqual([]);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });

  test('in a mapping key anywhere, it is reported at the key, shown: as an unknown field, or in chart values by the character', () => {
    const withValues = JSON.parse(JSON.stringify(example));
    withValues.application.values = { application: { serviceAccount: { annotations: { team: 'platform' } } } };
    dev(withValues).relay.values = { ingress: { annotations: { a: 'b' } } };
    const mappings = (value: unknown, at: Path = []): Path[] => {
      if (Array.isArray(value)) return value.flatMap((v, i) => mappings(v, [...at, i]));
      if (!value || typeof value !== 'object') return [];
      return [at, ...Object.entries(value).flatMap(([k, v]) => mappings(v, [...at, k]))];
    };
    const all = mappings(withValues);
    expect(all.filter((at) => at.includes('values')).length).toBeGreaterThan(4);
    fc.assert(
      fc.property(fc.constantFrom(...all), hiddenChar, (at, char) => {
        const config = JSON.parse(JSON.stringify(withValues));
        let node = config;
        for (const part of at) node = node[part];
        const [key] = Object.keys(node);
        node[`${key}${char}`] = node[key];
        delete node[key];
        const issue = checkConfig(config).find((i) => i.path === pathOf([...at, `${key}${char}`]));
        // A key inside chart values (not the values mapping itself) is free; every other one is a field of the schema.
        const inValues = at.includes('values');
        expect(issue?.rule).toMatch(inValues ? new RegExp(`^is a mapping key that contains .*${code(char)}`) : /^is not a known field/);
        expect(issue?.path).not.toMatch(/[^\x20-\x7e]/);
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});

describe('through synth: exit 1, the output untouched, no hidden character reaches the terminal', () => {
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hostile-'))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each([
    ['an ANSI escape sequence in a name', (c: Config) => (c.localAdministrator.firstName = '\u001b]0;pwned\u0007\u001b[2J')],
    ['a newline that smuggles a second env line', (c: Config) => (dev(c).jump.instanceId = 'id\nJUMP_CANVAS_URL=https://evil.example')],
    ['Argo CD\'s namespace as the dev namespace', (c: Config) => (dev(c).namespace = 'argocd')],
  ])('%s', async (_name, edit) => {
    const dir = fs.mkdtempSync(path.join(work, 'case-'));
    const config = exampleConfig();
    edit(config);
    const file = path.join(dir, 'codecanvas.yaml');
    fs.writeFileSync(file, yaml.dump(config, { lineWidth: -1 }));
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'MARKER'), 'previous output');
    const err: string[] = [];
    const code = await main(['synth', '--config', file, '--out', out], { stdout: () => undefined, stderr: (s) => err.push(s), env: fakeSecretEnv(), cwd: dir });
    const stderr = err.join('');
    expect({ code, output: fs.readdirSync(out), namesFile: stderr.startsWith(`${file}: 1 problem found`) }).toEqual({ code: 1, output: ['MARKER'], namesFile: true });
    // Only the line breaks of the message itself: no ESC, BEL or newline from the value.
    expect(stderr.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});
