// How a key that is not what it looks like is shown: escaped, each hidden character named, and the known field it
// resembles found through look-alike letters, invisible characters and typos.
import { escapeKey, formatPath } from '../lib/config/errors';
import { findMachineryKeys, hiddenCharacters, knownKeysAt, nearestKey, unknownKeyRule } from '../lib/config/key-display';
import { configSchema } from '../lib/config/schema';

describe('escapeKey and formatPath', () => {
  test.each([
    ['name', 'name'],
    ['podAnnotations.prometheus.io/scrape', 'podAnnotations.prometheus.io/scrape'],
    ['n\u200bame', '"n\\u200bame"'],
    ['\u0430pp', '"\\u0430pp"'],
    ['a"b\\c\u00e9', '"a\\"b\\\\c\\u00e9"'],
    ['smile\u{1f600}', '"smile\\u{1f600}"'],
    ['line\nbreak', '"line\\u000abreak"'],
    ['lone\ud800', '"lone\\ud800"'],
    // The last code points before and after the edges: DEL is a control character, U+FFFF still fits in \uXXXX.
    ['del\x7e\x7f', '"del~\\u007f"'],
    ['last\uffff', '"last\\uffff"'],
    ['first\u{10000}', '"first\\u{10000}"'],
    ['', ''],
  ])('%j is shown as %s', (key, shown) => {
    expect(escapeKey(key)).toBe(shown);
  });

  test('every segment of a path is escaped; indexes stay indexes', () => {
    expect(formatPath(['devEnvironmentClusters', 0, 'n\u200bame'])).toBe('devEnvironmentClusters[0]."n\\u200bame"');
    expect(formatPath(['\u202eevil', 'x'])).toBe('"\\u202eevil".x');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('hiddenCharacters', () => {
  test.each([
    ['plain', []],
    ['n\u200bame', ['U+200B ZERO WIDTH SPACE (invisible)']],
    ['\u0430\u0430', ['U+0430 CYRILLIC SMALL LETTER A (looks like "a")']],
    ['\u0391B', ['U+0391 GREEK CAPITAL LETTER ALPHA (looks like "A")']],
    ['caf\u00e9', ['U+00E9 (not ASCII)']],
    ['a\u2003b', ['U+2003 (a space that is not " ")']],
    ['a\u0007b\u2028', ['U+0007 (a control or invisible character)', 'U+2028 (a control or invisible character)']],
    // The edges of printable ASCII: the space and the tilde pass, DEL does not.
    ['a b~', []],
    ['a\u007f', ['U+007F (a control or invisible character)']],
  ])('%j: %j', (key, expected) => {
    expect(hiddenCharacters(key)).toEqual(expected);
  });
});

describe('nearestKey', () => {
  const known = ['name', 'namespace', 'domain', 'database', 'replicas', 'releaseName'];
  test.each([
    ['n\u200bamespace', 'namespace'], // an invisible character dropped
    ['d\u043em\u0430in', 'domain'], // look-alike letters read as Latin ones
    ['Domain', 'domain'], // case
    ['databse', 'database'], // one letter missing
    ['replcias', 'replicas'], // two letters swapped (two edits, within a quarter of 8)
    ['nmae', undefined], // a swap is two edits, more than a quarter of a four-letter field: no guess rather than a wrong one
    ['something', undefined],
    ['x', undefined],
    ['n'.repeat(100), undefined],
  ])('%j -> %j', (key, expected) => {
    expect(nearestKey(key, known)).toBe(expected);
  });

  test('the closest of several near fields wins', () => {
    expect(nearestKey('nam', ['name', 'names', 'nameSpace'])).toBe('name');
  });
});

describe('unknownKeyRule', () => {
  test('hidden characters and the field meant; a typo alone; nothing close', () => {
    expect(unknownKeyRule('n\u200bame', ['name'])).toBe('is not a known field: its name contains U+200B ZERO WIDTH SPACE (invisible); did you mean name?');
    expect(unknownKeyRule('nam', ['name'])).toBe('is not a known field; did you mean name?');
    expect(unknownKeyRule('n\u200ba\u200cme', ['name'])).toBe('is not a known field: its name contains U+200B ZERO WIDTH SPACE (invisible), U+200C ZERO WIDTH NON-JOINER (invisible); did you mean name?');
    expect(unknownKeyRule('zzz', ['name'])).toBe('is not a known field (check the spelling against the config reference)');
    expect(unknownKeyRule('z\u200bzz', ['name'])).toBe('is not a known field: its name contains U+200B ZERO WIDTH SPACE (invisible) (check the spelling against the config reference)');
  });
});

describe('knownKeysAt: the fields of the mapping the schema expects at a path', () => {
  test.each([
    [[], ['licenseAgreementAccepted', 'namespace', 'domain']],
    [['database'], ['host', 'port', 'name', 'username']],
    [['devEnvironmentClusters', 0], ['name', 'namespace', 'relay', 'jump', 'operator']],
    [['devEnvironmentClusters', 3, 'operator', 'autoscaling'], ['minReplicas', 'maxReplicas']],
    [['ingress', 'letsEncrypt'], ['email', 'server']],
    [['devEnvironmentClusters', 0, 'ingress', 'letsEncrypt'], ['email', 'server']],
  ] as [PropertyKey[], string[]][])('%j', (path, some) => {
    expect(knownKeysAt(configSchema, path)).toEqual(expect.arrayContaining(some));
  });

  test('a path into free-form values or past a leaf has no fields', () => {
    expect(knownKeysAt(configSchema, ['application', 'values'])).toEqual([]);
    expect(knownKeysAt(configSchema, ['namespace', 'x'])).toEqual([]);
    expect(knownKeysAt(configSchema, ['nothing'])).toEqual([]);
  });
});

describe('findMachineryKeys', () => {
  test('constructor and __proto__ at any depth, in lists too; prototype and toString are data', () => {
    const raw = JSON.parse('{"a":{"constructor":1,"prototype":2,"toString":3},"l":[{"__proto__":{"x":1}}],"constructor":{"constructor":1}}');
    expect(findMachineryKeys(raw).map((k) => formatPath(k.path))).toEqual(['a.constructor', 'l[0].__proto__', 'constructor']);
    expect(findMachineryKeys(raw)[1]).toMatchObject({ value: { x: 1 }, rule: expect.stringMatching(/__proto__ as the object's prototype/) });
  });
});
