// lib/util/image.ts: the image reference rule (each part of the pattern at its edges), how a reference splits into
// the chart's registry/repository/tag values, and the pull policy it gets. Pure calls.
import {
  IMAGE_REF_RULE, defaultImagePullPolicy, isImageRef, pullPolicyForTag, splitImageRef,
} from '../lib/util/image';

const HEX64 = 'a'.repeat(64);

describe('isImageRef', () => {
  it.each([
    'foo:1',
    'registry.example.com/path/codecanvas-operator:2025.1.2',
    'A/foo:1', // a one-character registry (only a registry may be upper case)
    'Ab/foo:1',
    'Abcd/foo:1',
    'Ab.c-d/foo:1',
    'Ab:5000/foo:1',
    'Ab:5/foo:1',
    'foo.bar:1',
    'foo_bar:1',
    'foo__bar:1',
    'foo-bar:1',
    'foo--bar:1',
    'foo.b:1',
    'foo/bar/baz:1',
    'foo/bar.baz:1',
    'foo/bar__baz:1',
    'foo/bar--baz:1',
    'foo/b.c:1',
    'a/b/c__d:1', // past the registry and the first part, each later part takes the same separators
    'a/b/c--d:1',
    'a/b/c.d_e:1',
    'foo:_x',
    'foo:A-b.c_',
    `foo:${'a'.repeat(128)}`,
    `foo@sha256:${HEX64}`,
    `foo:1@sha256:${'0123456789abcdef'.repeat(4)}`,
  ])('takes %s', (ref) => {
    expect(isImageRef(ref)).toBe(true);
  });

  it.each([
    'foo', // neither a tag nor a digest
    'foo/bar',
    'localhost:5000/foo', // the port is no tag
    'Foo:1', // upper case outside the registry
    'foo:1 ', // a character after the end
    ' foo:1', // a character before the start
    '-a/foo:1',
    'a-/foo:1',
    'a_b/Foo:1',
    'Ab:x/foo:1',
    'Ab:/foo:1',
    'foo,bar:1',
    'foo---bar:1x/',
    'foo___bar:1',
    'foo.:1',
    'foo..bar:1',
    '.foo:1',
    'foo/.bar:1',
    'foo/:1',
    'foo/bar.:1',
    'foo/Bar:1',
    'foo/bar,baz:1',
    'foo:.x',
    'foo:-x',
    'foo:',
    `foo:${'a'.repeat(129)}`,
    'foo:a b',
    `foo@sha256:${'a'.repeat(63)}`,
    `foo@sha256:${'a'.repeat(65)}`,
    `foo@sha256:${'g'.repeat(64)}`,
    `foo@sha256:${'A'.repeat(64)}`,
    `foo@sha512:${HEX64}`,
    `foo@${HEX64}`,
  ])('refuses %s', (ref) => {
    expect(isImageRef(ref)).toBe(false);
  });

  it('names the rule with an example', () => {
    expect(IMAGE_REF_RULE).toBe(
      'must be a container image reference such as registry.example.com/path/codecanvas-operator:2025.1.2, with a tag or an @sha256: digest',
    );
  });
});

describe('splitImageRef', () => {
  it.each<[string, object]>([
    ['registry.example.com/path/op:2025.1.2', { registry: 'registry.example.com', repository: 'path/op', tag: '2025.1.2', digest: undefined }],
    ['localhost:5000/foo', { registry: 'localhost:5000', repository: 'foo', tag: undefined, digest: undefined }],
    ['localhost:5000/a/foo:1', { registry: 'localhost:5000', repository: 'a/foo', tag: '1', digest: undefined }],
    ['localhost/foo:1', { registry: 'localhost', repository: 'foo', tag: '1', digest: undefined }],
    ['library/nginx:1', { registry: '', repository: 'library/nginx', tag: '1', digest: undefined }],
    ['nginx', { registry: '', repository: 'nginx', tag: undefined, digest: undefined }],
    ['nginx:1.25', { registry: '', repository: 'nginx', tag: '1.25', digest: undefined }],
    ['localhost:1', { registry: '', repository: 'localhost', tag: '1', digest: undefined }],
    ['foo.bar:1', { registry: '', repository: 'foo.bar', tag: '1', digest: undefined }],
    ['ab.io/x', { registry: 'ab.io', repository: 'x', tag: undefined, digest: undefined }],
    ['a:1/x', { registry: 'a:1', repository: 'x', tag: undefined, digest: undefined }],
    ['foo@sha256:abc', { registry: '', repository: 'foo', tag: undefined, digest: 'sha256:abc' }],
    ['r.io/foo:2@sha256:abc', { registry: 'r.io', repository: 'foo', tag: '2', digest: 'sha256:abc' }],
  ])('%s', (ref, parts) => {
    expect(splitImageRef(ref)).toStrictEqual(parts);
  });
});

describe('pull policy', () => {
  it.each<[string, string]>([
    ['foo:latest', 'Always'],
    ['r.io/foo:latest', 'Always'],
    ['foo:1', 'IfNotPresent'],
    ['foo:latest2', 'IfNotPresent'],
    [`foo:latest@sha256:${HEX64}`, 'IfNotPresent'],
    [`foo@sha256:${HEX64}`, 'IfNotPresent'],
  ])('%s pulls %s', (ref, policy) => {
    expect(defaultImagePullPolicy(ref)).toBe(policy);
  });

  it('by tag: only latest is pulled always', () => {
    expect(pullPolicyForTag('latest')).toBe('Always');
    expect(pullPolicyForTag('1')).toBe('IfNotPresent');
    expect(pullPolicyForTag(undefined)).toBe('IfNotPresent');
    expect(pullPolicyForTag('')).toBe('IfNotPresent');
  });
});
