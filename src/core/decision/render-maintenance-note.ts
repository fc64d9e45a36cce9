import { findNextMaintenanceWindow } from '../deploy/find-next-maintenance-window.ts';
import type { MaintenanceRequest } from '../deploy/maintenance-request.ts';
import { TimeWindowError } from '../deploy/time-window-error.ts';
import type { FreezeWindow } from '../policy/policy.ts';
import { escapeMarkdown } from '../text/escape-markdown.ts';

const when = (date: Date): string =>
  date
    .toISOString()
    .replace(/:00\.000Z$/, 'Z')
    .replace('T', ' ');

/**
 * What the check says about a change that asks for a maintenance window: where it may deploy to production
 * and the next window as of this evaluation (the deploy gate decides again when it runs).
 */
export const renderMaintenanceNote = (options: {
  request: MaintenanceRequest;
  windows: FreezeWindow[];
  now: Date;
}): string => {
  const { request, windows } = options;
  const slot = request.slot
    ? `its scheduled slot (${when(request.slot.start)} – ${when(request.slot.end)})`
    : null;
  const names = windows.map((window) => escapeMarkdown(String(window?.name ?? ''), 100));
  const configured = names.length > 0 ? `a configured maintenance window (${names.join(', ')})` : null;
  const where = [slot, configured].filter(Boolean).join(' or ');
  const head = `**Deploys to production only in a maintenance window**${where ? `: ${where}` : ''}. Emergency changes are not held.`;
  try {
    const next = findNextMaintenanceWindow({ windows, slot: request.slot, at: options.now });
    if (!next) {
      return `${head}\n\nNo maintenance window lies ahead: a production deploy is refused until the block has a future \`scheduled_time\` or the config adds \`maintenance_windows\`.`;
    }
    const name = next.scheduled ? 'its scheduled slot' : `"${escapeMarkdown(next.name, 100)}"`;
    return `${head}\n\nNext: ${name} from ${when(next.start)} to ${when(next.end)}.`;
  } catch (error) {
    if (!(error instanceof TimeWindowError)) throw error;
    return `${head}\n\nThe config's maintenance windows cannot be read (${escapeMarkdown(error.message, 300)}): a production deploy is refused until they are fixed.`;
  }
};
