// Per-cluster ingress settings (each dev-environment cluster gets the ClusterIssuer its relay names) and dev
// clusters declared before CodeCanvas has issued their instance IDs (synth writes what it can and says what not).
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { checkConfig, LoadedConfig, loadConfigFile, parseConfig } from '../lib/config/load';
import type { ResolvedConfig } from '../lib/config/config-types';
import { formatIssue } from '../lib/config/errors';
import { clusterIngress, devClusterNamed } from '../lib/charts/cluster-ingress';
import { DevEnvironmentClusterChart, jumpSshEndpoint } from '../lib/charts/dev-environment-cluster-chart';
import { rendererFor } from '../lib/charts/delivery';
import { secretSourceFor } from '../lib/charts/secret-source-for';
import { planCluster } from '../cli/preflight/cluster-plan';
import { runSynth } from '../cli/synth-command';
import { synthesize } from '../cli/synth';
import { exampleConfig, ROOT, withField } from './helpers';

type Doc = Record<string, any>;
const EXAMPLES = path.join(ROOT, 'examples');
const THREE = path.join(EXAMPLES, 'three-clusters.yaml');
const loadedOf = (raw: unknown): LoadedConfig => ({ config: parseConfig(raw, 'test.yaml'), source: 'test.yaml', baseDir: EXAMPLES });

function docs(loaded: LoadedConfig, cluster: string): Doc[] {
  return synthesize(loaded)
    .files.filter((f) => f.path.startsWith(`${cluster}/`) && f.path.endsWith('.yaml'))
    .flatMap((f) => yaml.loadAll(f.content) as Doc[]);
}
const issuers = (d: Doc[]) => d.filter((o) => o.kind === 'ClusterIssuer');
const app = (d: Doc[], name: string) => d.find((o) => o.kind === 'Application' && o.metadata.name === name);

describe('per-cluster ingress settings', () => {
  const loaded = loadConfigFile(THREE);
  const application = docs(loaded, 'application');
  const west = docs(loaded, 'dev-westeurope');
  const east = docs(loaded, 'dev-eastus');

  test('the application cluster keeps the top-level issuer and class', () => {
    expect(issuers(application).map((i) => [i.metadata.name, i.spec.acme.solvers[0].http01.ingress.ingressClassName])).toEqual([['letsencrypt-prod', 'nginx']]);
  });

  test('a dev cluster with its own Let\'s Encrypt settings gets its own issuer, through its own ingress class', () => {
    expect(issuers(west)).toHaveLength(1);
    const issuer = issuers(west)[0];
    expect(issuer.metadata.name).toBe('letsencrypt-staging');
    expect(issuer.metadata.namespace).toBeUndefined();
    expect(issuer.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(issuer.spec.acme.solvers[0].http01.ingress.ingressClassName).toBe('webapprouting.kubernetes.azure.com');
    const relay = app(west, 'dev-westeurope-codecanvas-relay')!.spec.source.helm.valuesObject.application.ingress;
    expect(relay.ingressClassName).toBe('webapprouting.kubernetes.azure.com');
    expect(relay.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-staging');
  });

  test('a dev cluster whose issuer exists already (letsEncrypt: false) gets none, and preflight checks it there', () => {
    expect(issuers(east)).toEqual([]);
    const relay = app(application, 'dev-eastus-codecanvas-relay')!.spec.source.helm.valuesObject.application.ingress;
    expect(relay.ingressClassName).toBe('traefik');
    expect(relay.annotations['cert-manager.io/cluster-issuer']).toBe('platform-issuer');
    expect(planCluster(loaded.config, 'dev-eastus').ingress).toEqual({ className: 'traefik', clusterIssuer: 'platform-issuer', issuerInOutput: false });
    expect(planCluster(loaded.config, 'dev-westeurope').ingress).toEqual({
      className: 'webapprouting.kubernetes.azure.com',
      clusterIssuer: 'letsencrypt-staging',
      issuerInOutput: true,
    });
  });

  test('without per-cluster settings a dev cluster with a relay inherits the top-level issuer and creates it', () => {
    const loaded = loadConfigFile(path.join(EXAMPLES, 'aks.yaml'));
    expect(issuers(docs(loaded, 'dev-westeurope')).map((i) => i.metadata.name)).toEqual(['letsencrypt-prod']);
  });

  test('a dev cluster without a relay needs no issuer', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.relay', { enabled: false });
    expect(issuers(docs(loadedOf(raw), 'dev-westeurope'))).toEqual([]);
  });

  test('overriding only clusterIssuer does not inherit letsEncrypt (the named issuer is expected to exist)', () => {
    const config = parseConfig(withField(exampleConfig(), 'devEnvironmentClusters.0.ingress', { clusterIssuer: 'corp-ca' }));
    expect(clusterIngress(config, 'dev-westeurope')).toEqual({ className: 'nginx', clusterIssuer: 'corp-ca', letsEncrypt: undefined });
    expect(clusterIngress(config, 'application').letsEncrypt).toEqual({ email: 'platform-team@example.com', server: 'production' });
  });

  test('naming the top-level ClusterIssuer again is no override: the cluster still inherits letsEncrypt and creates it', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.ingress', { clusterIssuer: 'letsencrypt-prod' });
    expect(clusterIngress(parseConfig(raw), 'dev-westeurope')).toEqual({
      className: 'nginx',
      clusterIssuer: 'letsencrypt-prod',
      letsEncrypt: { email: 'platform-team@example.com', server: 'production' },
    });
    expect(issuers(docs(loadedOf(raw), 'dev-westeurope')).map((i) => i.metadata.name)).toEqual(['letsencrypt-prod']);
  });

  test('bad per-cluster ingress fields are reported with their path', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.ingress', { className: 'Not_A_Name', issuer: 'x' });
    expect(() => parseConfig(raw, 'bad.yaml')).toThrow(/devEnvironmentClusters\[0\]\.ingress\.className[\s\S]*devEnvironmentClusters\[0\]\.ingress/);
  });
});

describe('a dev cluster declared before its instance IDs exist', () => {
  const loaded = loadConfigFile(THREE);
  const result = synthesize(loaded);

  test('synth writes its prerequisites and relay, and no jump or operator objects', () => {
    const east = result.files.filter((f) => f.path.startsWith('dev-eastus/')).map((f) => f.path);
    expect(east).toEqual(['dev-eastus/00-namespaces.yaml', 'dev-eastus/10-cluster-resources.yaml', 'dev-eastus/20-secrets.yaml']);
    const all = result.files.filter((f) => /^(application|dev-eastus)\//.test(f.path)).map((f) => f.content).join('\n');
    expect(all).toContain('dev-eastus-codecanvas-relay');
    expect(all).not.toMatch(/dev-eastus-codecanvas-(jump|operator)|codecanvas-(jump|operator)-secret/);
    expect(docs(loaded, 'dev-eastus').map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'Namespace codecanvas-devenv',
      'Namespace codecanvas-system',
      'StorageClass codecanvas-storage',
      'VolumeSnapshotClass codecanvas-volume-snapshot',
      'Secret codecanvas-relay-secret',
    ]);
  });

  test('one warning line per release left out, naming the field to fill in', () => {
    expect(result.warnings).toEqual([
      expect.stringMatching(/^devEnvironmentClusters\[1\]\.jump \(dev-eastus\): release codecanvas-jump left out: devEnvironmentClusters\[1\]\.jump\.instanceId is not set yet/),
      expect.stringMatching(/^devEnvironmentClusters\[1\]\.operator \(dev-eastus\): release codecanvas-operator left out: .*operator\.instanceId is not set yet/),
    ]);
  });

  test('the synth command prints them on stderr and still writes the output (exit 0)', () => {
    const err: string[] = [];
    const outdir = require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'skip-'));
    const code = runSynth({ config: THREE, outdir, env: {}, stdout: () => undefined, stderr: (s) => err.push(s) });
    expect(code).toBe(0);
    expect(err.join('').trim().split('\n')).toEqual([expect.stringMatching(/^warning: .*jump .*left out/), expect.stringMatching(/^warning: .*operator .*left out/)]);
  });

  test('preflight does not expect the Secrets of releases that are left out', () => {
    const names = planCluster(loaded.config, 'dev-eastus').secrets.map((s) => s.name);
    expect(names).toEqual(['codecanvas-relay-secret']);
  });

  test('a cluster with every ID set writes all three releases and warns about nothing', () => {
    const full = synthesize(loadConfigFile(path.join(EXAMPLES, 'aks.yaml')));
    expect(full.warnings).toEqual([]);
  });
});

describe('jump SSH exposure', () => {
  const jumpValues = (loaded: LoadedConfig, cluster: string, folder = cluster) =>
    app(docs(loaded, folder), `${cluster}-codecanvas-jump`)!.spec.source.helm.valuesObject.application.sshService;

  test('default: the chart\'s NodePort, and the endpoint says a node port is looked up', () => {
    const loaded = loadConfigFile(path.join(EXAMPLES, 'aks.yaml'));
    expect(jumpValues(loaded, 'dev-westeurope')).toEqual({ type: 'NodePort' });
    const endpoint = jumpSshEndpoint(loaded.config.devEnvironmentClusters[0]);
    expect(endpoint).toMatchObject({ serviceName: 'codecanvas-jump-ssh', type: 'NodePort', address: '<node IP>:<node port>' });
    expect(endpoint.lookup).toContain("kubectl --context dev-westeurope -n codecanvas-system get service codecanvas-jump-ssh -o jsonpath='{.spec.ports[0].nodePort}'");
  });

  test('internal LoadBalancer with an ExternalDNS name', () => {
    const loaded = loadConfigFile(THREE);
    expect(jumpValues(loaded, 'dev-westeurope')).toEqual({
      type: 'LoadBalancer',
      annotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'external-dns.alpha.kubernetes.io/hostname': 'ssh-westeurope.canvas.example.net',
      },
    });
    expect(jumpSshEndpoint(loaded.config.devEnvironmentClusters[0]).address).toBe('ssh-westeurope.canvas.example.net:63101');
  });

  test('public LoadBalancer with a static IP: no internal annotation', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', { type: 'LoadBalancer', loadBalancer: 'public', loadBalancerIP: '20.1.2.3' });
    const loaded = loadedOf(raw);
    expect(jumpValues(loaded, 'dev-westeurope')).toEqual({ type: 'LoadBalancer', loadBalancerIP: '20.1.2.3' });
    expect(jumpSshEndpoint(loaded.config.devEnvironmentClusters[0]).address).toBe('20.1.2.3:63101');
  });

  test('the service name follows the chart\'s fullname rule for other release names', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.jump.releaseName', 'bastion');
    expect(jumpSshEndpoint(loadedOf(raw).config.devEnvironmentClusters[0]).serviceName).toBe('bastion-codecanvas-jump-ssh');
  });

  test('load balancer fields with a NodePort are errors naming the field', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', { hostname: 'ssh.example.com', loadBalancer: 'public' });
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(/devEnvironmentClusters\[0\]\.jump\.ssh\.hostname: .*applies only to jump\.ssh\.type LoadBalancer/);
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(/jump\.ssh\.loadBalancer: /);
  });

  test('the jump values with a LoadBalancer are accepted by the jump chart\'s values schema', () => {
    const { validateChartDir } = require('../cli/validate/manifest-schemas');
    const values = app(docs(loadConfigFile(THREE), 'dev-westeurope'), 'dev-westeurope-codecanvas-jump')!.spec.source.helm.valuesObject;
    expect(validateChartDir(values, path.join(ROOT, 'test', 'fixtures', 'codecanvas-chart-2025.1-RC.875', 'charts', 'codecanvas-jump'))).toEqual([]);
  });
});

describe('dev cluster charts: what each setting writes', () => {
  const sshValues = (loaded: LoadedConfig) =>
    app(docs(loaded, 'dev-westeurope'), 'dev-westeurope-codecanvas-jump')!.spec.source.helm.valuesObject.application.sshService;

  test('a LoadBalancer without host name or IP is internal by default; its address and lookup name the internal load balancer', () => {
    const loaded = loadedOf(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', { type: 'LoadBalancer' }));
    expect(sshValues(loaded)).toEqual({ type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } });
    expect(jumpSshEndpoint(loaded.config.devEnvironmentClusters[0])).toEqual({
      serviceName: 'codecanvas-jump-ssh',
      type: 'LoadBalancer',
      address: '<internal load balancer IP>:63101',
      lookup: "kubectl --context dev-westeurope -n codecanvas-system get service codecanvas-jump-ssh -o jsonpath='{.status.loadBalancer.ingress[0].ip}'   # the internal load balancer address",
    });
  });

  test('a public LoadBalancer without IP: no annotation; address and lookup name the public load balancer', () => {
    const loaded = loadedOf(withField(exampleConfig(), 'devEnvironmentClusters.0.jump.ssh', { type: 'LoadBalancer', loadBalancer: 'public' }));
    expect(sshValues(loaded)).toEqual({ type: 'LoadBalancer' });
    const endpoint = jumpSshEndpoint(loaded.config.devEnvironmentClusters[0]);
    expect(endpoint.address).toBe('<public load balancer IP>:63101');
    expect(endpoint.lookup).toMatch(/   # the public load balancer address$/);
  });

  test('the SSH service name is cut like Helm\'s `trunc 63 | trimSuffix "-"` (one trailing dash removed, not more)', () => {
    const cluster = (releaseName: string, chart?: string) => {
      let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.jump.releaseName', releaseName);
      if (chart) raw = withField(raw, 'devEnvironmentClusters.0.jump.chart.name', chart);
      return loadedOf(raw).config.devEnvironmentClusters[0];
    };
    // 51 + "-codecanvas-jump" is 67 characters: cut to 63, which ends in "-".
    expect(jumpSshEndpoint(cluster('j'.repeat(51))).serviceName).toBe(`${'j'.repeat(51)}-codecanvas-ssh`);
    // 50 + "-codecanvas--jump": the cut ends in "--", and Helm removes one of them.
    expect(jumpSshEndpoint(cluster('j'.repeat(50), 'codecanvas--jump')).serviceName).toBe(`${'j'.repeat(50)}-codecanvas--ssh`);
    // A release name that contains the chart name is the full name as it is.
    expect(jumpSshEndpoint(cluster('my-codecanvas-jump')).serviceName).toBe('my-codecanvas-jump-ssh');
  });

  test('the warnings for releases left out say exactly what to create in CodeCanvas', () => {
    expect(synthesize(loadConfigFile(THREE)).warnings).toEqual([
      'devEnvironmentClusters[1].jump (dev-eastus): release codecanvas-jump left out: devEnvironmentClusters[1].jump.instanceId is not set yet; ' +
        'create the jump server in CodeCanvas (INSTALL.md phase 2), fill in the ID and synth again',
      'devEnvironmentClusters[1].operator (dev-eastus): release codecanvas-operator left out: devEnvironmentClusters[1].operator.instanceId is not set yet; ' +
        'create the Computing Platform connection in CodeCanvas (INSTALL.md phase 2), fill in the ID and synth again',
    ]);
  });

  test('a cluster with no release to write gets no system namespace', () => {
    let raw = withField(exampleConfig(), 'devEnvironmentClusters.0.relay', { enabled: false });
    raw = withField(raw, 'devEnvironmentClusters.0.jump', { enabled: true });
    raw = withField(raw, 'devEnvironmentClusters.0.operator', { enabled: false });
    expect(docs(loadedOf(raw), 'dev-westeurope').map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'Namespace codecanvas-devenv',
      'StorageClass codecanvas-storage',
      'StorageClass codecanvas-storage-premium',
      'VolumeSnapshotClass codecanvas-volume-snapshot',
    ]);
  });

  test('a system namespace equal to the dev-environment namespace: one Namespace, and the releases go there', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.systemNamespace', 'codecanvas-devenv');
    const d = docs(loadedOf(raw), 'dev-westeurope');
    expect(d.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['codecanvas-devenv']);
    expect(app(d, 'dev-westeurope-codecanvas-relay')!.spec.destination.namespace).toBe('codecanvas-devenv');
    expect(d.find((o) => o.metadata.name === 'codecanvas-relay-secret')!.metadata.namespace).toBe('codecanvas-devenv');
  });

  test('an enabled relay without jwtPublicKey: the config rules refuse it, naming the field and how to get the key', () => {
    const raw = withField(exampleConfig(), 'devEnvironmentClusters.0.relay.jwtPublicKey', undefined);
    expect(checkConfig(raw).map(formatIssue)).toEqual([
      'devEnvironmentClusters[0].relay.jwtPublicKey: is required when the relay is enabled (generate it with the keys command)',
    ]);
  });

  test('used as a library, a relay without jwtPublicKey: the chart reports the field and writes no relay Secret', () => {
    // The config rules refuse it; a config made by hand and passed to the chart gets the same sentence from it.
    const valid = parseConfig(exampleConfig(), 'test.yaml');
    const cluster = { ...valid.devEnvironmentClusters[0], relay: { ...valid.devEnvironmentClusters[0].relay, jwtPublicKey: undefined } };
    const config = { ...valid, devEnvironmentClusters: [cluster] } as ResolvedConfig;
    const chart = new DevEnvironmentClusterChart(Testing.app(), { config, index: 0, secretSource: secretSourceFor(config, ROOT, {}), renderer: rendererFor(config) });
    expect(chart.node.validate()).toEqual(['devEnvironmentClusters[0].relay.jwtPublicKey: is required when the relay is enabled (generate it with the keys command)']);
    const relaySecrets = (c: Chart) => c.node.findAll().filter((o) => o instanceof ApiObject && o.name === 'codecanvas-relay-secret');
    expect(relaySecrets(chart)).toEqual([]);
    // With the key: nothing to report, and the Secret is there.
    const whole = new DevEnvironmentClusterChart(Testing.app(), { config: valid, index: 0, secretSource: secretSourceFor(valid, ROOT, {}), renderer: rendererFor(valid) });
    expect(whole.node.validate()).toEqual([]);
    expect(relaySecrets(whole)).toHaveLength(1);
  });

  test('a dev cluster whose issuer exists (letsEncrypt: false) has no letsEncrypt settings', () => {
    expect(clusterIngress(loadConfigFile(THREE).config, 'dev-eastus')).toStrictEqual({ className: 'traefik', clusterIssuer: 'platform-issuer', letsEncrypt: undefined });
  });
});

describe('devClusterNamed: the cluster of a name, from an index built once per list', () => {
  type Cluster = ResolvedConfig['devEnvironmentClusters'][number];
  const configOf = (list: readonly Cluster[]) => ({ devEnvironmentClusters: list }) as ResolvedConfig;
  const example = parseConfig(exampleConfig()).devEnvironmentClusters[0];
  const clusters = (...names: string[]) => names.map((name) => ({ ...example, name }));

  test('the first of two clusters of one name, as find gives it; none for an unknown name', () => {
    const list = clusters('a', 'b', 'a');
    expect(devClusterNamed(configOf(list), 'a')).toBe(list[0]);
    expect(devClusterNamed(configOf(list), 'b')).toBe(list[1]);
    expect(devClusterNamed(configOf(list), 'c')).toBeUndefined();
  });

  test('a list changed after a lookup: a cluster added is found, a cluster removed is not', () => {
    const list = clusters('a', 'b');
    const config = configOf(list);
    expect(devClusterNamed(config, 'b')).toBe(list[1]);
    list.push(...clusters('c'));
    expect(devClusterNamed(config, 'c')).toBe(list[2]);
    list.pop();
    list.pop();
    expect(devClusterNamed(config, 'b')).toBeUndefined();
    expect(devClusterNamed(config, 'a')).toBe(list[0]);
  });

  test('every cluster of a long list looking itself up reads the list a bounded number of times per lookup, not once per cluster', () => {
    const list = clusters(...Array.from({ length: 200 }, (_, i) => `dev-${i}`));
    let reads = 0;
    const counted = new Proxy(list, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const config = configOf(counted);
    for (const cluster of list) expect(devClusterNamed(config, cluster.name)).toBe(cluster);
    expect(reads).toBeLessThan(5 * list.length);
  });
});
