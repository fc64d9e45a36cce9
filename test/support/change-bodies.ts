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
