/**
 * How a change merged before it was approved is decided (DESIGN: merged before approval is pending, not
 * frozen): on the block as it was merged, whatever the description says now.
 */
export interface AsMerged {
  /** The block hash recorded at the merge: approvals bind to it. */
  blockHash: string;
  /** The roles recorded for it: an edit after the merge cannot drop any. */
  roles: string[];
  /** The description was edited after the merge (its block differs from the merged one). */
  edited: boolean;
  /** Testing the merged change needed, whatever the edit says. */
  requiresTesting: boolean;
  /** Whether the merged change is an emergency change: an edit after the merge cannot make it one. */
  emergency: boolean;
}
