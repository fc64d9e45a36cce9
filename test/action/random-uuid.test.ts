import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomUUID, readOsRandomBytes } from '../../action/src/random-uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUUID (the action’s, without node:crypto)', () => {
  it('is a version 4 UUID, different each time', () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the operating system’s 16 random bytes with the version and variant bits set', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, index) => 0xff - index);
    expect(randomUUID({ osRandomBytes: () => bytes, cryptoRandomUUID: () => 'not used' })).toBe(
      'fffefdfc-fbfa-49f8-b7f6-f5f4f3f2f1f0',
    );
    // The caller's bytes are left as they were.
    expect(bytes[6]).toBe(0xf9);
  });

  it('is node:crypto’s where the operating system gives no random bytes (Windows), or too few', () => {
    expect(randomUUID({ osRandomBytes: () => null, cryptoRandomUUID: () => 'from node:crypto' })).toBe(
      'from node:crypto',
    );
    expect(
      randomUUID({ osRandomBytes: () => new Uint8Array(8), cryptoRandomUUID: () => 'from node:crypto' }),
    ).toBe('from node:crypto');
    expect(randomUUID({ osRandomBytes: () => null })).toMatch(V4);
  });

  it('reads /dev/urandom only as a character device: a regular file or a missing one gives nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'change-gate-urandom-'));
    try {
      const planted = join(dir, 'urandom');
      writeFileSync(planted, Buffer.alloc(64, 7));
      expect(readOsRandomBytes(planted)).toBeNull();
      expect(readOsRandomBytes(join(dir, 'missing'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (process.platform === 'linux') {
      const bytes = readOsRandomBytes();
      expect(bytes).toHaveLength(16);
      expect(readOsRandomBytes()).not.toEqual(bytes);
    }
  });
});
