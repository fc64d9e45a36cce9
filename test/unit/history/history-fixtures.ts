import { generateKeyPairSync } from 'node:crypto';
import type { CommentFact } from '../../../src/core/decision/change-facts.ts';
import { appendEntry } from '../../../src/core/history/append-entry.ts';
import { createSigner, type HistorySigner } from '../../../src/core/history/create-signer.ts';
import type { DraftEntry } from '../../../src/core/history/draft-entry.ts';
import { entryHash } from '../../../src/core/history/entry-hash.ts';
import type { SignedEntry } from '../../../src/core/history/history-entry.ts';
import { renderHistoryComment } from '../../../src/core/history/render-history-comment.ts';

export const BOT = 'change-gate[bot]';
export const CHANGE = 'CHG-2026-012';
export const SHA_A = 'a'.repeat(40);
export const SHA_B = 'b'.repeat(40);
export const BLOCK_1 = `sha256:${'1'.repeat(64)}`;
export const BLOCK_2 = `sha256:${'2'.repeat(64)}`;

/** An RSA key in the PEM forms GitHub (PKCS#1) and most tools (PKCS#8, SPKI) use. */
export const rsaKey = (bits = 2048) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spki: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    pkcs1Public: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
};

export const appKey = rsaKey();
export const otherKey = rsaKey();
export const appSigner: HistorySigner = createSigner(appKey.pkcs1);
export const otherSigner: HistorySigner = createSigner(otherKey.pkcs8);

let nextId = 1000;

export const comment = (body: string, overrides: Partial<CommentFact> = {}): CommentFact => {
  nextId += 1;
  return {
    id: nextId,
    author: BOT,
    authorIsBot: true,
    body,
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    edited: false,
    ...overrides,
  };
};

export const REPOSITORY = 'acme/payments';
export const NUMBER = 12;

/** A draft of CHG-2026-012 (acme/payments#12); `data` overrides are bound to that change as the app binds them. */
export const draft = ({ data, ...overrides }: Partial<DraftEntry> = {}): DraftEntry => ({
  event: 'submitted',
  change_id: CHANGE,
  actor: 'alice',
  head_sha: SHA_A,
  block_hash: BLOCK_1,
  data: {
    repository: REPOSITORY,
    number: NUMBER,
    ...(data ?? { required_roles: ['security-team', 'engineering-manager', 'change-manager'] }),
  },
  ...overrides,
});

export interface WrittenEntry {
  signed: SignedEntry;
  hash: string;
  comment: CommentFact;
}

/** Appends each draft the way the app does (prev = the last written entry) and posts it as a bot comment. */
export const writeChain = (drafts: DraftEntry[], signer: HistorySigner = appSigner): WrittenEntry[] => {
  const written: WrittenEntry[] = [];
  drafts.forEach((next, index) => {
    const history = written.map((w) => ({ entry: w.signed.entry, hash: w.hash }));
    const entry = appendEntry({ history, draft: next, at: new Date(Date.UTC(2026, 2, 1, 10, index)) });
    const signed = signer.sign(entry);
    written.push({ signed, hash: entryHash(signed), comment: comment(renderHistoryComment({ signed })) });
  });
  return written;
};

/** The lifecycle most tests read: submitted, two approvals, implementing, completed. */
export const lifecycle = (): DraftEntry[] => [
  draft(),
  draft({ event: 'approved', actor: 'sec-lead', data: { role: 'security-team' } }),
  draft({ event: 'approved', actor: 'eng-mgr', data: { role: 'engineering-manager' } }),
  draft({ event: 'implementing', actor: 'deployer', data: { environment: 'production', deployment_id: 7 } }),
  draft({ event: 'completed', actor: 'deployer', data: { environment: 'production', deployment_id: 7 } }),
];

/** Decodes the marker payload of a body, lets `edit` change the JSON text, and re-encodes it. */
export const editPayload = (body: string, edit: (json: string) => string): string =>
  body.replace(
    /(<!-- change-gate:history v1 )([A-Za-z0-9_-]+)( -->)/,
    (_match, head: string, payload: string, tail: string) => {
      const json = Buffer.from(payload, 'base64url').toString('utf8');
      return `${head}${Buffer.from(edit(json), 'utf8').toString('base64url')}${tail}`;
    },
  );
