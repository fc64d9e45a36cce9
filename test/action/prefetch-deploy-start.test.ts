import { describe, expect, it } from 'vitest';
import { prefetchDeployStart } from '../../action/src/prefetch-deploy-start.ts';
import type { DeployPort } from '../../src/github/ports/deploy-port.ts';

type Query = Parameters<DeployPort['readDeployStart']>[0];
type Start = Awaited<ReturnType<DeployPort['readDeployStart']>>;

const QUERY: Query = {
  configPath: '.github/change-management.yml',
  sha: 'a'.repeat(40),
  environment: 'production',
};

/** A port whose readDeployStart records each query and answers from `answer`; nothing else is called. */
function recordingPort(answer: (query: Query, call: number) => Promise<Start>) {
  const asked: Query[] = [];
  const port = {
    readDeployStart: (query: Query) => {
      asked.push(query);
      return answer(query, asked.length);
    },
  } as unknown as DeployPort;
  return { port, asked };
}

const start = (call: number) => ({ defaultBranch: `main-${call}` }) as unknown as Start;

describe('prefetchDeployStart', () => {
  it('sends the first read at once and hands its answer to the first read asked for the same query', async () => {
    const { port, asked } = recordingPort(async (_query, call) => start(call));
    const prefetched = prefetchDeployStart(port, QUERY);
    expect(asked).toEqual([QUERY]);
    expect(await prefetched.readDeployStart({ ...QUERY })).toEqual(start(1));
    expect(asked).toHaveLength(1);
    // A later read is a new read: the prefetched answer is given once.
    expect(await prefetched.readDeployStart({ ...QUERY })).toEqual(start(2));
    expect(asked).toHaveLength(2);
  });

  it('sends a read for another query as asked, keeping the prefetched answer for its own', async () => {
    const { port, asked } = recordingPort(async (_query, call) => start(call));
    const prefetched = prefetchDeployStart(port, QUERY);
    const other = { ...QUERY, environment: 'staging' };
    expect(await prefetched.readDeployStart(other)).toEqual(start(2));
    expect(asked).toEqual([QUERY, other]);
    expect(await prefetched.readDeployStart({ ...QUERY })).toEqual(start(1));
  });

  it('gives the failure of the prefetched read to the gate, and an unasked failure crashes nothing', async () => {
    const failing = () => recordingPort(async () => Promise.reject(new Error('GitHub is down')));
    const asked = prefetchDeployStart(failing().port, QUERY);
    await expect(asked.readDeployStart({ ...QUERY })).rejects.toThrow('GitHub is down');
    // Never asked: its rejection is handled (vitest fails the run on an unhandled rejection).
    prefetchDeployStart(failing().port, QUERY);
    await new Promise((resolve) => setImmediate(resolve));
  });
});
