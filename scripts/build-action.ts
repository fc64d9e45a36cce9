import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type OnResolveArgs, type Plugin } from 'esbuild';
import type { SchemaName } from '../src/core/validation/schema-ajv.ts';
import {
  ALL_SCHEMAS,
  precompiledSchemas,
  precompiledSchemasSource,
  SCHEMA_ERRORS_FILE,
} from './precompiled-schemas.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages the action imports only through parts it never calls: @actions/core's OIDC token (@actions/http-client,
 * which loads undici, ~0.8 MB) and its `platform` details (@actions/exec). Marked free of side effects, esbuild
 * leaves them out of the bundle when nothing used needs them.
 */
const UNUSED_WHEN_UNCALLED = /^@actions\/(http-client|exec)(\/|$)/;

/**
 * A module of a package marked free of side effects the same way, by its importer and the path it imports:
 * @actions/core's `summary` (its job-summary writer, which the action never uses: action/src/run-command.ts
 * appends the summary itself), whose top level reads `fs.promises`, which loads Node's promise-based file system
 * and, with it, readline, the REPL's history and file watchers (about 2 ms of a gate's CPU).
 */
const UNUSED_CORE_SUMMARY = {
  importer: /[\\/]@actions[\\/]core[\\/]lib[\\/]core\.js$/,
  path: /^\.\/summary\.js$/,
};

const unusedWhenUncalled: Plugin = {
  name: 'unused-when-uncalled',
  setup(build) {
    const withoutSideEffects = async (args: OnResolveArgs) => {
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'unused-when-uncalled',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, sideEffects: false };
    };
    build.onResolve({ filter: UNUSED_WHEN_UNCALLED }, (args) =>
      args.pluginData === 'unused-when-uncalled' ? undefined : withoutSideEffects(args),
    );
    build.onResolve({ filter: UNUSED_CORE_SUMMARY.path }, (args) =>
      args.pluginData === 'unused-when-uncalled' || !UNUSED_CORE_SUMMARY.importer.test(args.importer)
        ? undefined
        : withoutSideEffects(args),
    );
  },
};

/**
 * `yaml` as ES modules: the package's own ESM build (`browser/dist`, what its `exports` give every platform but
 * Node; the same version and parser code, which warns through `console.warn` instead of `process.emitWarning`),
 * instead of its CommonJS build for Node. esbuild leaves out what the action never imports (most of
 * `stringify`'s entry points) and initialises it without a CommonJS wrapper per file: about 13 KB less to compile
 * and ~3 ms less CPU before a gate decides (paired runs of bench/action.bench.ts's gate).
 */
const yamlAsEsm: Plugin = {
  name: 'yaml-as-esm',
  setup(build) {
    const yamlEsm = join(
      dirname(createRequire(`${root}package.json`).resolve('yaml/package.json')),
      'browser/dist/index.js',
    );
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlEsm }));
  },
};

/**
 * @actions/core's `crypto` (it calls `randomUUID` for the delimiter around each output it writes): the
 * action's own `randomUUID` (action/src/random-uuid.ts), drawn from the operating system's random device as
 * node:crypto's is, so that a gate never loads node:crypto (about 4 ms of its start).
 */
const coreRandomUuid: Plugin = {
  name: 'core-random-uuid',
  setup(build) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib[\\/]file-command\.js$/.test(args.importer)
        ? { path: `${root}action/src/random-uuid.ts` }
        : undefined,
    );
  },
};

const BUILTIN_NAMESPACE = 'node-builtin-required';

/**
 * Node's built-in modules, loaded with `require` where the code that uses them is first run, not by the
 * bundle's static `import`s. ESM hoists every `import … from 'node:…'` of the bundle to its start, so a gate
 * would load the modules only the sweep's mailer uses (node:dns, node:zlib, node:tls…), and an ESM import of
 * `node:http` reads all its exports, among them the `WebSocket` getter, which loads Node's internal undici:
 * about 20 ms (measured: `import 'node:http'` 50 ms, `require('node:http')` 26 ms, `node -e ''` 23 ms). Each
 * built-in becomes a CommonJS module of the bundle (`module.exports = require('node:http')`), initialised
 * where the module importing it is (lazily for each command's code, run.ts); esbuild's interop reads its
 * exports one by one, when used.
 */
const builtinsRequired: Plugin = {
  name: 'builtins-required',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path) || args.path === 'node:module') return undefined;
      // Inside the CommonJS wrapper: Node's own module, left to the bundle's `require` (the banner's).
      if (args.namespace === BUILTIN_NAMESPACE) return { path: args.path, external: true };
      return { path: args.path, namespace: BUILTIN_NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: BUILTIN_NAMESPACE }, (args) => ({
      contents: LOADED_ON_FIRST_USE.has(args.path)
        ? loadedOnFirstUse(args.path, createRequire(import.meta.url)(args.path) as object)
        : `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Built-ins not even loaded where the code that imports them is initialised, but when one of their exports is
 * first read: node:crypto, about 4 ms to load, which a gate initialises (the change block's hash, in the
 * payload's parse) but never calls (the hash is computed when read; random UUIDs come from
 * action/src/random-uuid.ts).
 */
const LOADED_ON_FIRST_USE = new Set(['crypto', 'node:crypto']);

/**
 * A CommonJS module with a getter for each export of `specifier` (`exports`: the module as the build loads it; a
 * built-in as this Node has it, the runner's being the same major version) that loads it on first read; when
 * the module is a function, so is this one, calling it. esbuild's interop copies the export names, reading none.
 */
function loadedOnFirstUse(specifier: string, exports: object): string {
  const names = Object.keys(exports).sort();
  const callable =
    typeof exports === 'function'
      ? 'module.exports = function (...args) { return load().apply(this, args); };'
      : '';
  return [
    'let loaded;',
    `const load = () => (loaded ??= require(${JSON.stringify(specifier)}));`,
    callable,
    `for (const name of ${JSON.stringify(names)}) {`,
    '  Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });',
    '}',
  ].join('\n');
}

const PACKAGE_NAMESPACE = 'package-loaded-on-first-use';

/**
 * Packages the bundles initialise only when one of their exports is first read: picomatch (~24 KB, a few ms
 * to initialise), which a gate needs only to compile a glob of the config (`scope`, `pre_approved` paths), and
 * most configs have none. Each import of the package gets a CommonJS module whose exports are the package's
 * own, each a getter (and the module itself a function, as picomatch's is) that `require`s the package on first
 * use: esbuild bundles that `require` as a call of the package's CommonJS wrapper, run only then.
 */
const PACKAGES_LOADED_ON_FIRST_USE = ['picomatch'];

const packagesLoadedOnFirstUse: Plugin = {
  name: 'packages-loaded-on-first-use',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${PACKAGES_LOADED_ON_FIRST_USE.join('|')})$`) }, (args) =>
      // The package itself, as the lazy module's `require` asks for it.
      args.namespace === PACKAGE_NAMESPACE ? undefined : { path: args.path, namespace: PACKAGE_NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: PACKAGE_NAMESPACE }, (args) => ({
      contents: loadedOnFirstUse(args.path, createRequire(`${root}package.json`)(args.path) as object),
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * `action/src/index.ts` hands gate and finish to `./deploy.ts` and every other command to `./commands.ts`:
 * in the built action, the bundles `./deploy.js` and `./commands.js`, the one the step needs loaded only then.
 */
const otherBundle: Plugin = {
  name: 'other-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/(deploy|commands)\.ts$/ }, (args) =>
      /[\\/]action[\\/]src[\\/]index\.ts$/.test(args.importer)
        ? { path: args.path.replace(/\.ts$/, '.js'), external: true }
        : undefined,
    );
  },
};

/**
 * Each bundle: its name, its entry and the schemas compiled into it (precompiled-schemas.ts; any other is
 * answered by schema-errors.cjs, more slowly). A deploy job's gate and finish check the config and change
 * requests, never a history entry (the sweep's).
 */
const BUNDLES: [name: string, entry: string, schemas: readonly SchemaName[]][] = [
  ['index', 'action/src/index.ts', []],
  ['deploy', 'action/src/deploy.ts', ['config', 'change-request']],
  ['commands', 'action/src/commands.ts', ALL_SCHEMAS],
];

/**
 * Bundles the action into ESM files run by the runner's Node 24, each whole (no shared chunks):
 * - `<outdir>/index.js` (action.yml's `main`, from `action/src/index.ts`): a few lines that turn on Node's
 *   compile cache (action/src/enable-compile-cache.ts), which applies to the modules loaded after it, and
 *   load the step's bundle:
 * - `<outdir>/deploy.js` (`action/src/deploy.ts`): a deploy job's gate and finish (`action/src/run-deploy.ts`),
 *   about half of the whole, so less to read and compile before a gate's first request (measured: 15 ms less
 *   CPU per gate than one file of every command);
 * - `<outdir>/commands.js` (`action/src/commands.ts`): every command (`action/src/run.ts`);
 * - `<outdir>/schema-errors.cjs`: the schemas' validators that describe every error, which a bundle loads only
 *   to explain a value its own validators (that only answer valid or not) found invalid, or to check a schema
 *   it does not hold (precompiled-schemas.ts, BUNDLES).
 * Each command's code is imported when it runs: in a bundle its modules are initialised only then, so a sweep
 * initialises its mailer only to send. Minified: less to read and parse on every run. Whole files start faster
 * than the same code split into shared chunks (each ES module costing its own load and link). The output has
 * no timestamps or absolute paths, so CI can rebuild it and fail on any diff with the committed `action/dist`;
 * the directory is emptied first, so nothing stale stays.
 */
export async function buildAction(options: {
  outdir: string;
  /** Default true; a test reads the unminified bundle. */
  minify?: boolean;
}): Promise<void> {
  await rm(options.outdir, { recursive: true, force: true });
  await mkdir(options.outdir, { recursive: true });
  // One build per bundle (whole files, nothing shared), each with the schemas its commands check compiled in.
  for (const [name, entry, schemas] of BUNDLES) {
    await build({
      absWorkingDir: root,
      entryPoints: { [name]: entry },
      outdir: options.outdir,
      bundle: true,
      minify: options.minify ?? true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      // Non-ASCII characters escaped (\uXXXX): the file is then one-byte text, which Node decodes on its ASCII
      // fast path and V8 scans as a one-byte string (one `→` in a UTF-8 file makes the whole source two-byte).
      charset: 'ascii',
      legalComments: 'eof',
      logLevel: 'warning',
      plugins: [
        precompiledSchemas(schemas),
        packagesLoadedOnFirstUse,
        unusedWhenUncalled,
        yamlAsEsm,
        coreRandomUuid,
        builtinsRequired,
        otherBundle,
      ],
      // Some dependencies are CommonJS and call require() for Node built-ins; ESM has no require of its own.
      banner: {
        js: "import { createRequire as __changeGateCreateRequire } from 'node:module';\nconst require = __changeGateCreateRequire(import.meta.url);",
      },
    });
  }
  // What the bundles' schemaErrors loads to describe an invalid value's errors (precompiled-schemas.ts): every
  // schema compiled with every error described, as the app's; CommonJS, so that it is loaded synchronously.
  await build({
    absWorkingDir: root,
    stdin: {
      contents: precompiledSchemasSource(),
      resolveDir: root,
      loader: 'js',
      sourcefile: 'schema-errors.js',
    },
    outfile: `${options.outdir}/${SCHEMA_ERRORS_FILE}`,
    bundle: true,
    minify: options.minify ?? true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    charset: 'ascii',
    legalComments: 'eof',
    logLevel: 'warning',
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
