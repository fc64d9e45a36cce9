import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import historyEntrySchema from '../../../../schemas/history-entry.schema.json' with { type: 'json' };
import { appendEntry, MAX_DATA_STRING, MAX_ENTRY_BYTES } from '../../../../src/core/history/append-entry.ts';
import { canonicalJson } from '../../../../src/core/history/canonical-json.ts';
import { defaultOccurrence } from '../../../../src/core/history/default-occurrence.ts';
import { HISTORY_EVENTS } from '../../../../src/core/history/history-entry.ts';
import { historyKey } from '../../../../src/core/history/history-key.ts';
import { parseHistoryEntries } from '../../../../src/core/history/parse-history-entries.ts';
import { renderHistoryComment } from '../../../../src/core/history/render-history-comment.ts';
import {
  appSigner,
  BLOCK_1,
  BLOCK_2,
  CHANGE,
  draft,
  lifecycle,
  NUMBER,
  REPOSITORY,
  SHA_A,
  SHA_B,
  writeChain,
} from '../../history/history-fixtures.ts';

const bytesOf = (value: unknown): number => Buffer.byteLength(canonicalJson(value), 'utf8');
const PREV_1 = `sha256:${'e'.repeat(64)}`;
const PREV_2 = `sha256:${'f'.repeat(64)}`;

describe('historyKey', () => {
  it('is the same for the same inputs, whatever the order of the occurrence facts (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HISTORY_EVENTS),
        fc.option(fc.constantFrom(PREV_1, PREV_2)),
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
        (event, prev, occurrence) => {
          const reversed = Object.fromEntries(Object.entries(occurrence).reverse());
          const key = historyKey({ event, changeId: CHANGE, prev, occurrence });
          expect(historyKey({ event, changeId: CHANGE, prev, occurrence: reversed })).toBe(key);
          expect(key).toMatch(new RegExp(`^${event}:${CHANGE}:[0-9a-f]{32}$`));
        },
      ),
    );
  });

  it('differs when any input differs: prev, event, change, head SHA, block hash, occurrence', () => {
    const base = {
      event: 'approved' as const,
      changeId: CHANGE,
      prev: PREV_1,
      headSha: SHA_A,
      blockHash: BLOCK_1,
    };
    const key = historyKey(base);
    const variants = [
      historyKey({ ...base, prev: PREV_2 }),
      historyKey({ ...base, prev: null }),
      historyKey({ ...base, event: 'rejected' }),
      historyKey({ ...base, changeId: 'CHG-2026-013' }),
      historyKey({ ...base, headSha: SHA_B }),
      historyKey({ ...base, blockHash: BLOCK_2 }),
      historyKey({ ...base, occurrence: { actor: 'bob' } }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('appendEntry', () => {
  it('starts a chain with prev null and continues it with the hash of the last entry', () => {
    const [first, second] = writeChain([draft(), draft({ event: 'approved', actor: 'sec-lead' })]);
    expect(first!.signed.entry.prev).toBeNull();
    expect(second!.signed.entry.prev).toBe(first!.hash);
    expect(first!.signed.entry).toMatchObject({
      v: 1,
      event: 'submitted',
      change_id: CHANGE,
      actor: 'alice',
    });
    expect(first!.signed.entry.at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('gives two writers racing on the same event the same key, though their times differ', () => {
    const [first] = writeChain([draft()]);
    const history = [{ entry: first!.signed.entry, hash: first!.hash }];
    const next = draft({ event: 'invalidated', block_hash: BLOCK_2, data: { reason: 'edited' } });
    const one = appendEntry({ history, draft: next, at: '2026-03-01T11:00:00Z' });
    const two = appendEntry({
      history,
      draft: { ...next, actor: 'bob' },
      at: new Date('2026-03-01T11:00:07Z'),
    });
    expect(two.key).toBe(one.key);
    expect(two.at).not.toBe(one.at);
  });

  it('gives a genuinely new occurrence a new key: a second invalidation, a re-approval at a new SHA', () => {
    const chain = writeChain([
      draft(),
      draft({ event: 'approved', actor: 'sec-lead', data: { role: 'security-team' } }),
      draft({ event: 'invalidated', block_hash: BLOCK_2 }),
      draft({
        event: 'approved',
        actor: 'sec-lead',
        head_sha: SHA_B,
        block_hash: BLOCK_2,
        data: { role: 'security-team' },
      }),
      draft({ event: 'invalidated', block_hash: BLOCK_1 }),
    ]);
    const keys = chain.map((w) => w.signed.entry.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps two reviewers approving on top of the same entry apart', () => {
    const [first] = writeChain([draft()]);
    const history = [{ entry: first!.signed.entry, hash: first!.hash }];
    const at = '2026-03-01T11:00:00Z';
    const alice = appendEntry({
      history,
      at,
      draft: draft({ event: 'approved', actor: 'sec-lead', data: { role: 'security-team' } }),
    });
    const bob = appendEntry({
      history,
      at,
      draft: draft({ event: 'approved', actor: 'eng-mgr', data: { role: 'engineering-manager' } }),
    });
    expect(alice.key).not.toBe(bob.key);
  });

  it('uses the deployment as the occurrence of deployment events, and an explicit occurrence over the default', () => {
    const deploy = draft({
      event: 'completed',
      actor: 'ci',
      data: { deployment_id: 7, environment: 'production', url: 'x' },
    });
    expect(defaultOccurrence(deploy)).toEqual({ deployment_id: 7, environment: 'production' });
    expect(
      defaultOccurrence(draft({ event: 'approved', actor: 'x', data: { role: ['not', 'scalar'] } })),
    ).toEqual({ actor: 'x' });
    expect(defaultOccurrence(draft())).toEqual({});
    const at = '2026-03-01T11:00:00Z';
    const byDefault = appendEntry({ history: [], at, draft: deploy });
    const explicit = appendEntry({ history: [], at, draft: { ...deploy, occurrence: { deployment_id: 8 } } });
    expect(explicit.key).not.toBe(byDefault.key);
  });

  it('clips long user text in data so the comment stays readable, without splitting a surrogate pair', () => {
    const reason = `${'x'.repeat(MAX_DATA_STRING - 2)}😀${'y'.repeat(50_000)}`;
    const entry = appendEntry({
      history: [],
      at: '2026-03-01T11:00:00Z',
      draft: draft({ event: 'rejected', data: { reason, nested: [{ reason }] } }),
    });
    const clipped = entry.data.reason as string;
    expect(clipped.length).toBeLessThanOrEqual(MAX_DATA_STRING);
    expect(clipped.endsWith('x…')).toBe(true);
    expect((entry.data.nested as Array<{ reason: string }>)[0]!.reason).toBe(clipped);
    expect(entry.data.data_clipped).toBe(true);
    const short = appendEntry({
      history: [],
      at: '2026-03-01T11:00:00Z',
      draft: draft({ data: { reason: 'ok' } }),
    });
    expect(short.data.data_clipped).toBeUndefined();
  });

  it('throws for programming errors: another change, an invalid time, a bad field', () => {
    const [first] = writeChain([draft()]);
    const history = [{ entry: first!.signed.entry, hash: first!.hash }];
    const at = '2026-03-01T11:00:00Z';
    expect(() => appendEntry({ history, at, draft: draft({ change_id: 'CHG-2026-099' }) })).toThrow(
      /belongs to CHG-2026-012/,
    );
    expect(() => appendEntry({ history, at: 'yesterday', draft: draft() })).toThrow(RangeError);
    expect(() => appendEntry({ history, at, draft: draft({ head_sha: 'main' }) })).toThrow(
      /\/entry\/head_sha/,
    );
    expect(() => appendEntry({ history, at, draft: draft({ data: { when: new Date() } }) })).toThrow(
      /\/entry\/data\/when/,
    );
  });

  it('always fits its cap: long conditions of several approvers are cut, the binding to the change is kept', () => {
    const conditions = Array.from({ length: 80 }, (_, i) => `${'条'.repeat(499)}${i}`);
    const entry = appendEntry({
      history: [],
      at: '2026-03-01T11:00:00Z',
      draft: draft({ event: 'approved', data: { approvers: { 'change-manager': ['carl'] }, conditions } }),
    });
    expect(bytesOf(entry)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(entry.data).toMatchObject({
      repository: REPOSITORY,
      number: NUMBER,
      approvers: { 'change-manager': ['carl'] },
      data_clipped: true,
    });
    const kept = entry.data.conditions as string[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept[0]!.startsWith('条')).toBe(true);
  });

  it('keeps only the binding when nothing else can fit, and says so', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field_${i}`, i]));
    const entry = appendEntry({ history: [], at: '2026-03-01T11:00:00Z', draft: draft({ data: wide }) });
    expect(entry.data).toEqual({
      repository: REPOSITORY,
      number: NUMBER,
      data_clipped: true,
      data_omitted: 'the details were too large for one history entry',
    });
    // The repository's id is part of the binding: kept too.
    const withId = appendEntry({
      history: [],
      at: '2026-03-01T11:00:00Z',
      draft: draft({ data: { ...wide, repository_id: 4242 } }),
    });
    expect(withId.data).toMatchObject({ repository: REPOSITORY, repository_id: 4242, number: NUMBER });
    expect(withId.data.data_omitted).toBeDefined();
  });

  it('never exceeds its cap whatever the data, and marks only what it shortened (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 3000 });
    const value = fc.oneof(
      text,
      fc.array(text, { maxLength: 120 }),
      fc.dictionary(text, text, { maxKeys: 120 }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 30 }), value, { maxKeys: 40 }), (data) => {
        const entry = appendEntry({ history: [], at: '2026-03-01T11:00:00Z', draft: draft({ data }) });
        expect(bytesOf(entry)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
        expect(entry.data.repository).toBe(REPOSITORY);
        // Untouched data is kept as written, and not marked.
        if (entry.data.data_clipped === undefined) expect(entry.data).toEqual(draft({ data }).data);
      }),
      { numRuns: 30 },
    );
  });
});

describe('schemas/history-entry.schema.json', () => {
  // Compiled here from the published file alone, as an auditor would, not through the app's validators.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormatsPlugin as unknown as (ajv: Ajv2020) => void)(ajv);
  const auditorValidates = ajv.compile(historyEntrySchema);
  const errorsOf = (value: unknown) => (auditorValidates(value) ? [] : auditorValidates.errors);

  it('accepts every entry of the lifecycle the app writes, as signed and as read back from its comment', () => {
    for (const written of writeChain(lifecycle())) {
      expect(errorsOf(written.signed)).toEqual([]);
      expect(errorsOf(parseHistoryEntries(written.comment.body)[0])).toEqual([]);
    }
  });

  it('accepts every entry appendEntry and the real signer produce, for every event and any data (property)', () => {
    const login = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...HISTORY_EVENTS),
        login,
        fc.option(fc.constantFrom(SHA_A, 'c'.repeat(64))),
        fc.option(fc.constantFrom(BLOCK_1, BLOCK_2)),
        fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }),
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (event, actor, headSha, blockHash, data, at) => {
          const [first] = writeChain([draft()]);
          const entry = appendEntry({
            history: [{ entry: first!.signed.entry, hash: first!.hash }],
            draft: draft({ event, actor, head_sha: headSha, block_hash: blockHash, data }),
            at,
          });
          const signed = appSigner.sign(entry);
          expect(errorsOf(signed)).toEqual([]);
          expect(parseHistoryEntries(renderHistoryComment({ signed }))).toEqual([signed]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
