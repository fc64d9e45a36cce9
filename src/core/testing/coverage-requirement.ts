import type { DeployPayload } from '../deploy/deploy-payload.ts';

export interface CoverageVerdict {
  /** Whether the coverage bar applies to this deploy. */
  required: boolean;
  ok: boolean;
  message: string;
}

/**
 * Whether the deploy's test coverage meets `testing.test_coverage_required`. The bar applies when a change
 * in the deploy requires testing, and also when that cannot be told (no payload from the gate, a change
 * whose block could not be read): unknown is treated as required.
 */
export function coverageRequirement(options: {
  payload: DeployPayload | null;
  requiredPercent: number;
  /** Measured line coverage, 0–100. */
  percent: number;
}): CoverageVerdict {
  const { payload, requiredPercent, percent } = options;
  const owing = payload
    ? payload.change_gate.changes.filter(
        (change) => change.change_id !== null && change.testing_required !== false,
      )
    : null;
  const measured = `${formatPercent(percent)}%`;
  const bar = `${formatPercent(requiredPercent)}%`;
  if (owing !== null && owing.length === 0) {
    return {
      required: false,
      ok: true,
      message: `coverage ${measured}; no change in this deploy requires testing`,
    };
  }
  const who =
    owing === null
      ? 'this deploy (its changes are unknown)'
      : owing.map((change) => change.change_id).join(', ');
  if (percent >= requiredPercent) {
    return { required: true, ok: true, message: `coverage ${measured} meets the required ${bar} for ${who}` };
  }
  return {
    required: true,
    ok: false,
    message: `coverage ${measured} is below the required ${bar} (testing.test_coverage_required) for ${who}`,
  };
}

function formatPercent(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}
