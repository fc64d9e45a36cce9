import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { entryHash } from '../../../../src/core/history/entry-hash.ts';
import type { HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import { appKey, appSigner, draft, otherSigner } from '../../history/history-fixtures.ts';

/** What a third party writes from the published format: sorted keys, no whitespace, nothing of ours. */
const thirdPartyCanonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(thirdPartyCanonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${thirdPartyCanonical(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const entry = (): HistoryEntry =>
  appendEntry({
    history: [],
    draft: draft({ data: { required_roles: ['change-manager'], note: 'ünïcode ✓ and "quotes"' } }),
    at: '2026-03-01T10:00:00Z',
  });

describe('signing history entries', () => {
  it('can be verified by a third party holding only the public key PEM (node:crypto, not our code)', () => {
    const signed = appSigner.sign(entry());
    const publicKey = createPublicKey(appKey.spki);
    const data = Buffer.from(thirdPartyCanonical(signed.entry), 'utf8');
    expect(verify('sha256', data, publicKey, Buffer.from(signed.signature, 'base64url'))).toBe(true);
    const forged = Buffer.from(thirdPartyCanonical({ ...signed.entry, actor: 'mallory' }), 'utf8');
    expect(verify('sha256', forged, publicKey, Buffer.from(signed.signature, 'base64url'))).toBe(false);
  });

  it('names the key by id and signs deterministically (PKCS#1 v1.5)', () => {
    const one = appSigner.sign(entry());
    const two = appSigner.sign(entry());
    expect(one.key_id).toBe(appSigner.keyId);
    expect(one.signature).toMatch(/^[A-Za-z0-9_-]{300,}$/);
    expect(two.signature).toBe(one.signature);
    expect(entryHash(two)).toBe(entryHash(one));
  });

  it('returns a copy of what it signed, so later mutation of the input cannot break the signature', () => {
    const input = entry();
    const signed = appSigner.sign(input);
    input.actor = 'mallory';
    (input.data as { note: string }).note = 'changed';
    expect(appSigner.verify(signed)).toBe(true);
    expect(signed.entry.actor).toBe('alice');
  });

  it('refuses to sign an entry a reader would reject', () => {
    const bad = { ...entry(), event: 'deleted' } as unknown as HistoryEntry;
    expect(() => appSigner.sign(bad)).toThrow(/\/entry\/event: unknown event "deleted"/);
    const infinite = { ...entry(), data: { n: Number.POSITIVE_INFINITY } };
    expect(() => appSigner.sign(infinite)).toThrow(/\/entry\/data\/n/);
  });

  it('does not verify an altered entry, a foreign key id, or a garbage signature, and never throws', () => {
    const signed = appSigner.sign(entry());
    const verifier = createVerifier(appKey.spki);
    expect(verifier.verify(signed)).toBe(true);
    expect(verifier.verify({ ...signed, entry: { ...signed.entry, data: { required_roles: [] } } })).toBe(
      false,
    );
    expect(verifier.verify({ ...signed, key_id: otherSigner.keyId })).toBe(false);
    expect(verifier.verify({ ...signed, signature: 'AAAA' })).toBe(false);
    expect(verifier.verify({ ...signed, entry: { ...signed.entry, data: { n: Number.NaN } } })).toBe(false);
    expect(otherSigner.verify(signed)).toBe(false);
  });

  it('hashes the whole signed entry: entry, signature and key id', () => {
    const signed = appSigner.sign(entry());
    const hash = entryHash(signed);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(entryHash(otherSigner.sign(signed.entry))).not.toBe(hash);
    expect(entryHash({ ...signed, entry: { ...signed.entry, at: '2026-03-01T10:00:01.000Z' } })).not.toBe(
      hash,
    );
  });
});
