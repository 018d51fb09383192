import { LookupDependentField } from '../constructs/helm-chart';
import { codecanvasAppName, trunc63 } from '../util/names';

/** The JSON pointer of the client secret that the chart keeps only through `lookup`. */
export const COMPUTESERVICE_CLIENT_SECRET_POINTER = '/data/CODECANVAS_COMPUTESERVICE_CLIENT_SECRET';
/** The JSON pointer of the pod annotation that hashes that Secret (`/` in the key escaped as `~1`, RFC 6901). */
export const CHECKSUM_ENVS_POINTER = '/spec/template/metadata/annotations/checksum~1envs';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/**
 * The app chart's names as its helpers build them (seen in the 2025.1-RC.875 package): `common.names.fullname`
 * (fullnameOverride, else the release name when it contains the chart name, else `<release>-<chart name>`),
 * then `lib.appName` = `<fullname>-<application.name or "app">`, in `namespaceOverride` or the release namespace.
 */
export function codecanvasAppNames(
  releaseName: string,
  namespace: string,
  chartName: string,
  values: Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
): { appName: string; namespace: string } {
  return { appName: codecanvasAppName(releaseName, chartName, values), namespace: trunc63(str(values.namespaceOverride) || namespace) };
}

/**
 * What the CodeCanvas app chart renders differently each time it is rendered without cluster access:
 * `templates/configuration/secret.envs.yaml` keeps `CODECANVAS_COMPUTESERVICE_CLIENT_SECRET` in Secret
 * `<app>-envs` only through `lookup` (else a new `randAlphaNum 64`), and Deployment `<app>` carries the Secret's
 * hash in the `checksum/envs` pod annotation. Nothing when `application.include` is false (the Secret is not
 * rendered).
 */
export function codecanvasLookupDependentFields(
  releaseName: string,
  namespace: string,
  chartName: string,
  values: Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
): LookupDependentField[] {
  if (values.application?.include === false) return [];
  const names = codecanvasAppNames(releaseName, namespace, chartName, values);
  return [
    { group: '', kind: 'Secret', name: `${names.appName}-envs`, namespace: names.namespace, jsonPointers: [COMPUTESERVICE_CLIENT_SECRET_POINTER] },
    { group: 'apps', kind: 'Deployment', name: names.appName, namespace: names.namespace, jsonPointers: [CHECKSUM_ENVS_POINTER] },
  ];
}
