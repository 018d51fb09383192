/**
 * A config's YAML text to a plain object, with the `yaml` package: YAML 1.2 (core schema: yes, no, on and off are
 * text, 0777 is 777) plus the timestamps, `!!binary` and merge keys (`<<`) of YAML 1.1. Every refusal is a rule of
 * this project with the line and column of the spot and an excerpt of the file built here from the text and the
 * error's offset, its secret values masked (secretValueLines): nothing depends on the words of the library's
 * messages, which are only quoted as the reason.
 */
import {
  Composer, isAlias, isCollection, isPair, isScalar, Lexer, Parser, visit,
  type CST, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions, type YAMLError, type YAMLMap, type YAMLSeq,
} from 'yaml';

type Token = CST.Token;
import type { ConfigIssue } from './errors';
import { isSecretValueKey, PRIVATE_KEY_MARKER } from './secret-rules';
import { maskSecrets, secretNameKind } from '../util/secret-text';

/**
 * How often aliases (`*name`) may repeat one anchor's node, counting the aliases inside that node (the `yaml`
 * package's maxAliasCount, its default): an anchor reused a few dozen times passes, a "billion laughs" document of
 * a few hundred bytes is refused before it is expanded.
 */
export const MAX_ALIAS_COUNT = 100;

const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  customTags: ['timestamp', 'binary'],
  merge: true,
  // The library's own check compares each key with every key before it (50,000 keys: 85 s); duplicateKey is linear.
  uniqueKeys: false,
  prettyErrors: false,
  // A key that is a list or mapping becomes its text (an unknown field) without a warning printed on stderr.
  logLevel: 'error',
};

/** The text of a plain scalar as written in the YAML text, by path; read only when a message needs it. */
export type WrittenScalar = (path: readonly PropertyKey[]) => string | undefined;

/** A config's YAML text as an object and its scalars as written, or the one problem that refuses the text. */
export type YamlSource = { raw: unknown; written: WrittenScalar } | { issue: ConfigIssue };

/** Parses the YAML `text` of a config read from `source` (see the module's comment). */
export function parseYamlSource(text: string, source: string): YamlSource {
  const refuse = (rule: string): YamlSource => ({ issue: { path: '(file)', value: source, rule } });
  // yaml would read a NUL or another control character as part of a value.
  const control = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(text);
  if (control) return refuse(controlRule(text, control.index));
  const composed = composeDocuments(text);
  if (composed instanceof LimitReached) {
    const reason = composed.deepFlow ? DEEP_NESTING : `has more than ${MAX_TOKENS} YAML tokens (keys, values, indentation, punctuation); a config has a few thousand`;
    return refuse(syntaxRule(text, source, composed.offset, reason));
  }
  const docs = composed;
  const doc = docs[0];
  if (doc === undefined) return { raw: null, written: () => undefined };
  const problem: YAMLError | undefined = [...doc.errors, ...doc.warnings][0];
  if (problem) {
    // The library's code of the error, not its words, says which it is.
    const reason = problem.code === 'RESOURCE_EXHAUSTION' ? DEEP_NESTING : problem.message;
    return refuse(syntaxRule(text, source, problem.pos[0], reason));
  }
  if (docs.length > 1) {
    return refuse(syntaxRule(text, source, docs[1].range[0], `holds ${docs.length} YAML documents (separated by "---"); a config is one document`));
  }
  const duplicate = duplicateKey(doc, text);
  if (duplicate) return refuse(syntaxRule(text, source, duplicate.offset, duplicate.reason));
  const deep = tooDeep(doc);
  if (deep) return refuse(syntaxRule(text, source, deep.range?.[0] ?? 0, DEEP_NESTING));
  const alias = badAlias(doc);
  if (alias) return refuse(syntaxRule(text, source, alias.node.range?.[0] ?? 0, alias.reason));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Every alias resolves (badAlias): the library's one other refusal is its alias limit.
    if (!(e instanceof ReferenceError)) throw e;
    return {
      issue: {
        path: '(root)',
        value: `more than ${MAX_ALIAS_COUNT} repeats of an anchor through aliases`,
        rule: `expands YAML aliases (*name) past the limit (an anchor and its aliases ${MAX_ALIAS_COUNT} times at most, an alias inside an anchored node counting once per repeat of that node): write the values out instead of nesting anchors (a "billion laughs" document is refused)`,
      },
    };
  }
  return { raw, written: writtenScalars(doc, text) };
}

/** How deep mappings and lists may nest in a config (as js-yaml allowed; a config needs about 6). */
export const MAX_DEPTH = 100;
const DEEP_NESTING = `nests mappings and lists deeper than ${MAX_DEPTH} levels`;

/**
 * How many tokens of the library's lexer a config may have. The parser takes about 5 microseconds a token (measured
 * on a loaded machine; js-yaml was about twenty times faster), so a file of 4 MiB of short values would take half a
 * minute; 500,000 tokens are about 60,000 lines of YAML (a 1 MB config of 20,000 values loads) and parse in about 2 s.
 */
export const MAX_TOKENS = 500_000;

/** Where the lexer stopped the parse: a flow collection nested deeper than MAX_DEPTH, or more than MAX_TOKENS tokens. */
class LimitReached {
  constructor(
    readonly offset: number,
    readonly deepFlow: boolean,
  ) {}
}

/**
 * The documents of `text`, as the library's parseAllDocuments composes them (its lexer, parser and composer, joined
 * the way its Parser documents for a lexer of one's own), or where the lexer stopped: the first flow collection (`[`,
 * `{`) nested deeper than MAX_DEPTH (the parser's time grows faster than the text on deep flow nesting: 4.5 s for
 * 400,000 `[`), or the token after the first MAX_TOKENS. The tokens are counted as they are lexed, in the one pass
 * that also parses, so a limit stops the parse where it is reached, anywhere in the text, before any other problem is
 * reported. The lexer's tokens are the text's own, but for its one-character markers of document, scalar and flow
 * end, which are control characters (refused before) and take no room in the text.
 */
function composeDocuments(text: string): Document.Parsed[] | LimitReached {
  const parser = new Parser();
  function* tokens(): Generator<Token> {
    let depth = 0;
    let offset = 0;
    let count = 0;
    for (const token of new Lexer().lex(text)) {
      if (token === '[' || token === '{') {
        depth += 1;
        if (depth > MAX_DEPTH) throw new LimitReached(offset, true);
      } else if (token === ']' || token === '}') depth = Math.max(0, depth - 1);
      // The lexer's flow end (a flow collection left open when the indentation falls back) leaves flow mode.
      else if (token === FLOW_END) depth = 0;
      count += 1;
      if (count > MAX_TOKENS) throw new LimitReached(offset, false);
      if (!isMarker(token)) offset += token.length;
      yield* parser.next(token);
    }
    yield* parser.end();
  }
  try {
    return Array.from(new Composer(PARSE_OPTIONS).compose(tokens())) as Document.Parsed[];
  } catch (e) {
    if (e instanceof LimitReached) return e;
    throw e;
  }
}

const FLOW_END = '\x18';

/** The lexer's markers of document start (\x02), flow end (\x18) and scalar (\x1f). */
function isMarker(token: string): boolean {
  if (token.length !== 1) return false;
  const code = token.charCodeAt(0);
  return code === 0x02 || token === FLOW_END || code === 0x1f;
}

/**
 * The first key of a mapping that an earlier key of the same mapping already has, compared as the property name it
 * becomes (so `1` and `"1"` are one key): the later would silently replace the earlier.
 */
function duplicateKey(doc: Document.Parsed, text: string): { offset: number; reason: string } | undefined {
  let found: { offset: number; reason: string } | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const name = String(pair.key.value ?? '');
        const earlier = seen.get(name);
        if (earlier) {
          const first = position(text, earlier.range?.[0] ?? 0);
          found = { offset: pair.key.range?.[0] ?? 0, reason: `repeats the key ${JSON.stringify(name)} of its mapping (first at line ${first.line}); a key may appear once` };
          return visit.BREAK;
        }
        seen.set(name, pair.key);
      }
      return undefined;
    },
  });
  return found;
}

/** The first mapping or list deeper than MAX_DEPTH (walked with a stack of its own: no recursion). */
function tooDeep(doc: Document.Parsed): YAMLMap | YAMLSeq | undefined {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) return node;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * How many anchors and aliases (`&name`, `*name`) a config may have. The library finds an alias's anchor by going
 * through every anchor and alias before it, so its time grows with the square of their number (3,000 anchors with
 * two aliases each: 2.3 s; 20,000: over 3 minutes); a config needs a few dozen.
 */
export const MAX_ANCHORS = 1000;

/**
 * The first alias that names no anchor before it, or that sits inside the node it names (which would never end), or
 * the first anchor or alias over MAX_ANCHORS. The anchor an alias names is the last one of that name before it (one
 * walk over the document, in document order).
 */
function badAlias(doc: Document.Parsed): { node: Node; reason: string } | undefined {
  const anchors = new Map<string, Node>();
  let count = 0;
  let found: { node: Node; reason: string } | undefined;
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node) && !node.anchor) return undefined;
      count += 1;
      if (count > MAX_ANCHORS) found = { node, reason: `has more than ${MAX_ANCHORS} anchors and aliases (&name, *name); a config needs a few dozen` };
      else if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target === undefined) found = { node, reason: `*${node.source} names no anchor (&${node.source}) written before it` };
        else if (target.range && node.range && target.range[0] <= node.range[0] && node.range[1] <= target.range[1]) {
          found = { node, reason: `*${node.source} is inside the node it refers to (&${node.source}), which would repeat itself forever` };
        }
      } else anchors.set(node.anchor!, node);
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

function writtenScalars(doc: Document.Parsed, text: string): WrittenScalar {
  return (at) => {
    const node = doc.getIn(at as unknown[], true);
    if (!isScalar(node) || !node.range) return undefined;
    const written = text.slice(node.range[0], node.range[1]);
    // Only what a plain number or boolean can be: never a quoted, tagged or multi-line scalar.
    return /^[-+.\w]+$/.test(written) ? written : undefined;
  };
}

/** Line and column (from 1) of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  const line = text.slice(0, offset).split('\n').length;
  return { line, column: offset - text.lastIndexOf('\n', offset - 1) };
}

/** Where the first control character of `text` is, what it is, and how many there are (NUL bytes by name). */
function controlRule(text: string, at: number): string {
  const { line, column } = position(text, at);
  if (text[at] === '\0') {
    const count = text.split('\0').length - 1;
    return `contains ${count === 1 ? 'a NUL byte' : `${count} NUL bytes`} (U+0000), the first at line ${line}, column ${column}: a config is text; remove ${count === 1 ? 'it' : 'them'} (a file saved as UTF-16, or a binary file, has them)`;
  }
  const code = `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;
  return `is not valid YAML: contains the control character ${code} at line ${line}, column ${column}; YAML allows none but tab and line breaks (a binary file has them)`;
}

/** The rule of a YAML error at `offset`: the reason, where (file, line, column) and the masked excerpt. */
function syntaxRule(text: string, source: string, offset: number, reason: string): string {
  const { line, column } = position(text, Math.min(offset, text.length));
  const where = `is not valid YAML: ${reason} in ${JSON.stringify(source)} (${line}:${column})`;
  // A file that holds a private key gets no excerpt: it would show lines of the key.
  return PRIVATE_KEY_MARKER.test(text) ? where : `${where}\n\n${yamlExcerpt(text, line, column)}`;
}

/** How many lines before the error line an excerpt shows. */
const LINES_BEFORE = 3;
/** How many characters of a line an excerpt shows: a longer line is cut around the column, with "... " on the cut sides. */
const EXCERPT_WIDTH = 79;

/**
 * The lines of `text` up to `line` (from 1; at most LINES_BEFORE before it), each after its number and a bar
 * (` 12 | `), then a caret under `column`. On a line with a secret key (SECRET_VALUE_KEYS, an RSA `private`, or any
 * key that names a secret, see secretNameKind), everything after that key's colon is masked with `*`, one per
 * character, so that the caret still points at the same column; so is every line that continues its value. What
 * maskSecrets finds on the other lines (a URL with credentials, a token) is masked the same way. Each line is masked
 * whole, then cut to EXCERPT_WIDTH around the column: a cut never hides the key that says a value is secret.
 */
export function yamlExcerpt(text: string, line: number, column: number): string {
  const fileLines = text.split(/\r?\n/);
  const continued = secretValueLines(text);
  const first = Math.max(1, line - LINES_BEFORE);
  const last = Math.min(line, fileLines.length);
  const width = String(last).length;
  // The window around the column, the same for every line shown so that they stay aligned.
  const start = Math.max(0, Math.min(column - 1 - Math.floor(EXCERPT_WIDTH / 2), (fileLines[line - 1]?.length ?? 0) - EXCERPT_WIDTH));
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const masked = maskedLine(fileLines[n - 1], continued.has(n));
    const cut = masked.slice(start, start + EXCERPT_WIDTH);
    out.push(` ${String(n).padStart(width)} | ${start > 0 ? '... ' : ''}${cut}${masked.length > start + EXCERPT_WIDTH ? ' ...' : ''}`);
  }
  const prefix = ` ${' '.repeat(width)} | ${start > 0 ? '    ' : ''}`;
  out.push(`${'-'.repeat(prefix.length + column - 1 - start)}^`);
  return out.join('\n');
}

/** One line of the file as an excerpt shows it (see yamlExcerpt); `continued`: it continues a secret value. */
function maskedLine(content: string, continued: boolean): string {
  if (continued) return stars(content);
  const at = secretValueAt(content);
  if (at === undefined) return maskSecrets(content, { keepLength: true });
  return maskSecrets(content.slice(0, at), { keepLength: true }) + stars(content.slice(at));
}

/**
 * A mapping key (bare or quoted) and its colon, in block or flow style. It starts where no key character is before
 * it: a match is then tried once per run of key characters, not at each of them (linear time on a long line).
 */
const ENTRY_KEY = /(?<![\w-])(["']?)([\w-]+)\1\s*:(?=\s|$)/g;

/**
 * The numbers (from 1) of the lines of `text` that continue the value of a secret key: the blank and more indented
 * lines after it (a block scalar, a plain or quoted scalar over several lines). From the whole text, as an excerpt
 * may start below the key.
 */
function secretValueLines(text: string): Set<number> {
  const lines = new Set<number>();
  let keyIndent: number | undefined;
  text.split(/\r?\n/).forEach((content, index) => {
    const indent = content.length - content.trimStart().length;
    // A blank line outside a value joins the set too: masking it changes nothing.
    if (content.trim() === '' || indent > (keyIndent ?? Infinity)) {
      lines.add(index + 1);
      return;
    }
    keyIndent = secretValueAt(content) === undefined ? undefined : indent;
  });
  return lines;
}

/** Where the value after the first secret key of a line starts, when the line has one. */
function secretValueAt(content: string): number | undefined {
  for (const match of content.matchAll(ENTRY_KEY)) {
    if (isSecretValueKey(match[2]) || match[2] === 'private' || secretNameKind(match[2]) !== undefined) return match.index! + match[0].length;
  }
  return undefined;
}

const stars = (s: string): string => s.replace(/\S/g, '*');
