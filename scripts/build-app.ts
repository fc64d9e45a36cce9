// Bundles the app's process (src/main.ts and the sources it imports; the packages stay in node_modules) into
// one ESM file, dist/app.js, which `npm start` and the container run: plain JavaScript, so Node loads no
// TypeScript stripper and compiles one module instead of hundreds (about 60 MiB less resident memory under
// load, bench/app-rss.ts). `node scripts/build-app.ts [OUTFILE]` builds (esbuild, a dev dependency);
// `--or-sources` (what `npm start` runs first) builds when esbuild is installed, else — a production install
// without dev dependencies — writes a dist/app.js that imports src/main.ts, so `npm start` still works.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface AppBundle {
  text: string;
  /** The packages the bundle imports from node_modules, by how: at load, or by an `import()` when first used. */
  packages: { atLoad: string[]; onFirstUse: string[] };
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;

/**
 * `text` with every non-ASCII character written as its `\\u{…}` escape. esbuild escapes those in strings,
 * templates, regular expressions and names; what it leaves is in comments. A line holding one that is not a
 * comment line is refused rather than rewritten (the escape would change what the code means).
 */
export const asciiComments = (text: string): string =>
  text
    .split('\n')
    .map((line, index) => {
      if (!/[\u0080-\u{10ffff}]/u.test(line)) return line;
      if (!COMMENT_LINE.test(line)) {
        throw new Error(
          `the bundle's line ${index + 1} holds a non-ASCII character outside a comment: ${line.trim()}`,
        );
      }
      return line.replace(
        /[\u0080-\u{10ffff}]/gu,
        (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`,
      );
    })
    .join('\n');

/**
 * A `require()` inside the bundle (the precompiled schemas' code requires Ajv's small runtime helpers and
 * ajv-formats' formats) is bundled, package or not: an ES module has no `require`, so esbuild's stand-in
 * would throw when the line runs. Resolved as Node's `require` would, from the requiring file's folder.
 */
const requiredBundled: Plugin = {
  name: 'required-bundled',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'require-call' || args.path.startsWith('node:')) return undefined;
      return { path: createRequire(join(args.resolveDir, 'index.js')).resolve(args.path) };
    });
  },
};

/** The app's bundle. Throws when esbuild is not installed or a source does not build. */
export async function bundleApp(): Promise<AppBundle> {
  const { build } = await import('esbuild');
  const { describedSchemas } = await import('./precompiled-schemas.ts');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    bundle: true,
    write: false,
    outfile: 'dist/app.js',
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Resolved from node_modules at run time, as from the sources: the image keeps its production dependencies.
    packages: 'external',
    legalComments: 'none',
    // Strings and identifiers escaped to ASCII (esbuild's default, said here because it matters): V8 holds a
    // module's source for as long as it runs, one byte per character when every character is ASCII and two
    // otherwise.
    charset: 'ascii',
    logLevel: 'warning',
    metafile: true,
    // The schemas compiled to code now, as in the action's bundle, rather than by Ajv at the first event:
    // Ajv's code generation peaks at about 20 MiB of resident memory (bench/app-rss.ts).
    plugins: [describedSchemas, requiredBundled],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no output for src/main.ts');
  // What esbuild leaves as written is in comments (e.g. an ellipsis in a field's doc comment): one such
  // character would double the source's 600 KB in memory.
  const text = asciiComments(output.text);
  if (result.metafile === undefined) throw new Error('esbuild wrote no metafile for src/main.ts');
  const imports = Object.values(result.metafile.outputs).flatMap((file) => file.imports);
  const packagesOf = (kind: string) =>
    [
      ...new Set(
        imports
          .filter((i) => i.external && i.kind === kind && !i.path.startsWith('node:'))
          .map((i) => packageName(i.path)),
      ),
    ].sort();
  return {
    text,
    packages: { atLoad: packagesOf('import-statement'), onFirstUse: packagesOf('dynamic-import') },
  };
}

/** What dist/app.js holds when esbuild is not installed: the sources, run with Node's type stripping. */
const sourcesEntry = (outfile: string): string => {
  const main = relative(dirname(outfile), `${root}src/main.ts`).split('\\').join('/');
  return `// esbuild is not installed (a production install): the app runs from its TypeScript sources.\nimport '${main.startsWith('.') ? main : `./${main}`}';\n`;
};

const esbuildInstalled = (): boolean => {
  try {
    import.meta.resolve('esbuild');
    return true;
  } catch {
    return false;
  }
};

/** Writes beside, then renames: a process starting meanwhile reads the old file or the new one, never half. */
const writeAtomically = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, text);
  await rename(partial, path);
};

export async function buildApp(options: {
  outfile: string;
  orSources?: boolean;
  /** Whether esbuild can be imported; found out unless told (the tests tell). */
  esbuild?: boolean;
}): Promise<'bundle' | 'sources'> {
  if (options.orSources && !(options.esbuild ?? esbuildInstalled())) {
    await writeAtomically(options.outfile, sourcesEntry(options.outfile));
    return 'sources';
  }
  await writeAtomically(options.outfile, (await bundleApp()).text);
  return 'bundle';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const orSources = args.includes('--or-sources');
  const outfile = args.find((arg) => !arg.startsWith('--')) ?? `${root}dist/app.js`;
  await buildApp({ outfile, orSources });
}
