// The application chart's defaults: the schema fills them in, and the Argo CD rules need them for a chart the user
// left at its default (they run inside the schema's refinement, so they cannot import the schema).

/** The CodeCanvas chart version used when `application.chart.version` is not set. */
export const DEFAULT_CHART_VERSION = '2025.1.2';
/** The OCI repository of the CodeCanvas chart used when `application.chart.repository` is not set. */
export const DEFAULT_CHART_REPOSITORY = 'oci://public.registry.jetbrains.space/p/codecanvas/release-charts';
