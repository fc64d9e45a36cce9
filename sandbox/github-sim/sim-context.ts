import type { Store } from './state/store.ts';

/** Where the simulator answers; known once it listens. */
export interface Urls {
  /** Web root, e.g. `http://127.0.0.1:PORT` (GitHub Enterprise Server serves the UI at the host root). */
  web: string;
  /** REST root: `<web>/api/v3`. */
  api: string;
  /** GraphQL endpoint: `<web>/api/graphql`. */
  graphql: string;
}

/** A webhook the simulator must deliver: event-specific fields are already in REST shape. */
export interface WebhookEvent {
  event: string;
  action?: string;
  repoId: number | null;
  /** Organisation of the event when there is no repository (e.g. membership). */
  orgId?: number;
  senderId: number;
  /** Set when an app's installation token caused the event. */
  viaAppId: number | null;
  fields: Record<string, unknown>;
  /** Deliver only to these apps (e.g. `check_run.rerequested` goes to the run's own app). */
  onlyAppIds?: number[];
}

/** What routes, operations and serializers share. */
export interface SimContext {
  store: Store;
  urls: Urls;
  emit(event: WebhookEvent): void;
  /** Parts of GitHub that are down: `teams` answers team reads with GitHub's errors (see `setTeamOutage`). */
  outages?: { teams: boolean };
}
