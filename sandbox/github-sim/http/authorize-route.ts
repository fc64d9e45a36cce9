import type { RequestLogEntry } from '../instruments/request-log.ts';
import { HttpError } from './http-error.ts';
import type { Auth, Route } from './route.ts';

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };

const permitted = (auth: Auth, route: Route): boolean => {
  if (auth.kind !== 'installation' || !route.permission) return true;
  return route.permission.some((needed) => {
    const [name, level] = needed.split(':') as [string, string];
    const granted = auth.grant.permissions[name];
    return granted !== undefined && (LEVEL[granted] ?? 0) >= (LEVEL[level] ?? 9);
  });
};

/** Refuses a caller the route does not accept, with GitHub's status and message. */
export const authorizeRoute = (auth: Auth, route: Route): void => {
  if (route.auth === 'app' && auth.kind !== 'app') {
    throw new HttpError({ status: 401, message: 'A JSON web token could not be decoded' });
  }
  if (route.auth !== 'app' && route.auth !== 'none' && auth.kind === 'app') {
    throw new HttpError({
      status: 403,
      message:
        'Resource not accessible by integration: this endpoint needs an installation access token, not an app JWT',
    });
  }
  if ((route.auth === 'token' || route.auth === 'user') && auth.kind === 'none') {
    throw new HttpError({ status: 401, message: 'Requires authentication' });
  }
  if ((route.auth === 'user' && auth.kind !== 'user') || !permitted(auth, route)) {
    throw new HttpError({ status: 403, message: 'Resource not accessible by integration' });
  }
};

/** How the request log names the caller. */
export const describeAuth = (
  auth: Auth,
): Pick<RequestLogEntry, 'auth' | 'installationId' | 'appId' | 'userLogin'> => {
  switch (auth.kind) {
    case 'app':
      return { auth: 'app', appId: auth.app.id };
    case 'installation':
      return { auth: 'installation', installationId: auth.installation.id, appId: auth.app.id };
    case 'user':
      return { auth: 'user', userLogin: auth.user.login };
    default:
      return { auth: 'none' };
  }
};
