import { describe, expect, it } from 'vitest';
import type { DeployPayload, DeployPayloadChange } from '../../../../src/core/deploy/deploy-payload.ts';
import { coverageRequirement } from '../../../../src/core/testing/coverage-requirement.ts';

const sha = 'a'.repeat(40);
const payload = (...changes: Array<Partial<DeployPayloadChange>>): DeployPayload => ({
  change_gate: {
    v: 1,
    changes: changes.map((change, index) => ({
      pr: index + 1,
      change_id: `CHG-2026-00${index + 1}`,
      head_sha: sha,
      type: 'security',
      testing_required: true,
      ...change,
    })),
  },
});

describe('coverageRequirement', () => {
  it('fails below the bar with both numbers and the changes that owe it', () => {
    expect(coverageRequirement({ payload: payload({}), requiredPercent: 80, percent: 75.5 })).toEqual({
      required: true,
      ok: false,
      message: 'coverage 75.5% is below the required 80% (testing.test_coverage_required) for CHG-2026-001',
    });
  });

  it('passes at or above the bar', () => {
    expect(coverageRequirement({ payload: payload({}), requiredPercent: 80, percent: 80 }).ok).toBe(true);
  });

  it('does not apply when no change requires testing or a PR is not a change', () => {
    const verdict = coverageRequirement({
      payload: payload(
        { type: 'feature', testing_required: false },
        { change_id: null, testing_required: null },
      ),
      requiredPercent: 80,
      percent: 10,
    });
    expect(verdict).toMatchObject({ required: false, ok: true });
  });

  it('applies when the changes are unknown (no payload) or a change type could not be read', () => {
    expect(coverageRequirement({ payload: null, requiredPercent: 80, percent: 79.99 })).toMatchObject({
      required: true,
      ok: false,
    });
    expect(
      coverageRequirement({
        payload: payload({ type: null, testing_required: null }),
        requiredPercent: 80,
        percent: 50,
      }).ok,
    ).toBe(false);
  });
});
