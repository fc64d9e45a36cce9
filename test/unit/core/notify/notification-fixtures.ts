import type { HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import type { ChangeNotification } from '../../../../src/core/notify/change-notification.ts';

export const entryOf = (overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  v: 1,
  event: 'submitted',
  change_id: 'CHG-2026-004',
  actor: 'dana',
  at: '2026-11-30T10:00:00.000Z',
  head_sha: 'a'.repeat(40),
  block_hash: `sha256:${'b'.repeat(64)}`,
  key: `sha256:${'c'.repeat(64)}`,
  prev: null,
  data: {
    title: 'Implement MFA',
    priority: 'high',
    required_roles: ['security-team', 'change-manager'],
    deadline: '2026-12-01T10:00:00.000Z',
  },
  ...overrides,
});

export const notificationOf = (overrides: Partial<ChangeNotification> = {}): ChangeNotification => ({
  id: `sha256:${'c'.repeat(64)}`,
  event: 'submitted',
  changeId: 'CHG-2026-004',
  repository: 'acme/web',
  number: 4,
  url: 'https://github.example/acme/web/pull/4',
  title: 'Implement MFA',
  priority: 'high',
  status: 'Pending approval',
  actor: 'dana',
  at: '2026-11-30T10:00:00.000Z',
  mustAct: ['security-team', 'change-manager'],
  deadline: '2026-12-01T10:00:00.000Z',
  summary: 'CHG-2026-004 submitted by @dana',
  ...overrides,
});
