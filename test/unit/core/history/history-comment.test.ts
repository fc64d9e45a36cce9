import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEntry } from '../../../../src/core/history/append-entry.ts';
import type { SignedEntry } from '../../../../src/core/history/history-entry.ts';
import {
  isMalformedMarker,
  type MalformedHistoryMarker,
  parseHistoryEntries,
} from '../../../../src/core/history/parse-history-entries.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import { appSigner, draft, editPayload } from '../../history/history-fixtures.ts';

const signedWith = (data: Record<string, unknown>): SignedEntry =>
  appSigner.sign(appendEntry({ history: [], draft: draft({ data }), at: '2026-03-01T10:00:00Z' }));

const SIGNED = signedWith({ required_roles: ['security-team', 'engineering-manager', 'change-manager'] });
const BODY = renderHistoryComment({ signed: SIGNED });
/** The one entry (or malformed marker) of a single-marker body; null when it has none. */
const parseOne = (body: string): SignedEntry | MalformedHistoryMarker | null => {
  const parsed = parseHistoryEntries(body);
  expect(parsed.length).toBeLessThanOrEqual(1);
  return parsed[0] ?? null;
};
const marker = (payload: string): string => `text\n\n<!-- change-gate:history v1 ${payload} -->\n`;
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

const expectMalformed = (body: string, error: MalformedHistoryMarker['error']): MalformedHistoryMarker => {
  const parsed = parseOne(body);
  expect(isMalformedMarker(parsed)).toBe(true);
  expect(parsed).toMatchObject({ error });
  return parsed as MalformedHistoryMarker;
};

describe('renderHistoryComment', () => {
  it('writes the sentence, a blank line and the hidden marker on its own line', () => {
    const lines = BODY.split('\n');
    expect(lines[0]).toBe(
      '**CHG-2026-012** submitted by @alice — needs security-team, engineering-manager, change-manager',
    );
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^<!-- change-gate:history v1 [A-Za-z0-9_-]+ -->$/);
    expect(lines.slice(3)).toEqual(['']);
  });

  it('keeps a caller sentence on one line and neutralises HTML, so no second marker can be injected', () => {
    const other = signedWith({ reason: 'other' });
    const injected = `approved\n${renderHistoryComment({ signed: other })}`;
    const body = renderHistoryComment({ signed: SIGNED, sentence: injected });
    expect(body.split('\n')[0]).toContain('&lt;!-- change-gate:history v1');
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(parseOne(body)).toEqual(SIGNED);
  });

  it('refuses to render an entry a reader would reject', () => {
    expect(() => renderHistoryComment({ signed: { ...SIGNED, key_id: 'mine' } })).toThrow(/\/key_id/);
  });
});

describe('parseHistoryEntries', () => {
  it('round-trips a signed entry', () => {
    expect(parseOne(BODY)).toEqual(SIGNED);
  });

  it('returns null for a comment without a marker', () => {
    expect(parseOne('LGTM <!-- a normal html comment -->')).toBeNull();
    expect(parseOne('')).toBeNull();
    expect(parseOne(undefined as unknown as string)).toBeNull();
  });

  it('carries data strings holding "-->" and markup without the comment ending early', () => {
    const hostile = '--> <!-- change-gate:history v1 AAAA --> <script>alert(1)</script> --!> \u2028';
    const signed = signedWith({ reason: hostile, conditions: [hostile] });
    const body = renderHistoryComment({ signed });
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(body.match(/<!-- change-gate:history/g)).toHaveLength(1);
    expect(parseOne(body)).toEqual(signed);
  });

  it('reports bad base64, a truncated payload and an unterminated marker', () => {
    expectMalformed(marker('two words'), 'bad_marker');
    expectMalformed(marker('not*base64!'), 'bad_base64');
    expectMalformed(marker('abc$def'), 'bad_base64');
    expectMalformed(marker('A'), 'bad_base64');
    expectMalformed(marker(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')), 'bad_base64');
    const payload = /v1 ([A-Za-z0-9_-]+) -->/.exec(BODY)![1]!;
    const truncated = payload.slice(0, Math.floor(payload.length / 2));
    const parsed = parseOne(marker(truncated));
    expect(isMalformedMarker(parsed)).toBe(true);
    expect(['bad_base64', 'bad_json']).toContain((parsed as MalformedHistoryMarker).error);
    expectMalformed(BODY.slice(0, BODY.indexOf(' -->')), 'unterminated');
  });

  it('refuses a 1 MB payload without decoding it', () => {
    const result = expectMalformed(marker('A'.repeat(1024 * 1024)), 'too_large');
    expect(result.message).toMatch(/over 65536 characters/);
  });

  it('reports JSON that is not JSON, and JSON with extra, missing or mistyped fields, with the path', () => {
    expectMalformed(marker(base64('{"entry": ')), 'bad_json');
    expect(expectMalformed(marker(base64('[]')), 'bad_shape').message).toMatch(/at \/: expected an object/);
    const extra = expectMalformed(
      editPayload(BODY, (json) => json.replace('{"entry"', '{"admin":true,"entry"')),
      'bad_shape',
    );
    expect(extra.message).toMatch(/\/admin: unexpected field/);
    const extraInEntry = editPayload(BODY, (json) => json.replace('"actor"', '"approved":true,"actor"'));
    expect(expectMalformed(extraInEntry, 'bad_shape').message).toMatch(/\/entry\/approved: unexpected field/);
    const missing = editPayload(BODY, (json) => json.replace(/"prev":null,/, ''));
    expect(expectMalformed(missing, 'bad_shape').message).toMatch(/\/entry\/prev: missing/);
    const mistyped = editPayload(BODY, (json) => json.replace('"v":1', '"v":"1"'));
    expect(expectMalformed(mistyped, 'bad_shape').message).toMatch(/\/entry\/v: expected 1/);
    const badSha = editPayload(BODY, (json) => json.replace(/"head_sha":"[0-9a-f]+"/, '"head_sha":42'));
    expect(expectMalformed(badSha, 'bad_shape').message).toMatch(/\/entry\/head_sha/);
    const infinite = editPayload(BODY, (json) => json.replace('"data":{', '"data":{"n":1e400,'));
    expect(expectMalformed(infinite, 'bad_shape').message).toMatch(/\/entry\/data\/n/);
    const deep = editPayload(BODY, (json) =>
      json.replace('"data":{', `"data":{"d":${'['.repeat(5000)}${']'.repeat(5000)},`),
    );
    expect(expectMalformed(deep, 'bad_shape').message).toMatch(/nested deeper/);
  });

  it.each([
    ['v', 'expected 1'],
    ['event', 'unknown event []'],
    ['change_id', 'expected a change id like CHG-2026-012'],
    ['actor', 'expected a GitHub login'],
    ['at', 'expected an ISO 8601 time'],
    ['head_sha', 'expected a commit SHA or null'],
    ['block_hash', 'expected sha256:<hex> or null'],
    ['key', 'expected 1 to 300 printable ASCII characters'],
    ['prev', 'expected sha256:<hex> or null'],
    ['data', 'expected an object'],
  ])(
    'reports a wrong type in entry.%s at its JSON pointer, checked against the published schema',
    (field, why) => {
      const body = editPayload(BODY, (json) => {
        const signed = JSON.parse(json) as { entry: Record<string, unknown> };
        signed.entry[field] = [];
        return JSON.stringify(signed);
      });
      const parsed = expectMalformed(body, field === 'event' ? 'unknown_event' : 'bad_shape');
      expect(parsed.message).toBe(`the history entry is malformed at /entry/${field}: ${why}`);
    },
  );

  it('reports an unknown event and an unknown marker version; reads two markers in one comment in order', () => {
    expectMalformed(
      editPayload(BODY, (json) => json.replace('"submitted"', '"deleted"')),
      'unknown_event',
    );
    expectMalformed(BODY.replace('history v1 ', 'history v2 '), 'unknown_version');
    const other = signedWith({ reason: 'second' });
    expect(parseHistoryEntries(`${BODY}\n${renderHistoryComment({ signed: other })}`)).toEqual([
      SIGNED,
      other,
    ]);
    // A bad marker among good ones is reported in its place; the others are read.
    const [first, bad] = parseHistoryEntries(`${BODY}\n${marker('A')}`);
    expect(first).toEqual(SIGNED);
    expect(bad).toMatchObject({ error: 'bad_base64' });
  });

  it('never throws, whatever follows the marker prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (before, after) => {
        const parsed = parseOne(`${before}<!-- change-gate:history ${after}`);
        expect(parsed === null || isMalformedMarker(parsed)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseOne(marker(base64(JSON.stringify(value))));
        expect(isMalformedMarker(parsed)).toBe(true);
      }),
    );
  });
});
