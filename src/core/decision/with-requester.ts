import type { VerifiedEntry } from '../history/verified-entry.ts';
import type { ChangeFacts } from './change-facts.ts';

/**
 * The change's facts with its requester from the signed history: the actor of its latest `requested` entry
 * (written only by the REST API, for the caller who filed it). An issue the app itself opened has the app as
 * its GitHub author, so there the requester becomes the author; without a recorded requester such an issue
 * gets `requester: null` (nobody's approval counts, see separationOfDuties). Other changes keep their author
 * and get the requester, when there is one, as a person who never approves.
 */
export const withRequester = (
  facts: ChangeFacts,
  entries: readonly VerifiedEntry[],
  botLogin: string,
): ChangeFacts => {
  const requester = requesterOf(entries);
  const byApp = facts.author.toLowerCase() === botLogin.toLowerCase();
  if (byApp) return { ...facts, author: requester ?? facts.author, requester };
  return requester === null ? facts : { ...facts, requester };
};

/** The actor of the latest `requested` entry; null when the change was not filed through the API. */
export const requesterOf = (entries: readonly VerifiedEntry[]): string | null =>
  entries.findLast(({ entry }) => entry.event === 'requested')?.entry.actor ?? null;

/** The deployment environment the latest `requested` entry names; null when none. */
export const requesterEnvironmentOf = (entries: readonly VerifiedEntry[]): string | null => {
  const environment = entries.findLast(({ entry }) => entry.event === 'requested')?.entry.data.environment;
  return typeof environment === 'string' && environment !== '' ? environment : null;
};
