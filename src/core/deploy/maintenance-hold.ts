import type { FreezeWindow } from '../policy/policy.ts';
import type { DeployChange } from './deploy-input.ts';
import { describeDeployChange } from './describe-deploy-change.ts';
import { findNextMaintenanceWindow } from './find-next-maintenance-window.ts';
import { type MaintenanceWindowOccurrence, maintenanceWindowAt } from './maintenance-window-at.ts';
import { TimeWindowError } from './time-window-error.ts';

export interface MaintenanceHold {
  /** A change that asks for a maintenance window has none open: the deploy must wait. */
  held: boolean;
  /**
   * The window the deploy waits for: with several held changes, the one opening last (the gate decides again
   * then); null when a held change has none ahead.
   */
  next: { name: string; startsAt: string } | null;
  reasons: string[];
  /** The config's maintenance windows cannot be read: the deploy fails closed. */
  error: string | null;
}

/**
 * Whether the deploy waits for a maintenance window: on a production environment, each change whose trusted
 * run asks for one (never the block or a label) deploys only while its own slot or a config window is open.
 * Emergency changes are not held; other environments are not either.
 */
export function maintenanceHold(options: {
  changes: DeployChange[];
  windows: FreezeWindow[];
  production: boolean;
  at: Date;
}): MaintenanceHold {
  const asking = options.changes.filter((change) => change.maintenance !== null);
  const hold: MaintenanceHold = { held: false, next: null, reasons: [], error: null };
  if (asking.length === 0) return hold;
  if (!options.production) {
    hold.reasons.push(
      `${list(asking)} ${asking.length === 1 ? 'asks' : 'ask'} for a maintenance window, which holds production deploys only: this environment is not one of the config's production_environments`,
    );
    return hold;
  }
  let latest: MaintenanceWindowOccurrence | null = null;
  let noneAhead = false;
  try {
    for (const change of asking) {
      const who = describeDeployChange(change);
      if (change.emergency) {
        hold.reasons.push(`${who} is an emergency change: it is not held for a maintenance window`);
        continue;
      }
      const look = { windows: options.windows, slot: change.maintenance?.slot ?? null, at: options.at };
      const open = maintenanceWindowAt(look);
      if (open) {
        hold.reasons.push(`${who} deploys inside ${windowName(open)} (open until ${open.end.toISOString()})`);
        continue;
      }
      hold.held = true;
      const next = findNextMaintenanceWindow(look);
      const only = `${who} deploys to production only inside a maintenance window (${where(change)}), and none is open`;
      if (next) {
        hold.reasons.push(`${only}: the next is ${windowName(next)} from ${next.start.toISOString()}`);
        if (!latest || next.start > latest.start) latest = next;
      } else {
        noneAhead = true;
        hold.reasons.push(
          `${only}, nor is one ahead: set a future scheduled_time in the change block (and have it approved again) or add maintenance_windows to the config`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof TimeWindowError)) throw error;
    return {
      ...hold,
      held: true,
      error: `the config's maintenance windows cannot be read, so the deploy is refused: ${error.message}`,
    };
  }
  hold.next = latest && !noneAhead ? { name: latest.name, startsAt: latest.start.toISOString() } : null;
  return hold;
}

function windowName(window: MaintenanceWindowOccurrence): string {
  return window.scheduled ? 'its scheduled slot' : `maintenance window "${window.name.slice(0, 100)}"`;
}

function where(change: DeployChange): string {
  const slot = change.maintenance?.slot;
  return slot
    ? `its scheduled slot ${slot.start.toISOString()}–${slot.end.toISOString()} or a configured maintenance window`
    : 'a configured maintenance window; it has no scheduled_time';
}

function list(changes: DeployChange[]): string {
  return changes.map(describeDeployChange).join(', ');
}
