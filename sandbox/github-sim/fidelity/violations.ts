/**
 * `request`: a client sent what GitHub would refuse (unknown route, bad body, invalid GraphQL).
 * `simulator`: the simulator answered or delivered something GitHub would not (a bug to fix here).
 */
export interface Violation {
  kind: 'request' | 'simulator';
  method: string;
  path: string;
  template?: string;
  reason: string;
  at: string;
}

export interface ViolationLog {
  readonly list: readonly Violation[];
  record(violation: Omit<Violation, 'at'>): void;
  clear(): void;
  /** Throws a readable error listing every violation since the last clear, and clears them. */
  assertNone(): void;
}

export const formatViolations = (violations: readonly Violation[]): string =>
  violations
    .map(
      (v, i) =>
        `  ${i + 1}. [${v.kind}] ${v.method} ${v.path}${v.template ? ` (${v.template})` : ''}\n     ${v.reason}`,
    )
    .join('\n');

export const createViolationLog = (): ViolationLog => {
  const list: Violation[] = [];
  return {
    list,
    record(violation) {
      list.push({ ...violation, at: new Date().toISOString() });
    },
    clear() {
      list.length = 0;
    },
    assertNone() {
      if (list.length === 0) return;
      const found = list.splice(0, list.length);
      throw new Error(
        `GitHub simulator recorded ${found.length} fidelity violation(s) (checked against GitHub's REST/GraphQL descriptions):\n${formatViolations(found)}`,
      );
    },
  };
};
