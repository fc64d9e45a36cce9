import { describe, expect, it } from 'vitest';
import { readDeployPayload } from '../../../../src/core/deploy/deploy-payload.ts';

const sha = 'a'.repeat(40);
const change = { pr: 12, change_id: 'CHG-2026-012', head_sha: sha, type: 'security', testing_required: true };

describe('readDeployPayload', () => {
  it('reads the object and the JSON text GitHub may return', () => {
    const payload = { change_gate: { v: 1, changes: [change] } };
    expect(readDeployPayload(payload)).toEqual(payload);
    expect(readDeployPayload(JSON.stringify(payload))).toEqual(payload);
  });

  it('returns null for payloads the gate did not write', () => {
    expect(readDeployPayload(null)).toBeNull();
    expect(readDeployPayload('')).toBeNull();
    expect(readDeployPayload('{not json')).toBeNull();
    expect(readDeployPayload({ change_gate: { v: 2, changes: [] } })).toBeNull();
    expect(readDeployPayload({ change_gate: { v: 1, changes: 'x' } })).toBeNull();
    expect(readDeployPayload([change])).toBeNull();
  });

  it('drops malformed entries instead of half-trusting them', () => {
    const payload = {
      change_gate: {
        v: 1,
        changes: [
          change,
          { ...change, pr: -1 },
          { ...change, change_id: 'CHG-2026-012<script>' },
          { ...change, head_sha: 'main' },
          { ...change, testing_required: 'yes' },
          {
            ...change,
            __proto__: { polluted: true },
            pr: 13,
            change_id: null,
            type: null,
            testing_required: null,
          },
        ],
      },
    };
    const read = readDeployPayload(payload)!;
    expect(read.change_gate.changes.map((entry) => entry.pr)).toEqual([12, 13]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
