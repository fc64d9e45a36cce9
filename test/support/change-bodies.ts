/** A low-priority bugfix's change block: the change-manager role (carl in the seeded org) alone approves it. */
export const LOW_PRIORITY_BLOCK = [
  '```yaml',
  'change_request:',
  '  title: "Fix the session timeout"',
  '  change_type: bugfix',
  '  priority: low',
  '  affected_systems: [admin-ui]',
  '  rollback_plan: "Revert the commit"',
  '```',
].join('\n');

/** An emergency change's block (high priority, urgency emergency); `extra` lines go after `urgency:`. */
export const emergencyBlock = (extra: string[] = ['  emergency_reason: system_outage']) =>
  [
    '```yaml',
    'change_request:',
    '  title: "Restore the checkout service"',
    '  change_type: bugfix',
    '  priority: high',
    '  urgency: emergency',
    ...extra,
    '  affected_systems: [checkout]',
    '  rollback_plan: "Revert the commit"',
    '```',
  ].join('\n');

/** A PR body with the emergency block for a system outage. */
export const EMERGENCY_BODY = `Checkout is down.\n\n${emergencyBlock()}`;
