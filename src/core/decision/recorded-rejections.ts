import type { RecordedRejection } from '../approval/approval-input.ts';
import type { HistoryEntry } from '../history/history-entry.ts';

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * The rejections one `rejected` entry records: `data.rejections` (who, for which roles, when, how, why);
 * an older entry names only `rejected_by`, dated by the entry, roles unknown.
 */
export const recordedRejections = (entry: HistoryEntry): RecordedRejection[] => {
  const listed = Array.isArray(entry.data.rejections) ? entry.data.rejections : null;
  if (listed === null) {
    const reason = typeof entry.data.reason === 'string' ? entry.data.reason : '';
    return strings(entry.data.rejected_by).map((login) => ({
      login,
      roles: [],
      at: entry.at,
      via: 'command',
      reason,
    }));
  }
  return listed.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { login, roles, at, via, reason } = item as Record<string, unknown>;
    if (typeof login !== 'string' || typeof at !== 'string') return [];
    return [
      {
        login,
        roles: strings(roles),
        at,
        via: via === 'review' || via === 'api' ? via : 'command',
        reason: typeof reason === 'string' ? reason : '',
      },
    ];
  });
};
