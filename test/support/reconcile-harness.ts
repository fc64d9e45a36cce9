import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AppDeps } from '../../src/app/app-deps.ts';
import { createKeyedLock } from '../../src/app/create-keyed-lock.ts';
import { createMergeRequirementCache } from '../../src/app/create-merge-requirement-cache.ts';
import { loadHistoryKeys } from '../../src/app/history-keys.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { readHistory } from '../../src/core/history/read-history.ts';
import { createTeamMembersCache } from '../../src/github/octokit/team-members-cache.ts';
import { createAppMetrics } from '../../src/ops/app-metrics.ts';
import { createJoinableEvaluations } from '../../src/use-cases/joinable-evaluations.ts';
import { reconcileChange } from '../../src/use-cases/reconcile-change.ts';
import { createMemoryGitHub, type MemoryGitHubOptions } from './memory-github.ts';

const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

export const SEED_PR_BODY = fixture('markdown/valid/seed-pr-body.md');
export const SEED_CONFIG = parse(fixture('config/valid/seed-config.yml')) as unknown;

/** One key for the whole test run: RSA generation is slow. */
let sharedKey: string | null = null;
export const testPrivateKey = (): string => {
  sharedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  return sharedKey;
};

/** The seed's teams, one distinct person each, plus a developer. */
export const SEED_TEAMS: Record<string, string[]> = {
  'security-team': ['sam'],
  'security-team-lead': ['lee'],
  'engineering-manager': ['erin'],
  'change-manager': ['carl'],
};

/**
 * The reconcile loop (read → evaluate → apply) against the in-memory GitHub, with a controllable clock.
 */
export const createReconcileHarness = (options: MemoryGitHubOptions & { start?: string } = {}) => {
  let time = Date.parse(options.start ?? '2026-03-02T10:00:00Z');
  const now = (): Date => new Date(time);
  const github = createMemoryGitHub({ config: SEED_CONFIG, teams: SEED_TEAMS, ...options, now });
  const keys = loadHistoryKeys({ env: {}, appPrivateKey: testPrivateKey() });
  const deps: AppDeps = {
    identity: async () => github.app,
    lock: createKeyedLock(),
    evaluations: createJoinableEvaluations(),
    teams: createTeamMembersCache(),
    mergeRequirements: createMergeRequirementCache(),
    metrics: createAppMetrics(),
    readiness: [],
    keys,
    now,
  };
  const logs: string[] = [];
  const log = { info: (_fields: unknown, message: string) => logs.push(message) } as never;

  return {
    github,
    deps,
    logs,
    advance(ms: number) {
      time += ms;
    },
    reconcile(number: number, actor = 'dana') {
      return reconcileChange({ deps, port: github.port, log, ref: github.ref(number), actor });
    },
    /** The change's verified history as an auditor would read it. */
    history(number: number) {
      const change = github.get(number);
      return readHistory({
        comments: change.comments,
        botLogin: github.app.botLogin,
        verifiers: keys.verifiers,
        changeId: changeIdOf(change),
        repository: `${github.owner}/${github.repo}`,
        repositoryId: github.repositoryId,
        number: change.number,
      });
    },
    latestCheck(number: number) {
      const change = github.get(number);
      return change.checkRuns
        .filter((run) => run.headSha === change.headSha && run.appId === github.app.id)
        .sort((a, b) => b.id - a.id)[0];
    },
  };
};
