// The CRDs preflight requires are the ones our output's objects use, at the API version they use: for every object
// of a CRD kind in the output of several configs, the requirement of that CRD names the object's version.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  ARGOCD_APPLICATION_CRD,
  CERT_MANAGER_CRDS,
  CrdRequirement,
  ESO_EXTERNAL_SECRET_CRD,
  ESO_STORE_CRDS,
  FLUX_CRDS,
  K3S_HELMCHART_CRD,
  SEALED_SECRETS_CRD,
  SNAPSHOT_CRDS,
} from '../cli/preflight/requirements';
import { synthesize } from '../cli/synth';
import { loadConfigFile } from '../lib/config/load';
import { ROOT, withField } from './helpers';

const REQUIREMENTS: CrdRequirement[] = [
  ...CERT_MANAGER_CRDS,
  ...SNAPSHOT_CRDS,
  ESO_EXTERNAL_SECRET_CRD,
  ...Object.values(ESO_STORE_CRDS),
  SEALED_SECRETS_CRD,
  ARGOCD_APPLICATION_CRD,
  ...FLUX_CRDS,
  K3S_HELMCHART_CRD,
];

/** `Kind` in `group` as a CRD name: the lower-case plural and the group. */
const crdName = (kind: string, group: string) => `${kind.toLowerCase().replace(/y$/, 'ie').replace(/s$/, 'se')}s.${group}`;

function objectsOf(config: Record<string, any>, name: string): { apiVersion: string; kind: string }[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crd-versions-')), name);
  fs.writeFileSync(file, yaml.dump(config));
  const env = { CODECANVAS_DB_PASSWORD: 'p', CODECANVAS_STORAGE_KEY: 'k', CODECANVAS_MASTER_SECRET: Buffer.alloc(32, 1).toString('base64') };
  return synthesize(loadConfigFile(file), { env: new Proxy(env as NodeJS.ProcessEnv, { get: (t, k) => (typeof k === 'string' ? (t[k] ?? 'x'.repeat(44)) : undefined) }) })
    .files.filter((f) => /\.ya?ml$/.test(f.path))
    .flatMap((f) => yaml.loadAll(f.content) as { apiVersion: string; kind: string }[])
    .filter((o) => o && typeof o.apiVersion === 'string' && o.apiVersion.includes('/'));
}

test('every CRD object of the output has its CRD required at its version, and every requirement is used', () => {
  const load = (name: string) => yaml.load(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8')) as Record<string, any>;
  const objects = [
    ...objectsOf(load('aks.yaml'), 'aks.yaml'),
    ...objectsOf(withField(load('aks.yaml'), 'secrets.keyVault.storeKind', 'ClusterSecretStore'), 'cluster-store.yaml'),
    ...objectsOf(withField(load('flux-sealed-secrets.yaml'), 'secrets.sealedSecrets.certificateFile', path.join(ROOT, 'examples', 'sealed-secrets-cert.pem')), 'flux.yaml'),
    ...objectsOf(withField(load('kubectl-helm.yaml'), 'delivery.mode', 'k3s'), 'k3s.yaml'),
  ];
  const used = new Set<string>();
  const wrong: string[] = [];
  for (const o of objects) {
    const [group, version] = o.apiVersion.split('/');
    const req = REQUIREMENTS.find((r) => r.name === crdName(o.kind, group));
    if (!req) continue;
    used.add(req.name);
    if (req.version !== version) wrong.push(`${o.kind} ${o.apiVersion}: required ${req.name} ${req.version}`);
  }
  expect(wrong).toEqual([]);
  // VolumeSnapshots and their contents are made by the cluster from our VolumeSnapshotClasses; certificates by
  // cert-manager from our Ingresses.
  const madeByTheCluster = ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io', 'certificates.cert-manager.io'];
  expect(REQUIREMENTS.map((r) => r.name).filter((n) => !used.has(n) && !madeByTheCluster.includes(n))).toEqual([]);
});
