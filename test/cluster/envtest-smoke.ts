/**
 * Smoke test of the envtest fixture: for each Kubernetes version pinned in
 * tools/versions.env (or the ones given as arguments), start etcd +
 * kube-apiserver, run `kubectl version` and a server-side dry-run apply of a
 * Namespace, then stop. Run with `bash tools/smoke.sh [version...]`.
 */
import { execFileSync } from 'node:child_process';
import { assetsFor, kubernetesVersions, startCluster } from './envtest';

async function smoke(version: string): Promise<void> {
  const t0 = Date.now();
  const cluster = await startCluster({ version });
  try {
    const kubectl = (args: string[], input?: string): string =>
      execFileSync(cluster.kubectl, ['--kubeconfig', cluster.kubeconfig, ...args], {
        input,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    console.log(`[${version}] up in ${Date.now() - t0} ms at ${cluster.server} (assets ${cluster.assets})`);
    const v = JSON.parse(kubectl(['version', '-o', 'json'])) as {
      clientVersion: { gitVersion: string };
      serverVersion: { gitVersion: string };
    };
    console.log(`[${version}] kubectl ${v.clientVersion.gitVersion}, server ${v.serverVersion.gitVersion}`);
    if (!v.serverVersion.gitVersion.startsWith(`v${version}`)) {
      throw new Error(`server reports ${v.serverVersion.gitVersion}, expected v${version}`);
    }
    const ns = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'envtest-smoke' } });
    const out = kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], ns).trim();
    console.log(`[${version}] ${out}`);
    if (!/namespace\/envtest-smoke serverside-applied \(server dry run\)/.test(out)) {
      throw new Error(`unexpected apply output: ${out}`);
    }
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const versions = process.argv.length > 2 ? process.argv.slice(2) : kubernetesVersions();
  let passed = 0;
  let failed = 0;
  for (const version of versions) {
    try {
      await smoke(version);
      passed++;
    } catch (err) {
      failed++;
      console.error(`[${version}] FAILED (assets ${assetsFor(version)}): ${(err as Error).message}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
