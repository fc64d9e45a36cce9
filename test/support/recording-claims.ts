import type { Context, Probot } from 'probot';
import type { DeliveryClaims } from '../../src/use-cases/delivery-claims.ts';

export type Handler = (context: Context) => Promise<void>;

/**
 * A Probot that only registers handlers (in `handlers`, in order), and delivery claims that record in
 * `outcome` what became of each (`claimed <key>`, `done <key>`, `released <key>`); `claimed: false` answers
 * every claim as taken elsewhere.
 */
export const recordingClaims = (options: { claimed?: boolean } = {}) => {
  const handlers: Handler[] = [];
  const app = { on: (_events: unknown, handler: Handler) => handlers.push(handler) } as unknown as Probot;
  const outcome: string[] = [];
  const claims: DeliveryClaims = {
    claim: async (key) => {
      outcome.push(`claimed ${key}`);
      if (options.claimed === false) return null;
      return {
        done: async () => void outcome.push(`done ${key}`),
        release: async () => void outcome.push(`released ${key}`),
      };
    },
  };
  return { app, handlers, outcome, claims };
};
