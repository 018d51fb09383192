import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import Ajv2020 from 'ajv/dist/2020';
import { configJsonSchema, configJsonSchemaText } from '../cli/reference/json-schema';
import { configReferenceMarkdown } from '../cli/reference/reference';
import { CONFIG_TYPES_FILE, configTypesSource } from '../cli/reference/config-types-source';
import { replaceReference } from '../cli/reference/readme';
import { ROOT, exampleConfig, exampleFile, minimalConfig, withField } from './helpers';
import { checkConfig, parseConfig } from '../lib/config/load';
import { formatIssue, formatValue } from '../lib/config/errors';
import { CONSTRUCT_ID_RULE, RESERVED_CLUSTER_NAMES } from '../lib/config/schema';
import {
  AZURE_DISK_SKU_RULE,
  DELETION_POLICY_RULE,
  LETS_ENCRYPT_SERVER_RULE,
  SEALING_SCOPE_RULE,
  SECRET_STORE_KIND_RULE,
  VOLUME_BINDING_MODE_RULE,
} from '../lib/util/rules';

describe('JSON Schema and reference, generated from the zod definition', () => {
  test('codecanvas.schema.json is current (run npm run schema)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'codecanvas.schema.json'), 'utf8')).toBe(configJsonSchemaText());
  });

  test('the config reference in docs/configuration.md is current (run npm run schema)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    expect(replaceReference(readme, configReferenceMarkdown())).toBe(readme);
  });

  test('lib/config/config-types.ts (the public config interfaces) is current (run npm run schema)', () => {
    expect(fs.readFileSync(path.join(ROOT, CONFIG_TYPES_FILE), 'utf8')).toBe(configTypesSource());
  });

  test('the generated config interfaces carry the schema: descriptions and defaults as TSDoc, optional only where the input may omit', () => {
    const source = configTypesSource();
    const input = source.slice(source.indexOf('export interface CodeCanvasConfig'), source.indexOf('export interface ResolvedConfig'));
    const resolved = source.slice(source.indexOf('export interface ResolvedConfig'));
    // Required in both; a default makes a field optional as written and present once resolved.
    expect(input).toMatch(/\n  readonly namespace: string;/);
    expect(input).toMatch(/\* Helm release name \(guide: codecanvas\)\.\n\s+\* @default "codecanvas"\n\s+\*\/\n\s+readonly releaseName\?: string;/);
    expect(resolved).toMatch(/readonly releaseName: string;/);
    expect(input).toMatch(/readonly server\?: "production" \| "staging";/);
    expect(input).toMatch(/readonly licenseAgreementAccepted: true;/);
    expect(input).toMatch(/readonly values\?: Record<string, unknown>;/);
    // Self-contained: the public declarations that import it reach no other module (zod least of all).
    expect(source).not.toMatch(/^\s*(import|export .* from)\b/m);
  });

  // Generated in each test (not at describe scope), so mutation testing can attribute the schema code to tests. ajv
  // compiles a given schema text once per file: a compiled validator is a pure function of that text, and a
  // generator that changes the schema gets a validator of its own.
  const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
  const validator = () => {
    const schema = configJsonSchema();
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (validate === undefined) compiled.set(key, (validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(key))));
    return validate;
  };

  test.each(fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')))(
    'examples/%s passes the JSON Schema and points editors at it',
    (file) => {
      const validate = validator();
      const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../codecanvas.schema.json');
      expect(validate(yaml.load(text))).toBe(true);
    },
  );

  test('the JSON Schema catches what editors should flag', () => {
    const validate = validator();
    expect(validate(minimalConfig())).toBe(true);
    expect(validate(withField(minimalConfig(), 'namespace', 'Bad_Name'))).toBe(false);
    expect(validate(withField(minimalConfig(), 'database.port', 70000))).toBe(false);
    expect(validate(withField(minimalConfig(), 'database.hostname', 'typo'))).toBe(false);
    expect(validate(withField(minimalConfig(), 'licenseAgreementAccepted', false))).toBe(false);
  });
});

describe('the message a user gets for a bad value of each schema field (field, value, rule)', () => {
  const lines = (config: Record<string, any>) => checkConfig(config).map(formatIssue);
  const cluster = 'devEnvironmentClusters.0.';
  const at = 'devEnvironmentClusters[0].';
  const oneOf = (...values: string[]) => `must be one of ${values.map((v) => `"${v}"`).join(', ')}`;

  test.each<[string, unknown, string]>([
    ['licenseAgreementAccepted', false, 'licenseAgreementAccepted: is false; must be true: the CodeCanvas chart refuses to install until you accept the license agreement'],
    ['database.name', '1db', 'database.name: is "1db"; must be a PostgreSQL database name: letters, digits, "_", "$", "." and "-", starting with a letter or "_" (no spaces, quotes, "/", "?", "#" or "&", which the JDBC URL would read)'],
    ['database.username', 'bad user', 'database.username: is "bad user"; must be a PostgreSQL user name: letters, digits, "_", "$", ".", "-" and "@", starting with a letter or "_" (no spaces, quotes, "/", "?", "#" or "&", which the JDBC URL would read)'],
    ['$schema', 'https://user:pw@example.com/schema.json', '$schema: is "https://***@example.com/schema.json"; must not carry credentials: it has a user name and password before "@" (shown masked); an editor fetches the schema without credentials'],
    [cluster + 'storageClasses.0.skuName', 'Gold', `${at}storageClasses[0].skuName: is "Gold"; ${AZURE_DISK_SKU_RULE}`],
    [cluster + 'storageClasses.0.reclaimPolicy', 'Keep', `${at}storageClasses[0].reclaimPolicy: is "Keep"; ${DELETION_POLICY_RULE}`],
    [cluster + 'storageClasses.0.volumeBindingMode', 'Later', `${at}storageClasses[0].volumeBindingMode: is "Later"; ${VOLUME_BINDING_MODE_RULE}`],
    [cluster + 'volumeSnapshotClasses.0.deletionPolicy', 'Keep', `${at}volumeSnapshotClasses[0].deletionPolicy: is "Keep"; ${DELETION_POLICY_RULE}`],
    [cluster + 'storageClasses', [], `${at}storageClasses: is a list; must list at least one StorageClass`],
    [cluster + 'volumeSnapshotClasses', [], `${at}volumeSnapshotClasses: is a list; must list at least one VolumeSnapshotClass`],
    ['secrets.keyVault.storeKind', 'Vault', `secrets.keyVault.storeKind: is "Vault"; ${SECRET_STORE_KIND_RULE}`],
    ['secrets.keyVault.refreshInterval', 'soon', 'secrets.keyVault.refreshInterval: is "soon"; must be a Go duration such as 10m or 1h'],
    ['ingress.letsEncrypt.server', 'test', `ingress.letsEncrypt.server: is "test"; ${LETS_ENCRYPT_SERVER_RULE}`],
    [cluster + 'ingress', { className: 'nginx', clusterIssuer: 'x', letsEncrypt: 'yes' }, `${at}ingress.letsEncrypt: is "yes"; must be a mapping with the ACME e-mail (email, optionally server) to create the ClusterIssuer, or false when it exists already`],
    [cluster + 'relay.jwtPublicKey', 'not a key', `${at}relay.jwtPublicKey: is "not a key"; must be the PEM of an EC prime256v1 (P-256) public key ("-----BEGIN PUBLIC KEY-----", SPKI), as \`codecanvas-cdk8s keys\` writes it to public.yaml; it is not a single PEM "PUBLIC KEY" block`],
    ['gitops.path', '../x', 'gitops.path: is "../x"; must be a relative path inside the repository without "." or ".." segments, such as dist or deploy/codecanvas'],
    ['objectStorage.endpoint', 'http://x.blob.core.windows.net', 'objectStorage.endpoint: is "http://x.blob.core.windows.net"; must be an https:// URL'],
    ['localAdministrator.firstName', '', 'localAdministrator.firstName: is ""; must not be empty'],
    [cluster + 'operator.resources', { requests: { cpu: 'lots' } }, `${at}operator.resources.requests.cpu: is "lots"; must be a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi`],
    [cluster + 'name', 'constructor', `${at}name: is "constructor"; ${CONSTRUCT_ID_RULE}`],
  ])('%s: %j', (field, value, line) => {
    expect(lines(withField(exampleConfig(), field, value))).toEqual([line]);
  });

  test.each(RESERVED_CLUSTER_NAMES)('a cluster named %s is refused: the output layout has a folder of that name', (name) => {
    // bootstrap also clashes with the bootstrap's Argo CD Application (its own rule): the layout rule must be there too.
    expect(lines(withField(exampleConfig(), cluster + 'name', name))[0]).toBe(`${at}name: is "${name}"; is reserved for the output layout (application, helm, bootstrap)`);
  });

  test('the rules quoted above say what a user must write', () => {
    expect(CONSTRUCT_ID_RULE).toBe('names the cluster\'s cdk8s Chart, and the constructs library cannot hold a child named like a built-in property of every JavaScript object (constructor); choose another name');
    expect(RESERVED_CLUSTER_NAMES).toEqual(['application', 'helm', 'bootstrap']);
    expect(DELETION_POLICY_RULE).toBe(oneOf('Delete', 'Retain'));
    expect(VOLUME_BINDING_MODE_RULE).toBe(oneOf('Immediate', 'WaitForFirstConsumer'));
    expect(SECRET_STORE_KIND_RULE).toBe(oneOf('SecretStore', 'ClusterSecretStore'));
    expect(LETS_ENCRYPT_SERVER_RULE).toBe('must be production or staging');
    expect(AZURE_DISK_SKU_RULE).toMatch(/^must be an Azure Disk SKU the disk\.csi\.azure\.com driver supports: StandardSSD_LRS, /);
  });

  test('a sealing scope outside strict, namespace-wide and cluster-wide is refused with the scopes', () => {
    const config = withField(exampleFile('flux-sealed-secrets.yaml'), 'secrets.sealedSecrets.scope', 'global');
    expect(lines(config)).toEqual([`secrets.sealedSecrets.scope: is "global"; ${SEALING_SCOPE_RULE}`]);
    expect(SEALING_SCOPE_RULE).toMatch(/strict.*namespace-wide.*cluster-wide/);
  });

  test('$schema may carry a query and a fragment (an editor\'s schema URL, not a credential)', () => {
    expect(lines(withField(exampleConfig(), '$schema', 'https://example.com/schema.json?v=1#/definitions/config'))).toEqual([]);
    expect(lines(withField(exampleConfig(), '$schema', 'https://example.com/schema.json?v=1'))).toEqual([]);
    expect(lines(withField(exampleConfig(), '$schema', 'https://example.com/schema.json#config'))).toEqual([]);
  });

  test('a valid EC P-256 relay key, database name and user pass', () => {
    const config = withField(withField(exampleConfig(), 'database.name', 'codecanvas_db'), 'database.username', 'cc_user@server');
    expect(lines(config)).toEqual([]);
    expect(parseConfig(config).devEnvironmentClusters[0].relay.jwtPublicKey).toContain('-----BEGIN PUBLIC KEY-----');
  });

  test('the cross-field rules report alongside a field\'s own problem (both in one run)', () => {
    // A value of the wrong type aborts zod's own refinements; the cross-field rules run all the same.
    const config = withField(withField(exampleConfig(), 'namespace', 5), 'objectStorage.secretName', 'codecanvas-database');
    const found = lines(withField(config, 'database.secretName', 'codecanvas-database'));
    expect(found).toContainEqual(expect.stringMatching(/^namespace: is 5; /));
    expect(found).toContainEqual('objectStorage.secretName: is "codecanvas-database"; is also database.secretName: two Secrets in one namespace need different names');
  });

  test('an explicit relay hostname frees a later cluster\'s name from the derived relay host label limit', () => {
    const long = 'a'.repeat(60);
    const base = exampleFile('three-clusters.yaml');
    expect(lines(withField(withField(base, 'devEnvironmentClusters.1.name', long), 'devEnvironmentClusters.1.relay.hostname', 'relay-two.example.net'))).toEqual([]);
    expect(lines(withField(base, 'devEnvironmentClusters.1.name', long))).toEqual([
      `devEnvironmentClusters[1].name: is "${long}"; makes the relay host label gateway-<name> 68 characters long (DNS allows 63): use at most 55 characters, or set relay.hostname`,
    ]);
  });

  test('the first cluster\'s relay host is gateway.<domain>: a domain too long for DNS is refused once, on the domain', () => {
    // 250 characters: computeservice.<domain> is over 253, and so is gateway.<domain>, which is not the cluster name's fault.
    const domain = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(59)}.example`;
    expect(domain).toHaveLength(250);
    expect(lines(withField(exampleConfig(), 'domain', domain))).toEqual([
      `domain: is ${formatValue(domain)}; is 250 characters long; the derived host computeservice.<domain> must stay within DNS's 253 characters, so the domain may have at most 238`,
    ]);
  });

  test('LoadBalancer jumps without a hostname publish no DNS name: two of them are not one host twice', () => {
    const base = exampleFile('three-clusters.yaml');
    const both = withField(withField(base, 'devEnvironmentClusters.0.jump.ssh', { type: 'LoadBalancer' }), 'devEnvironmentClusters.1.jump.ssh', { type: 'LoadBalancer' });
    expect(lines(both)).toEqual([]);
    // The same two with one hostname each, equal: that one is a host twice.
    const named = withField(withField(both, 'devEnvironmentClusters.0.jump.ssh.hostname', 'ssh.example.net'), 'devEnvironmentClusters.1.jump.ssh.hostname', 'ssh.example.net');
    expect(lines(named)).toEqual([
      'devEnvironmentClusters[1].jump.ssh.hostname: is "ssh.example.net"; is already the host of devEnvironmentClusters[0].jump.ssh.hostname: ExternalDNS would publish one name for two endpoints (external-dns.alpha.kubernetes.io/hostname), so every host of the installation must be different',
    ]);
  });

  test('a NodePort jump has no DNS name: its hostname is refused as such, not as a host another field already has', () => {
    const config = withField(exampleConfig(), cluster + 'jump.ssh', { type: 'NodePort', hostname: 'codecanvas.example.com' });
    expect(lines(config)).toEqual([
      `${at}jump.ssh.hostname: is "codecanvas.example.com"; applies only to jump.ssh.type LoadBalancer (a NodePort has no load balancer or DNS name of its own)`,
    ]);
  });
});
