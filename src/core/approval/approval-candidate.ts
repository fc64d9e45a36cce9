/** A person whose approval binds, with the roles they hold. */
export interface ApprovalCandidate {
  /** Milliseconds of each binding approval since the person's last rejection or withdrawal, ascending. */
  times: number[];
  /** Indices of the required roles the person holds. */
  roles: Set<number>;
}
