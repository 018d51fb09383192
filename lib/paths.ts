import * as fs from 'fs';
import * as path from 'path';

let cachedRoot: string | undefined;

/**
 * The package root (the folder holding this project's package.json). Found by walking up from this module,
 * so it is the same whether the code runs from sources (jest), from the esbuild bundle in .cache/build, or
 * from an installed package.
 */
export function packageRoot(): string {
  cachedRoot ??= findPackageRoot();
  return cachedRoot;
}

/**
 * The nearest folder at or above `from` whose package.json names this package (a package.json of another name on
 * the way is passed by). Throws at the file-system root.
 */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      // Stryker disable next-line StringLiteral: without an encoding JSON.parse reads the Buffer as the same text.
      const text = fs.readFileSync(manifest, 'utf8');
      if ((JSON.parse(text) as { name?: string }).name === 'codecanvas-cdk8s') return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`codecanvas-cdk8s: cannot find the package root above ${from}`);
  }
}

/** The example installation that `npm run synth` uses when no config file is given. */
export function embeddedExamplePath(): string {
  return path.join(packageRoot(), 'examples', 'aks.yaml');
}

/**
 * The version in the package.json of `root` (default: this package's, found the same way from sources, bundles and
 * build/); 0.0.0 when it has none. The one reader of it: `--version`, INSTALL.md and the library all use this.
 */
export function packageVersion(root: string = packageRoot()): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}
