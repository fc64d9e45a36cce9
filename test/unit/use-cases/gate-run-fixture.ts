import { coveredPullsMarker } from '../../../src/core/decision/covered-pulls-marker.ts';
import type { DeployCheckRun } from '../../../src/core/deploy/deploy-input.ts';

/** The app the gate trusts in the deploy use-case tests, the deployed commit and the change's head. */
export const GATE_APP = { id: 42, slug: 'change-gate', botLogin: 'change-gate[bot]' };
export const DEPLOYED = 'd'.repeat(40);
export const HEAD = 'b'.repeat(40);

/** Our app's passing "Change Gate" run on HEAD for CHG-2026-012 (PR #12), with `overrides`. */
export const gateRun = (overrides: Partial<DeployCheckRun> = {}): DeployCheckRun => ({
  id: 500,
  name: 'Change Gate',
  status: 'completed',
  conclusion: 'success',
  appId: GATE_APP.id,
  appSlug: GATE_APP.slug,
  headSha: HEAD,
  outputTitle: 'Approved — CHG-2026-012',
  outputSummary: coveredPullsMarker([12]),
  startedAt: '2026-07-01T10:00:00Z',
  externalId: 'CHG-2026-012',
  htmlUrl: 'https://github.com/acme/shop/runs/500',
  ...overrides,
});
