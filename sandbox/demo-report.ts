/**
 * The demo's last stage: the month's report, as a change manager gets it with the CLI and their own token
 * (`change-gate report`, every history verified with the app's public key only), and the dashboard page.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publicKeyFromPrivate } from '../src/core/history/public-key-from-private.ts';
import type { StoryContext } from './demo-stories.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

const cli = async (args: string[], env: Record<string, string>) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code ?? -1, stdout: failed.stdout, stderr: failed.stderr };
  }
};

/**
 * The organisation's report for the month the demo ran in (Markdown, printed) and the dashboard of one
 * repository (HTML, written to a file whose path is printed). True when both were built and every change
 * counted (no history set apart).
 */
export const monthReportStory = async (
  story: Pick<StoryContext, 'sim' | 'line'>,
  options: { org: string; repo: string; appPrivateKeyPem: string; userToken: string; now: Date },
): Promise<boolean> => {
  const { sim, line } = story;
  const dir = join(tmpdir(), 'change-gate-demo');
  mkdirSync(dir, { recursive: true });
  const publicKey = join(dir, 'change-gate.pub.pem');
  writeFileSync(publicKey, publicKeyFromPrivate(options.appPrivateKeyPem));
  const dashboard = join(dir, 'dashboard.html');
  const month = options.now.toISOString().slice(0, 7);
  const env = { GITHUB_TOKEN: options.userToken, GITHUB_API_URL: sim.apiUrl };
  const common = ['--period', month, '--public-key', publicKey];

  const markdown = await cli(['report', '--org', options.org, ...common], env);
  const html = await cli(
    ['report', '--repo', options.repo, ...common, '--format', 'html', '--output', dashboard],
    env,
  );
  const total = /\| Total changes \| (\d+) \|/.exec(markdown.stdout)?.[1] ?? '?';
  line(
    'report',
    `change-gate report --org ${options.org} --period ${month}: ${total} changes, histories verified with the public key only (exit ${markdown.code})`,
  );
  console.log(`\n${markdown.stdout.trim()}\n`);
  line(
    'dashboard',
    html.code === 0
      ? `${options.repo}'s dashboard written to ${dashboard}`
      : `not written: ${html.stderr.trim()}`,
  );
  if (markdown.code !== 0) console.error(markdown.stderr.trim());
  return markdown.code === 0 && html.code === 0;
};
