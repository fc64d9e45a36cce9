import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { ChangeFacts } from './change-facts.ts';

/**
 * The change's facts with its requester from the signed history: the actor of its latest `requested` entry
 * (written only by the REST API, for the caller who filed it). An issue the app itself opened has the app as
 * its GitHub author, so there the requester becomes the author; without a recorded requester such an issue
 * gets `requester: null` (nobody's approval counts, see separationOfDuties). Other changes keep their author
 * and get the requester, when there is one, as a person who never approves. Every actor of any `requested`
 * entry is in `requesters`: none of them approves, so a second filing cannot lift the first filer's exclusion.
 */
export const withRequester = (
  facts: ChangeFacts,
  entries: readonly VerifiedEntry[],
  botLogin: string,
): ChangeFacts => {
  const requester = requesterOf(entries);
  const requesters = requestersOf(entries);
  const byApp = facts.author.toLowerCase() === botLogin.toLowerCase();
  if (byApp) return { ...facts, author: requester ?? facts.author, requester, requesters };
  return requester === null ? facts : { ...facts, requester, requesters };
};

/** The actors of every `requested` entry, each once (case-insensitively), in the order they filed. */
export const requestersOf = (entries: readonly VerifiedEntry[]): string[] => {
  const seen = new Map<string, string>();
  for (const { entry } of entries) {
    if (entry.event === 'requested' && !seen.has(entry.actor.toLowerCase()))
      seen.set(entry.actor.toLowerCase(), entry.actor);
  }
  return [...seen.values()];
};

/** The actor of the latest `requested` entry; null when the change was not filed through the API. */
export const requesterOf = (entries: readonly VerifiedEntry[]): string | null =>
  entries.findLast(({ entry }) => entry.event === 'requested')?.entry.actor ?? null;

/** The deployment environment the latest `requested` entry names; null when none. */
export const requesterEnvironmentOf = (entries: readonly VerifiedEntry[]): string | null => {
  const environment = entries.findLast(({ entry }) => entry.event === 'requested')?.entry.data.environment;
  return typeof environment === 'string' && environment !== '' ? environment : null;
};
