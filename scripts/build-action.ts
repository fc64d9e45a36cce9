import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles the action (`action/src/index.ts` and what it imports from `src/core`) into one ESM file,
 * `<outdir>/index.js`, run by the runner's Node 24. The output has no timestamps or absolute paths, so
 * CI can rebuild it and fail on any diff with the committed `action/dist`.
 */
export async function buildAction(options: { outdir: string }): Promise<void> {
  await mkdir(options.outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['action/src/index.ts'],
    outfile: `${options.outdir}/index.js`,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    charset: 'utf8',
    legalComments: 'eof',
    logLevel: 'warning',
    // Some dependencies are CommonJS and call require() for Node built-ins; ESM has no require of its own.
    banner: {
      js: "import { createRequire as __changeGateCreateRequire } from 'node:module';\nconst require = __changeGateCreateRequire(import.meta.url);",
    },
  });
  // The action runs from a checkout of this repository; this keeps the bundle ESM wherever it is copied.
  await writeFile(`${options.outdir}/package.json`, `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAction({ outdir: `${root}action/dist` });
}
