import { describe, expect, it } from 'vitest';
import type { CommentFact } from '../../../../src/core/decision/change-facts.ts';
import { createVerifier } from '../../../../src/core/history/create-verifier.ts';
import { foreignOwner, type HistoryOwner } from '../../../../src/core/history/foreign-owner.ts';
import type { HistoryEntry } from '../../../../src/core/history/history-entry.ts';
import { readHistory } from '../../../../src/core/history/read-history.ts';
import {
  appKey,
  BOT,
  CHANGE,
  draft,
  lifecycle,
  NUMBER,
  REPOSITORY,
  writeChain,
} from '../../history/history-fixtures.ts';

const ID = 4242;
const OTHER_ID = 777;
const RENAMED = 'acme-corp/payments-api';

/** The entry a draft becomes, with `data` as given (repository and number included). */
const entry = (data: Record<string, unknown>): HistoryEntry => {
  const [written] = writeChain([draft({ data })]);
  return written!.signed.entry;
};

const owner = (overrides: Partial<HistoryOwner> = {}): HistoryOwner => ({
  repository: REPOSITORY,
  repositoryId: ID,
  number: NUMBER,
  changeId: CHANGE,
  ...overrides,
});

describe('foreignOwner: entries bound to the repository id', () => {
  it('keeps an entry with the repository id after a rename or transfer (the name differs)', () => {
    const written = entry({ repository: REPOSITORY, repository_id: ID, number: NUMBER });
    expect(foreignOwner(written, owner({ repository: RENAMED }))).toBeNull();
    expect(foreignOwner(written, owner())).toBeNull();
  });

  it('refuses an entry of another repository id even under this very name (a copy, or a deleted repository whose name was taken)', () => {
    const copied = entry({ repository: REPOSITORY, repository_id: OTHER_ID, number: NUMBER });
    expect(foreignOwner(copied, owner())).toBe(
      `${REPOSITORY}#${NUMBER} (${CHANGE}) of repository id ${OTHER_ID}`,
    );
    // A repository renamed to the entry's name does not adopt it either.
    const fromRenamedAway = entry({ repository: RENAMED, repository_id: OTHER_ID, number: NUMBER });
    expect(foreignOwner(fromRenamedAway, owner({ repository: RENAMED }))).not.toBeNull();
  });

  it('refuses an id of another type (a string of the same digits): ids compare exactly', () => {
    const stringId = entry({ repository: REPOSITORY, repository_id: String(ID), number: NUMBER });
    expect(foreignOwner(stringId, owner())).not.toBeNull();
    const nullId = entry({ repository: REPOSITORY, repository_id: null, number: NUMBER });
    expect(foreignOwner(nullId, owner())).not.toBeNull();
  });

  it('compares an entry without an id (written before ids) by name, as before', () => {
    const old = entry({ repository: 'ACME/Payments', number: NUMBER });
    expect(foreignOwner(old, owner())).toBeNull();
    expect(foreignOwner(old, owner({ repository: RENAMED }))).toBe(`ACME/Payments#${NUMBER} (${CHANGE})`);
  });

  it('compares by name only when the repository id is unknown: a renamed repository’s entries fail closed', () => {
    const withId = entry({ repository: REPOSITORY, repository_id: ID, number: NUMBER });
    const unknown = owner({ repositoryId: null });
    expect(foreignOwner(withId, unknown)).toBeNull();
    expect(foreignOwner(withId, { ...unknown, repository: RENAMED })).toBe(
      `${REPOSITORY}#${NUMBER} (${CHANGE})`,
    );
    const { repositoryId: _, ...absent } = owner();
    expect(foreignOwner(withId, absent)).toBeNull();
    expect(foreignOwner(withId, { ...absent, repository: RENAMED })).not.toBeNull();
  });

  it('still binds the number and the change ID when the id matches', () => {
    const otherNumber = entry({ repository: REPOSITORY, repository_id: ID, number: NUMBER + 1 });
    expect(foreignOwner(otherNumber, owner())).toBe(`${REPOSITORY}#${NUMBER + 1} (${CHANGE})`);
    const [otherChange] = writeChain([
      draft({
        change_id: 'CHG-2026-099',
        data: { repository: REPOSITORY, repository_id: ID, number: NUMBER },
      }),
    ]);
    expect(foreignOwner(otherChange!.signed.entry, owner())).toBe(`${REPOSITORY}#${NUMBER} (CHG-2026-099)`);
  });
});

describe('readHistory across a rename', () => {
  const read = (comments: CommentFact[], options: { repository: string; repositoryId?: number | null }) =>
    readHistory({
      comments,
      botLogin: BOT,
      verifiers: [createVerifier(appKey.spki)],
      changeId: CHANGE,
      number: NUMBER,
      ...options,
    });
  const withId = (id: number) =>
    lifecycle().map((next) => ({
      ...next,
      data: { ...next.data, repository: REPOSITORY, repository_id: id, number: NUMBER },
    }));

  it('counts every entry written with the id under the repository’s new name', () => {
    const chain = writeChain(withId(ID));
    const result = read(
      chain.map((w) => w.comment),
      { repository: RENAMED, repositoryId: ID },
    );
    expect(result.problems).toEqual([]);
    expect(result.chainIntact).toBe(true);
    expect(result.entries.map((e) => e.entry.event)).toEqual([
      'submitted',
      'approved',
      'approved',
      'implementing',
      'completed',
    ]);
  });

  it('reports entries of another repository id as foreign, whatever their name', () => {
    const chain = writeChain(withId(OTHER_ID));
    const result = read(
      chain.map((w) => w.comment),
      { repository: REPOSITORY, repositoryId: ID },
    );
    expect(result.entries).toEqual([]);
    expect(result.problems.map((p) => p.kind)).toEqual(Array(chain.length).fill('foreign'));
    expect(result.problems[0]!.message).toContain(`of repository id ${OTHER_ID}`);
  });

  it('reads the same entries by name when the id is unknown: foreign under the new name', () => {
    const chain = writeChain(withId(ID));
    const comments = chain.map((w) => w.comment);
    expect(read(comments, { repository: REPOSITORY, repositoryId: null }).entries).toHaveLength(chain.length);
    const renamed = read(comments, { repository: RENAMED });
    expect(renamed.entries).toEqual([]);
    expect(renamed.problems.every((p) => p.kind === 'foreign')).toBe(true);
  });
});
