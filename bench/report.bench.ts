// `change-gate report` over thousands of changes against the simulator: API calls per 1,000 changes (counted
// by the simulator) and the report process's peak heap and resident set, for two sizes, so that memory that
// grows with the number of changes shows.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGitHubSimulator } from '../sandbox/github-sim/index.ts';
import { createSigner } from '../src/core/history/create-signer.ts';
import { seedSignedChanges } from '../test/e2e/support/seed-signed-changes.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);
const START = Date.UTC(2025, 9, 1);
const SIX_MONTHS = Date.UTC(2026, 3, 1) - START;

export interface ReportFigures {
  changes: number;
  calls: number;
  searches: number;
  callsPer1000: number;
  peakHeapMb: number;
  maxRssMb: number;
  ms: number;
}

const reportOver = async (count: number, dir: string): Promise<ReportFigures> => {
  const sim = createGitHubSimulator({ now: () => new Date(Date.UTC(2026, 3, 2)) });
  await sim.start();
  try {
    const admin = sim.createUser({ login: 'admin' });
    sim.createOrg({ login: 'acme', members: ['admin'] });
    sim.registerApp({ slug: 'change-gate', permissions: { issues: 'write', metadata: 'read' } });
    sim.createRepo({ owner: 'acme', name: 'shop' });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(dir, 'app.pub.pem');
    writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const signer = createSigner(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    // Spread over the six months the report's trend reads: every change is read.
    const spacingMs = Math.floor(SIX_MONTHS / count);
    seedSignedChanges({ sim, repo: 'acme/shop', author: 'admin', signer, count, start: START, spacingMs });
    const peakFile = join(dir, `peak-${count}.json`);
    const mark = sim.mark();
    const started = performance.now();
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        './bench/peak-memory.ts',
        'src/cli/main.ts',
        'report',
        '--repo',
        'acme/shop',
        '--period',
        '2026-03',
        '--public-key',
        keyFile,
        '--format',
        'json',
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          GITHUB_TOKEN: admin.token,
          GITHUB_API_URL: sim.apiUrl,
          PEAK_MEMORY_FILE: peakFile,
        },
        maxBuffer: 256 * 1024 * 1024,
      },
    );
    const ms = performance.now() - started;
    const report = JSON.parse(stdout) as { trend: { months: Array<{ changes: number }> } };
    const read = report.trend.months.reduce((sum, month) => sum + month.changes, 0);
    if (read !== count) throw new Error(`the report counted ${read} of ${count} changes`);
    const requests = sim.requestsSince(mark);
    const peak = JSON.parse(readFileSync(peakFile, 'utf8')) as { peakHeap: number; maxRss: number };
    return {
      changes: count,
      calls: requests.length,
      searches: requests.filter((request) => request.graphqlOperationName === 'ReportChanges').length,
      callsPer1000: (1_000 * requests.length) / count,
      peakHeapMb: peak.peakHeap / 2 ** 20,
      maxRssMb: peak.maxRss / 2 ** 20,
      ms,
    };
  } finally {
    await sim.stop();
  }
};

export const reportBenchmarks = async (
  sizes: readonly number[] = [2_000, 10_000],
): Promise<ReportFigures[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'change-gate-report-bench-'));
  try {
    const figures: ReportFigures[] = [];
    for (const size of sizes) figures.push(await reportOver(size, dir));
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
