import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256Tag } from '../../../../src/core/text/sha256.ts';
import { shortSha } from '../../../../src/core/text/short-sha.ts';

describe('sha256Hex and sha256Tag', () => {
  it('hash UTF-8 text and bytes alike', () => {
    const expected = createHash('sha256').update('é', 'utf8').digest('hex');
    expect(sha256Hex('é')).toBe(expected);
    expect(sha256Hex(new TextEncoder().encode('é'))).toBe(expected);
    expect(sha256Tag('é')).toBe(`sha256:${expected}`);
  });
});

describe('shortSha', () => {
  it('shows the 7-character lowercase form, and no text that is not a commit', () => {
    expect(shortSha('9F8E7D6C5B4A39281706F5E4D3C2B1A098765432')).toBe('9f8e7d6');
    expect(shortSha('<img src=x>')).toBe('(unknown commit)');
  });
});
