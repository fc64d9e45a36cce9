// Layering rules for Change Gate, checked by `npm run deps` (part of `npm test`) and proved by
// test/architecture/layering.test.ts against the fixture trees in test/fixtures/layering/.
// Dependencies point inwards: doors → use cases → ports and core; adapters implement ports.
// Type-only imports count: swc keeps `import type`, so a type from an adapter is still a dependency on it
// (test/architecture/layering.test.ts proves it).

// probot, octokit and @actions packages, resolved into node_modules or left as a bare name.
const GITHUB_SDK = '(^|node_modules/)(probot|octokit|@probot|@octokit|@actions)(/|$)';

// Node modules that reach the file system, the network, processes, threads or the OS.
// node:crypto is not here: hashing and signing are pure computations.
const NODE_IO =
  '^(node:)?(fs|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster|os|process|' +
  'readline|repl|inspector|sqlite|wasi|vm|v8)(/promises)?$';

// The doors: event handlers, the REST API routes, the CLI, the Probot app function and the action entry.
const SRC_DOORS = '^src/(handlers|api|cli)/|^src/index\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-no-github-sdk',
      comment:
        'src/core is the pure domain: it must not import probot, octokit or @actions. Take plain data or a ' +
        'function as a parameter, and let a use case fetch it through a port (src/github/ports).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: GITHUB_SDK },
    },
    {
      name: 'core-no-io',
      comment:
        'src/core does no I/O (file system, network, processes, threads, OS). Receive the content as an ' +
        'argument and do the reading in a use case (through a port) or in a door; node:crypto is allowed.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: NODE_IO },
    },
    {
      name: 'core-only-core',
      comment:
        'src/core imports only src/core (and npm libraries, schemas/). Move the needed code into ' +
        'src/core/<concept>/, or invert the dependency: the use case passes the value to core.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src|action)/', pathNot: '^src/core/' },
    },
    {
      name: 'use-cases-no-adapters',
      comment:
        'src/use-cases talk to GitHub only through ports: import src/core and src/github/ports, never ' +
        'src/github/octokit, src/app, a door or action/. Declare what you need on a port interface in ' +
        'src/github/ports and let the composition root (src/app) or the door pass the adapter in.',
      severity: 'error',
      from: { path: '^src/use-cases/' },
      to: { path: '^(src|action)/', pathNot: '^src/(core|github/ports|use-cases)/' },
    },
    {
      name: 'use-cases-no-github-sdk',
      comment:
        'src/use-cases must not import probot, octokit or @actions (not even a type such as Logger or ' +
        'Context). Define the narrow shape you need in src/github/ports (or src/core) and let the door ' +
        'pass the real object in.',
      severity: 'error',
      from: { path: '^src/use-cases/' },
      to: { path: GITHUB_SDK },
    },
    {
      name: 'ports-only-core',
      comment:
        'src/github/ports holds interfaces, GitHubError and errorMessage: it imports only src/core and ' +
        'itself. Move implementation details into an adapter in src/github/octokit.',
      severity: 'error',
      from: { path: '^src/github/ports/' },
      to: { path: '^(src|action)/', pathNot: '^src/(core|github/ports)/' },
    },
    {
      name: 'ports-no-github-sdk',
      comment:
        'src/github/ports must not import probot, octokit or @actions. Describe the data in our own types; ' +
        'only the adapters in src/github/octokit know Octokit.',
      severity: 'error',
      from: { path: '^src/github/ports/' },
      to: { path: GITHUB_SDK },
    },
    {
      name: 'no-sandbox-or-test',
      comment:
        'Shipped code (src/, action/src/) never imports sandbox/ (simulator, harness, demo) or test/. ' +
        'Move what both need into src/, and let sandbox/ and test/ import it from there.',
      severity: 'error',
      from: { path: '^(src|action/src)/' },
      to: { path: '^(sandbox|test)/' },
    },
    {
      name: 'src-not-action',
      comment:
        'src/ never imports action/: the action is a door built on top of src/. Move shared code into ' +
        'src/core, src/use-cases or src/github and import it from action/src.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^action/' },
    },
    {
      name: 'no-circular',
      comment:
        'Import cycles (type-only imports included) tangle the layers. Break the cycle: move the shared ' +
        'type or function into the lower module, or into its own file both can import.',
      severity: 'error',
      from: { path: '^(src|action/src)/' },
      to: { circular: true },
    },
    {
      name: 'doors-independent',
      comment:
        'Doors (src/handlers, src/api, src/cli, src/index.ts, action/src) build adapters and call use ' +
        'cases; they do not import each other. Move the shared code into a use case, src/core or src/app.',
      severity: 'error',
      from: { path: '^(src/(?:handlers|api|cli)|action/src)/' },
      to: { path: SRC_DOORS, pathNot: '^$1/' },
    },
  ],
  options: {
    // dependency-cruiser 18 reads .ts through the TypeScript compiler API (typescript >=2 <7) or through swc.
    // Our typescript is 7 (no compiler API yet), so swc parses; without a parser it would cruise 0 modules
    // and report nothing, which test/architecture/layering.test.ts catches.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    // swc keeps `import type` in the graph by itself; `tsPreCompilationDeps` would ask for the tsc parser
    // that typescript 7 lacks (and print a warning on every run).
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
