import { RISK_LEVELS, type RiskLevel } from '../change-request/change.ts';

/** low 0 … critical 3; -1 for anything else. */
export function riskRank(level: RiskLevel | string | undefined): number {
  return RISK_LEVELS.indexOf(level as RiskLevel);
}
