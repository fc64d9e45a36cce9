import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { precompiledSchemas } from './precompiled-schemas.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages the action imports only through parts it never calls: @actions/core's OIDC token (@actions/http-client,
 * which loads undici, ~0.8 MB) and its `platform` details (@actions/exec). Marked free of side effects, esbuild
 * leaves them out of the bundle when nothing used needs them.
 */
const UNUSED_WHEN_UNCALLED = /^@actions\/(http-client|exec)(\/|$)/;

const unusedWhenUncalled: Plugin = {
  name: 'unused-when-uncalled',
  setup(build) {
    build.onResolve({ filter: UNUSED_WHEN_UNCALLED }, async (args) => {
      if (args.pluginData === 'unused-when-uncalled') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'unused-when-uncalled',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, sideEffects: false };
    });
  },
};

/**
 * Bundles the action (`action/src/index.ts` and what it imports from `src/core`) into ESM files in `<outdir>`,
 * run by the runner's Node 24: `index.js` (action.yml's `main`) and, split off, each command's code and the
 * parts they share (`chunks/`), so that a gate loads only what a gate runs. Minified: less to read and parse
 * on every run. The output has no timestamps or absolute paths, so CI can rebuild it and fail on any diff with
 * the committed `action/dist`; the old files are removed first (chunk names change with their content).
 */
export async function buildAction(options: { outdir: string }): Promise<void> {
  await rm(options.outdir, { recursive: true, force: true });
  await mkdir(options.outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['action/src/index.ts'],
    outdir: options.outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    charset: 'utf8',
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [precompiledSchemas, unusedWhenUncalled],
    // Some dependencies are CommonJS and call require() for Node built-ins; ESM has no require of its own.
    banner: {
      js: "import { createRequire as __changeGateCreateRequire } from 'node:module';\nconst require = __changeGateCreateRequire(import.meta.url);",
    },
  });
  // The action runs from a checkout of this repository; this keeps the bundle ESM wherever it is copied.
  await writeFile(`${options.outdir}/package.json`, `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
}

/** Every file of a built action directory (relative paths, sorted): what the freshness check compares. */
export async function actionFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      `${entry.parentPath.slice(dir.length).replace(/^[\\/]/, '')}/${entry.name}`.replace(/^\//, ''),
    )
    .map((path) => path.replaceAll('\\', '/'))
    .sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAction({ outdir: `${root}action/dist` });
}
