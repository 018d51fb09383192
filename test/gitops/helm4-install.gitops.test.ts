/**
 * delivery.mode helm with helm v4 (the major version new users install): the generated `helm/application/install.sh`
 * of examples/kubectl-helm.yaml, run as INSTALL.md says (the cluster's kube context selected, `helm` on the PATH),
 * installs the chart from the rig's OCI registry into a test API server, twice (the second run is an upgrade that
 * succeeds too). Helm's `--wait` needs Deployment and ReplicaSet status: STAND-IN test/gitops/stand-in.ts writes it
 * (no kubelet or kube-controller-manager here); nothing else is faked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { parseConfig } from '../../lib/config/load';
import { writeOutput } from '../../cli/output/write';
import { synthesize } from '../../cli/synth';
import { fakeSecretEnv } from '../../__tests__/helpers';
import { Cluster, kubernetesVersions, startCluster } from '../cluster/envtest';
import { CHART, describeGitops, Kube, Rig, ROOT, run, runAsync, TOOLS } from './rig';
import { startStandIn } from './stand-in';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describeGitops('helm mode: install.sh with helm v4 installs and upgrades the chart', ['helm4', 'registry', 'helm'], () => {
  let rig: Rig;
  let cluster: Cluster;
  let standIn: ReturnType<typeof startStandIn> | undefined;
  let out: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    rig = new Rig();
    cluster = await startCluster({ version: kubernetesVersions()[0] });
    rig.reapCluster(cluster);
    const kube = new Kube(cluster);
    await kube.applyCrds([path.join(ROOT, 'crds', 'cert-manager.io_clusterissuers.yaml')]);
    const repos = await rig.startRegistry(CHART!);
    standIn = startStandIn([kube]);
    const c = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'kubectl-helm.yaml'), 'utf8')) as Json;
    const chartVersion = (yaml.load(run('tar', ['-xzOf', CHART!, 'codecanvas/Chart.yaml'])) as Json).version;
    c.application = { ...c.application, chart: { repository: repos.https, version: chartVersion } };
    const loaded = { config: parseConfig(c, 'helm.yaml'), source: 'helm.yaml', baseDir: path.join(ROOT, 'examples') };
    out = path.join(rig.dir, 'out');
    writeOutput(out, synthesize(loaded, { env: fakeSecretEnv(c.devEnvironmentClusters.map((d: Json) => d.name)) }).files);
    const home = path.join(rig.dir, 'helm4-home');
    env = {
      PATH: `${path.dirname(TOOLS.helm4)}:${path.dirname(cluster.kubectl)}:${process.env.PATH}`,
      HOME: home,
      KUBECONFIG: cluster.kubeconfig,
      HELM_CACHE_HOME: `${home}/cache`,
      HELM_CONFIG_HOME: `${home}/config`,
      HELM_DATA_HOME: `${home}/data`,
      SSL_CERT_FILE: rig.tls.ca,
    };
  }, 300_000);

  afterAll(async () => {
    await standIn?.stop();
    await rig?.stop();
    await cluster?.stop();
  });

  test('install.sh runs helm v4, installs, and a second run upgrades', async () => {
    expect(run('helm', ['version', '--short'], { env })).toMatch(/^v4\./);
    const script = path.join(out, 'helm', 'application', 'install.sh');
    expect(fs.readFileSync(path.join(out, 'INSTALL.md'), 'utf8')).toContain('install.sh');
    for (const revision of [1, 2]) {
      await runAsync('bash', [script], { env });
      const status = JSON.parse(run('helm', ['status', '-n', 'codecanvas', 'codecanvas', '-o', 'json'], { env }));
      expect({ status: status.info.status, revision: status.version }).toEqual({ status: 'deployed', revision });
    }
  });
});
