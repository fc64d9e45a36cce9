import { parseCommand } from '../approval/parse-command.ts';
import { isEmergencyCommand } from '../emergency/is-emergency-command.ts';
import type { PolicyLoad } from '../policy/load-policy.ts';
import { CHANGE_STATUS_LABELS, EMERGENCY_LABEL } from './change-status.ts';

const STATUS_LABELS = new Set<string>(Object.values(CHANGE_STATUS_LABELS));

/**
 * Trigger masks (policy-bot's idea): events that cannot change any decision cause no API call at all.
 * They only look at the payload; anything unsure evaluates.
 */

/**
 * A comment matters when it is (or was) a command, or when someone touched one of our own comments (ticks
 * in the implementation-steps comment, tampering with history). What our app itself did (editing its status
 * or steps comment, deleting a duplicate) it has just evaluated.
 */
export const commentCanChangeResult = (options: {
  action: 'created' | 'edited' | 'deleted';
  body: string;
  previousBody: string | null;
  byOurApp: boolean;
  /** The event's sender is our app's bot. */
  sentByOurApp?: boolean;
}): boolean => {
  if (options.sentByOurApp) return false;
  // Our own comments (history, status) are written by the evaluation itself.
  if (options.byOurApp) return options.action !== 'created';
  const command = (body: string) => parseCommand(body) !== null || isEmergencyCommand(body);
  if (command(options.body)) return true;
  return options.previousBody !== null && command(options.previousBody);
};

/**
 * Reviews matter on PRs that are, or were, change requests: they carry the change label or a status
 * label. (The change label's name is in the config; status labels are always `change:*`.)
 */
export const reviewCanChangeResult = (labels: readonly string[]): boolean =>
  labels.some((label) => {
    const name = label.toLowerCase();
    return name === 'change' || STATUS_LABELS.has(name) || name === 'change:emergency';
  });

/** Label events the app caused itself (status labels) need no evaluation: it has just evaluated. */
export const labelEventByOurApp = (options: { sender: string; botLogin: string }): boolean =>
  options.sender.toLowerCase() === options.botLogin.toLowerCase();

/**
 * The status label (`change:*`, `change:emergency` included) a `labeled` event added, lower-cased; null for
 * any other event or label. Only the app writes them, so the evaluation removes it and the log names who did.
 */
export const handAddedStatusLabel = (options: {
  action: string | undefined;
  label: string | undefined;
}): string | null => {
  const name = options.label?.toLowerCase();
  if (options.action !== 'labeled' || name === undefined) return null;
  return STATUS_LABELS.has(name) || name === EMERGENCY_LABEL ? name : null;
};

/** Another app's check run or a commit status matters only when the policy's testing gate names it. */
export const testResultCanChangeResult = (options: { policy: PolicyLoad; name: string }): boolean => {
  if (options.policy.status !== 'valid') return false;
  const { testing } = options.policy.policy;
  return testing.required_checks.includes(options.name) || testing.coverage_check === options.name;
};
