import { type Change, RISK_LEVELS } from '../change-request/change.ts';
import { compileGlob } from '../policy/compile-glob.ts';
import type { PreApprovedEntry } from '../policy/policy.ts';
import { riskRank } from '../policy/risk-rank.ts';

export type PreApprovedMatch = { entry: PreApprovedEntry } | { entry: null; reasons: string[] };

/** Files named per entry when explaining a mismatch; the rest are counted. */
const MAX_FILES_NAMED = 3;

/**
 * Whether a standard or pre-approved change is covered by the catalogue (and so approved by policy).
 * A change naming `pre_approved_change` is checked against that entry only. An entry matches when the
 * change's normalised type is one of its `change_types` (none listed = any type), the change states a
 * `risk_level` no higher than `max_risk_level`, and, when the entry lists `paths`, the change has changed
 * files and every one matches a glob. The first matching entry wins; otherwise every reason is given.
 */
export function matchPreApproved(options: {
  entries: PreApprovedEntry[];
  change: Change;
  changedFiles: string[];
}): PreApprovedMatch {
  const { change } = options;
  if (change.classification !== 'pre-approved' && change.classification !== 'standard') {
    return {
      entry: null,
      reasons: [
        `the change is classified ${change.classification}; only standard or pre-approved changes use the catalogue`,
      ],
    };
  }
  const claimed = change.form.pre_approved_change;
  const entries =
    claimed === undefined ? options.entries : options.entries.filter((entry) => entry.id === claimed);
  if (claimed !== undefined && entries.length === 0) {
    return { entry: null, reasons: [`no entry of the pre-approved catalogue has the id "${claimed}"`] };
  }
  if (entries.length === 0) return { entry: null, reasons: ['the pre-approved catalogue is empty'] };
  const reasons: string[] = [];
  for (const entry of entries) {
    const mismatch = entryMismatch({ entry, change, changedFiles: options.changedFiles });
    if (mismatch === null) return { entry };
    reasons.push(`entry "${entry.id}": ${mismatch}`);
  }
  return { entry: null, reasons };
}

function entryMismatch(options: {
  entry: PreApprovedEntry;
  change: Change;
  changedFiles: string[];
}): string | null {
  const { entry, change } = options;
  if (entry.change_types.length > 0 && !entry.change_types.includes(change.type)) {
    return `type ${change.type} is not one of ${entry.change_types.join(', ')}`;
  }
  const risk = change.form.risk_level;
  if (risk === undefined) return 'the change states no risk_level';
  const max = riskRank(entry.max_risk_level);
  if (max < 0)
    return `the entry's max_risk_level "${entry.max_risk_level}" is not one of ${RISK_LEVELS.join(', ')}`;
  if (riskRank(risk) < 0) return `risk level "${risk}" is not one of ${RISK_LEVELS.join(', ')}`;
  if (riskRank(risk) > max) return `risk level ${risk} is above the entry's maximum ${entry.max_risk_level}`;
  if (entry.paths.length === 0) return null;
  if (options.changedFiles.length === 0)
    return 'the entry is limited to paths but the change has no changed files to check';
  const globs = entry.paths.map(compileGlob);
  const outside = options.changedFiles.filter((file) => !globs.some((matches) => matches(file)));
  if (outside.length === 0) return null;
  const named = outside.slice(0, MAX_FILES_NAMED).join(', ');
  const more = outside.length > MAX_FILES_NAMED ? ` and ${outside.length - MAX_FILES_NAMED} more` : '';
  return `${named}${more} ${outside.length === 1 ? 'is' : 'are'} outside the entry's paths (${entry.paths.join(', ')})`;
}
