import type { Probot } from 'probot';

/**
 * The floor the app's throughput is compared with: a Probot app whose handlers do nothing, run by Probot's
 * own server on the same signed payloads (verification, parsing and routing only).
 */
export default (app: Probot): void => {
  app.onAny(async () => {});
};
