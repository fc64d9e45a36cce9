import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import { toChangeHistory } from '../../../../src/core/history/to-change-history.ts';
import {
  appKey,
  BOT,
  CHANGE,
  lifecycle,
  NUMBER,
  REPOSITORY,
  writeChain,
} from '../../history/history-fixtures.ts';

describe('toChangeHistory', () => {
  const chain = writeChain(lifecycle());
  const { entries } = readHistory({
    comments: chain.map((w) => w.comment),
    botLogin: BOT,
    verifiers: [createVerifier(appKey.spki)],
    changeId: CHANGE,
    repository: REPOSITORY,
    number: NUMBER,
  });
  const exported = toChangeHistory(CHANGE, entries);

  it("has the seed's Change History shape, field for field", () => {
    expect(Object.keys(exported)).toEqual(['change_id', 'history']);
    expect(exported.change_id).toBe(CHANGE);
    expect(exported.history.map(({ timestamp, action, user }) => ({ timestamp, action, user }))).toEqual([
      { timestamp: '2026-03-01T10:00:00.000Z', action: 'created', user: 'alice' },
      { timestamp: '2026-03-01T10:01:00.000Z', action: 'approved', user: 'sec-lead' },
      { timestamp: '2026-03-01T10:02:00.000Z', action: 'approved', user: 'eng-mgr' },
      { timestamp: '2026-03-01T10:03:00.000Z', action: 'implemented', user: 'deployer' },
      { timestamp: '2026-03-01T10:04:00.000Z', action: 'completed', user: 'deployer' },
    ]);
    for (const item of exported.history) {
      expect(typeof item.details).toBe('string');
      expect(item.details).not.toContain('**');
    }
    expect(exported.history[1]!.details).toBe('CHG-2026-012 approved by sec-lead for security-team');
  });

  it('extends each item only with new keys that let an auditor check it', () => {
    const item = exported.history[0]!;
    expect(item).toMatchObject({
      event: 'submitted',
      sha: chain[0]!.signed.entry.head_sha,
      block_hash: chain[0]!.signed.entry.block_hash,
      hash: chain[0]!.hash,
      prev: null,
      comment_id: chain[0]!.comment.id,
      key_id: chain[0]!.signed.key_id,
      signature: chain[0]!.signed.signature,
      signature_verified: true,
    });
    expect(exported.history[1]!.prev).toBe(chain[0]!.hash);
  });

  it('leaves out entries of another change', () => {
    expect(toChangeHistory('CHG-2026-999', entries).history).toEqual([]);
  });
});
