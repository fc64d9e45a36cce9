import { chainHeadMarker } from '../history/chain-head-marker.ts';
import { chainHeadName, chainHeadOf } from './chain-head-of.ts';
import type { ChangeFacts } from './change-facts.ts';

/**
 * The chain-head markers our run on the commit holds for the other pull requests it speaks for, to keep
 * when this evaluation rewrites the run: each PR's own evaluation writes its marker, and only carrying the
 * recorded one forward (never one recomputed from a history that may have been cut) keeps a truncation of
 * their history detectable.
 */
export const carriedChainHeads = (options: {
  facts: Pick<ChangeFacts, 'kind' | 'owner' | 'repo' | 'headSha' | 'checkRuns' | 'comments'>;
  app: { id: number; botLogin: string };
  numbers: number[];
}): string[] =>
  options.numbers.flatMap((number) => {
    const facts = { ...options.facts, number };
    const head = chainHeadOf(facts, options.app);
    return head === null || head === 'missing' ? [] : [chainHeadMarker(chainHeadName(facts), head)];
  });
