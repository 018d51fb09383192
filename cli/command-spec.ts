/**
 * One definition per subcommand (usage lines, options, exit codes) from which three things are made: the
 * `--help` text, the `util.parseArgs` option table the command parses with, and the README's command tables
 * (`npm run schema` writes them; a test fails when README and these definitions disagree).
 */
import { ParseArgsConfig } from 'util';
import { parseOptions, UsageError } from './args';
import { hiddenTextProblem, visibleText } from '../lib/util/hidden-text';
import { asciiText, mixedScriptProblem } from '../lib/util/mixed-script';

export interface OptionSpec {
  /** Long name without dashes, such as `config`. */
  readonly name: string;
  /** Placeholder of the value (`FILE`, `N`); absent for a boolean flag. */
  readonly value?: string;
  readonly short?: string;
  /** May be given more than once. */
  readonly multiple?: boolean;
  /** Required on every run (the README marks it so). Options required only in some cases say so in `help`. */
  readonly required?: boolean;
  /** Heading the option is listed under in `--help` (default `Options`). */
  readonly group?: string;
  /** What it does; `\n` starts a continuation line. */
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** A few words for the main help's command list. */
  readonly brief: string;
  /** One sentence for the README table. */
  readonly summary: string;
  /** Synopses after `codecanvas-cdk8s <name>`; the first is the README's. */
  readonly usage: readonly string[];
  /** Paragraphs between the usage lines and the options. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Text after the options (output, exit codes). */
  readonly footer: string;
}

export const PROGRAM = 'codecanvas-cdk8s';

const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: 'this text' };

/** The options a command accepts, `--help` included. */
export function optionsOf(spec: CommandSpec): readonly OptionSpec[] {
  return spec.options.some((o) => o.name === 'help') ? spec.options : [...spec.options, { ...HELP_OPTION, group: spec.options.at(-1)?.group }];
}

function flagText(o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
}

/** The command's usage lines, each naming the program and the command. */
export function usageLines(spec: CommandSpec): string[] {
  return spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${PROGRAM} ${spec.name}${u ? ` ${u}` : ''}`);
}

/** The `--help` text. */
export function helpText(spec: CommandSpec): string {
  const options = optionsOf(spec);
  const width = Math.max(...options.map((o) => flagText(o).length)) + 3;
  const lines = [...usageLines(spec), '', spec.description.trimEnd()];
  let group: string | undefined;
  for (const o of options) {
    const heading = o.group ?? 'Options';
    if (heading !== group) {
      lines.push('', `${heading}:`);
      group = heading;
    }
    const [first, ...rest] = o.help.split('\n');
    lines.push(`  ${flagText(o).padEnd(width)}${first}`);
    for (const r of rest) lines.push(`  ${' '.repeat(width)}${r}`);
  }
  lines.push('', spec.footer.trimEnd(), '');
  return lines.join('\n');
}

type ParseConfig = NonNullable<ParseArgsConfig['options']>;

/** The `util.parseArgs` options of a command: exactly the options its help lists. */
export function parseArgsOptions(spec: CommandSpec): ParseConfig {
  const out: ParseConfig = {};
  for (const o of optionsOf(spec)) {
    out[o.name] = { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  return out;
}

export type ParsedValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/**
 * Parses `argv` with the command's options (unknown options and missing values are UsageErrors). Every flag value
 * is held to the rules of config strings (lib/util/hidden-text.ts, lib/util/mixed-script.ts): a control, invisible
 * or bidirectional character, a padded value, or a word mixing scripts (a homoglyph) is a UsageError naming each
 * such flag and spelling the character out.
 */
export function parseCommand(argv: string[], spec: CommandSpec): ParsedValues {
  const values = parseOptions(argv, parseArgsOptions(spec)).values as ParsedValues;
  const problems = Object.entries(values).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((v) => {
      if (typeof v !== 'string') return [];
      const hidden = hiddenTextProblem(v, 'line', 'flag value');
      if (hidden) return [`--${name} ${JSON.stringify(visibleText(v))} ${hidden}`];
      const homoglyph = mixedScriptProblem(v, 'flag value');
      return homoglyph ? [`--${name} ${JSON.stringify(asciiText(v))} ${homoglyph}`] : [];
    }),
  );
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return values;
}

function cell(s: string): string {
  return s.replace(/\n/g, ' ').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The README's command tables: one row per command, then one row per option. */
export function commandsMarkdown(specs: readonly CommandSpec[]): string {
  const lines = ['| command | what it does |', '| --- | --- |'];
  for (const s of specs) lines.push(`| \`${cell(`${s.name} ${s.usage[0]}`)}\` | ${cell(s.summary)} |`);
  lines.push('', 'Options of each command (every command also takes `-h`/`--help`):', '', '| command | option | required | meaning |', '| --- | --- | --- | --- |');
  for (const s of specs) {
    for (const o of s.options) {
      if (o.name === 'help') continue;
      lines.push(`| \`${s.name}\` | \`${cell(flagText(o))}\` | ${o.required ? 'yes' : ''} | ${cell(o.help)} |`);
    }
  }
  return lines.join('\n');
}

export const COMMANDS_START = '<!-- cli-reference:start (generated by npm run schema) -->';
export const COMMANDS_END = '<!-- cli-reference:end -->';

/** `readme` with the text between the CLI reference markers replaced by `table`. */
export function replaceCommandsReference(readme: string, table: string): string {
  const start = readme.indexOf(COMMANDS_START);
  const end = readme.indexOf(COMMANDS_END);
  // Stryker disable next-line EqualityOperator: the two markers differ, so end === start only when both are missing (start < 0)
  if (start < 0 || end < start) throw new Error('docs/cli.md lacks the CLI reference markers');
  return `${readme.slice(0, start + COMMANDS_START.length)}\n${table}\n${readme.slice(end)}`;
}
