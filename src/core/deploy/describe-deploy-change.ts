import type { DeployChange } from './deploy-input.ts';

/** `#12 (CHG-2026-012)`, or `#12` for a pull request that is not a change. */
export const describeDeployChange = (change: Pick<DeployChange, 'pr' | 'changeId'>): string =>
  change.changeId ? `#${change.pr} (${change.changeId})` : `#${change.pr}`;
