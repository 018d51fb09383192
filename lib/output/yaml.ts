// The YAML writer moved to lib/util/yaml.ts (renderers use it too, and must not import the output folder).
// Kept for modules that still import it from here.
export { toYaml, toYamlStream } from '../util/yaml';
