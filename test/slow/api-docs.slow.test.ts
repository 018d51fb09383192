// Every interface of the public API (props, options and the contracts they take) (lib/index.ts) is documented the cdk8s-plus way: each member has a
// description, and each optional member says its default with `@default`. Read with the TypeScript compiler from
// the declarations users get, so inherited members (ConstructMetadataProps) count too.
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../../__tests__/helpers';

const program = ts.createProgram([path.join(ROOT, 'lib', 'index.ts')], { strict: true, skipLibCheck: true, noEmit: true, types: ['node'] });
const checker = program.getTypeChecker();
const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'lib', 'index.ts'))!)!;
const exported = checker.getExportsOfModule(index).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
const propsInterfaces = exported.filter((s) => s.flags & ts.SymbolFlags.Interface);

test('the public API has props interfaces to check', () => {
  expect(propsInterfaces.map((s) => s.name)).toEqual(expect.arrayContaining(['CodeCanvasInstallationProps', 'NamespaceProps', 'HelmChartProps', 'KeyVaultSecretSourceProps']));
});

test.each(propsInterfaces.map((s) => [s.name, s] as const))('%s: every member described, every optional one with @default', (_name, symbol) => {
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const problems: string[] = [];
  for (const member of checker.getPropertiesOfType(type)) {
    const description = ts.displayPartsToString(member.getDocumentationComment(checker)).trim();
    const tags = member.getJsDocTags(checker).map((t) => t.name);
    if (!description) problems.push(`${member.name}: no description`);
    if (member.flags & ts.SymbolFlags.Optional && !tags.includes('default')) problems.push(`${member.name}: optional without @default`);
  }
  expect(problems).toEqual([]);
});
