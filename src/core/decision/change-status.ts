/** Where a change stands. Each status of a change request has exactly one status label. */
export const CHANGE_STATUS_LABELS = {
  invalid: 'change:invalid',
  pending_approval: 'change:pending-approval',
  approved: 'change:approved',
  rejected: 'change:rejected',
  implementing: 'change:implementing',
  completed: 'change:completed',
  failed: 'change:failed',
  rolled_back: 'change:rolled-back',
  cancelled: 'change:cancelled',
} as const;

export const EMERGENCY_LABEL = 'change:emergency';

/** A change still pending past its deadline (while it is). */
export const OVERDUE_LABEL = 'change:overdue';

export type ChangeStatus = keyof typeof CHANGE_STATUS_LABELS;

/** Every status, in the order of a change's life (the REST API's `status` enum). */
export const CHANGE_STATUSES = Object.keys(CHANGE_STATUS_LABELS) as ChangeStatus[];

/** Status words as people read them, e.g. in check titles and API answers. */
export const CHANGE_STATUS_TEXT: Record<ChangeStatus, string> = {
  invalid: 'Invalid change request',
  pending_approval: 'Pending approval',
  approved: 'Approved',
  rejected: 'Rejected',
  implementing: 'Implementing',
  completed: 'Completed',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  cancelled: 'Cancelled',
};

/** Colours and descriptions for labels the app creates. */
export const LABEL_STYLES: Record<string, { color: string; description: string }> = {
  'change:invalid': {
    color: 'b60205',
    description: 'Change request block is missing, invalid or incomplete',
  },
  'change:pending-approval': { color: 'fbca04', description: 'Change request waiting for approval' },
  'change:approved': { color: '0e8a16', description: 'Change request approved' },
  'change:rejected': { color: 'd93f0b', description: 'Change request rejected' },
  'change:implementing': { color: '1d76db', description: 'Change being deployed' },
  'change:completed': { color: '5319e7', description: 'Change implemented successfully' },
  'change:failed': { color: 'b60205', description: 'Change implementation failed' },
  'change:rolled-back': { color: 'e99695', description: 'Change rolled back' },
  'change:cancelled': { color: 'c5def5', description: 'Change request cancelled' },
  'change:emergency': { color: 'ff0000', description: 'Emergency change' },
  'change:overdue': {
    color: 'd93f0b',
    description: 'Change request still pending past its deadline (escalated)',
  },
  'change:deployed-unapproved': {
    color: 'b60205',
    description: "Deployed without the deploy gate's approval (a finding; see the history)",
  },
};
