// Bundles the `change-gate` CLI into one file, dist/cli.js, so the installed bin runs on plain Node 24
// without TypeScript type stripping or the source tree. Run by `npm pack` (the `prepack` script) and `npm run build`;
// `node scripts/build.ts OUTFILE` writes elsewhere (the tests bundle into a temporary folder).
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? `${root}dist/cli.js`;

// The HTML dashboard inlines Chart.js: src/cli/chart-js-source.ts reads it from node_modules when run from the
// sources; the bundle carries the text itself, so `change-gate report --format html` needs nothing beside it.
const inlineChartJs: Plugin = {
  name: 'inline-chart-js',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]cli[\\/]chart-js-source\.ts$/ }, () => {
      const text = readFileSync(
        fileURLToPath(new URL('./chart.umd.min.js', import.meta.resolve('chart.js'))),
        'utf8',
      );
      return { contents: `export const chartJsSource = () => ${JSON.stringify(text)};`, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [inlineChartJs],
  banner: {
    // src/cli/main.ts's hashbang is kept first by esbuild. ajv's CommonJS modules call require(); ESM
    // output has none unless we make one.
    js: [
      "import { createRequire as __changeGateCreateRequire } from 'node:module';",
      'const require = __changeGateCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});
chmodSync(outfile, 0o755);
