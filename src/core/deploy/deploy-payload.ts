/**
 * The `payload` of a deployment the gate creates: which changes it ships. The app reads it from `deployment`
 * and `deployment_status` events to know whose history to write, `finish` to know which changes' coverage
 * bar applies. Snake_case: it is a published format.
 */
export interface DeployPayload {
  change_gate: {
    v: 1;
    changes: DeployPayloadChange[];
  };
}

export interface DeployPayloadChange {
  pr: number;
  /** Null for a PR in the deploy that is not a change request. */
  change_id: string | null;
  head_sha: string;
  /** Normalised change type; null when the PR's change block could not be read. */
  type: string | null;
  /** Whether the change requires testing (type in `testing.required_for` or `testing_required: true`); null when unknown. */
  testing_required: boolean | null;
}

/** A deployment payload carries at most this many changes: GitHub caps the payload's size. */
export const MAX_PAYLOAD_CHANGES = 200;

const CHANGE_ID = /^CHG-\d{4}-\d{3,9}$/;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads a deployment payload (object or JSON text, as GitHub returns either) back; null when it is not
 * one the gate wrote. Entries that do not have the expected shape are dropped, never half-trusted.
 */
export function readDeployPayload(payload: unknown): DeployPayload | null {
  let value = payload;
  if (typeof value === 'string') {
    if (value.length > 1_000_000) return null;
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const gate = field(value, 'change_gate');
  if (field(gate, 'v') !== 1) return null;
  const changes = field(gate, 'changes');
  if (!Array.isArray(changes)) return null;
  return {
    change_gate: {
      v: 1,
      changes: changes.slice(0, MAX_PAYLOAD_CHANGES).flatMap((entry) => {
        const change = readChange(entry);
        return change ? [change] : [];
      }),
    },
  };
}

function readChange(entry: unknown): DeployPayloadChange | null {
  const pr = field(entry, 'pr');
  const changeId = field(entry, 'change_id');
  const headSha = field(entry, 'head_sha');
  const type = field(entry, 'type');
  const testing = field(entry, 'testing_required');
  if (!Number.isSafeInteger(pr) || (pr as number) <= 0) return null;
  if (changeId !== null && !(typeof changeId === 'string' && CHANGE_ID.test(changeId))) return null;
  if (typeof headSha !== 'string' || !SHA.test(headSha)) return null;
  if (type !== null && !(typeof type === 'string' && type.length <= 100)) return null;
  if (testing !== null && typeof testing !== 'boolean') return null;
  return { pr: pr as number, change_id: changeId, head_sha: headSha, type, testing_required: testing };
}

function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) {
    return undefined;
  }
  return (value as Record<string, unknown>)[key];
}
