import { describe, expect, it } from 'vitest';
import { deploymentOutcome, deploymentStatusFor } from '../../../../src/core/deploy/deployment-outcome.ts';

describe('deploymentStatusFor / deploymentOutcome', () => {
  it('writes each result so that reading it back gives the history event', () => {
    const cases = [
      ['success', 'success', 'completed'],
      ['failure', 'failure', 'failed'],
      ['rolled_back', 'failure', 'rolled_back'],
    ] as const;
    for (const [result, state, outcome] of cases) {
      const status = deploymentStatusFor({ result, detail: 'CHG-2026-012' });
      expect(status.state).toBe(state);
      expect(status.description).toContain('CHG-2026-012');
      expect(deploymentOutcome(status)).toBe(outcome);
    }
  });

  it('starts a rollback description with "Rolled back"', () => {
    expect(deploymentStatusFor({ result: 'rolled_back' }).description).toBe('Rolled back:');
  });

  it('reads rollbacks written by hand in any common spelling, and only failures as rollbacks', () => {
    expect(deploymentOutcome({ state: 'error', description: 'rolled-back after alarms' })).toBe(
      'rolled_back',
    );
    expect(deploymentOutcome({ state: 'failure', description: 'ROLLED_BACK' })).toBe('rolled_back');
    expect(deploymentOutcome({ state: 'failure', description: 'not rolled back' })).toBe('failed');
    expect(deploymentOutcome({ state: 'success', description: 'Rolled back' })).toBe('completed');
    expect(deploymentOutcome({ state: 'failure', description: null })).toBe('failed');
  });

  it('maps running states to implementing and ignores inactive (superseded by GitHub)', () => {
    expect(deploymentOutcome({ state: 'in_progress', description: null })).toBe('implementing');
    expect(deploymentOutcome({ state: 'queued', description: null })).toBe('implementing');
    expect(deploymentOutcome({ state: 'inactive', description: 'Rolled back' })).toBeNull();
  });

  it("keeps descriptions within GitHub's 140 characters", () => {
    expect(deploymentStatusFor({ result: 'failure', detail: 'x'.repeat(500) }).description).toHaveLength(140);
  });
});
