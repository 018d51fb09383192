import { LoadedConfig, loadConfigFile as loadFile, parseConfig as parseObject, parseConfigText } from './load';
import type { CodeCanvasConfig, ResolvedConfig } from './config-types';

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /**
   * How error messages name the config, such as a file name.
   * @default 'config'
   */
  readonly source?: string;
}

/**
 * Validates a configuration and applies its defaults. `input` is the YAML text of a `codecanvas.yaml` file or
 * the same content as an object (typed {@link CodeCanvasConfig}). Throws a `ConfigError` that lists every broken
 * rule (field, value, rule), never just the first.
 */
export function parseConfig(input: string | CodeCanvasConfig, options: ParseConfigOptions = {}): ResolvedConfig {
  const source = options.source ?? 'config';
  return typeof input === 'string' ? parseConfigText(input, source) : parseObject(input, source);
}

/**
 * Reads and validates a YAML config file: a regular file of at most 4 MiB of UTF-8 text (a FIFO, device or folder,
 * a larger file and other encodings are refused before parsing). Throws a `ConfigError` listing every problem. The
 * result can be spread into {@link CodeCanvasInstallation}'s props.
 */
export function loadConfigFile(file: string): LoadedConfig {
  return loadFile(file);
}
