import type { Auth } from '../http/route.ts';

/** Who performs an operation: a user, or an app's bot account acting through its installation token. */
export interface Actor {
  accountId: number;
  viaAppId: number | null;
}

export const actorFromAuth = (auth: Auth): Actor => {
  switch (auth.kind) {
    case 'user':
      return { accountId: auth.user.id, viaAppId: null };
    case 'installation':
      return { accountId: auth.app.botUserId, viaAppId: auth.app.id };
    default:
      throw new Error(`github-sim: an operation needs a user or installation token, not ${auth.kind}`);
  }
};
