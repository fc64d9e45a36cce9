import { readFileSync } from 'node:fs';

/**
 * The text of Chart.js's UMD build (`chart.js/dist/chart.umd.min.js`), inlined into the HTML dashboard. The
 * package does not export that file, so it is found next to its main module. scripts/build.ts replaces this
 * module in dist/cli.js with the text itself: the packaged CLI needs no node_modules to draw the page.
 */
export const chartJsSource = (): string =>
  readFileSync(new URL('./chart.umd.min.js', import.meta.resolve('chart.js')), 'utf8');
