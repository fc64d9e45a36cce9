import { AsyncLocalStorage } from 'node:async_hooks';
import { Context } from 'probot';

/** Octokit's `auth` as Probot's app-level client has it (octokit-auth-probot), with its request hook. */
export type AppAuth = ((options?: unknown) => Promise<unknown>) & { hook?: unknown };

interface EventAuthOptions {
  type: 'event-octokit';
  event: { name: string; payload: { action?: unknown; installation?: { id?: unknown } | null } };
}

interface HookedClient {
  hook: { before: (name: 'request', hook: (options: { headers: Record<string, unknown> }) => void) => void };
}

const isEventAuth = (options: unknown): options is EventAuthOptions =>
  typeof options === 'object' &&
  options !== null &&
  (options as { type?: unknown }).type === 'event-octokit' &&
  typeof (options as { event?: unknown }).event === 'object';

/** The delivery whose handler is running (instrumentApp), for the `x-github-delivery` request header. */
const deliveries = new AsyncLocalStorage<string>();

/** Runs `handle` as the handling of delivery `id`: the requests it makes say so to GitHub. */
export const withDelivery = <T>(id: string, handle: () => T): T => deliveries.run(id, handle);

/**
 * Probot's app-level `auth` with the client of each webhook's installation built once and reused by its later
 * webhooks, instead of once per webhook: building an Octokit (its request defaults, the app's token auth) is
 * 20–50 µs of CPU and a few KB of garbage, and most webhooks never call GitHub. What a client holds is the
 * same for every webhook of the installation: its options, its installation id and throttle id; tokens are in
 * Probot's token cache, which every client shares already. Probot's Context marks a client with a request hook
 * that sends the delivery id, once per client, keeping the event it was built for: the first webhook's id would
 * then go with every later request, and its payload would be kept. So each client is marked once when it is
 * built, with an empty event, and its own hook, which runs after Probot's, says the id of the delivery being
 * handled (`withDelivery`), or removes the header outside one. A webhook without an installation, or one
 * telling that the app's access was revoked, gets octokit-auth-probot's own unauthenticated client, as before
 * (the installation's kept client is dropped then). At most `max` installations' clients are kept, the least
 * recently used dropped first.
 */
export const reuseEventClients = (auth: AppAuth, options: { max: number }): AppAuth => {
  const clients = new Map<number, Promise<unknown>>();
  const reused = async (authOptions?: unknown): Promise<unknown> => {
    if (!isEventAuth(authOptions)) return auth(authOptions);
    const { name, payload } = authOptions.event;
    const id = payload.installation?.id;
    const revoked = name === 'installation' && (payload.action === 'suspend' || payload.action === 'deleted');
    if (typeof id !== 'number') return auth(authOptions);
    if (revoked) {
      clients.delete(id);
      return auth(authOptions);
    }
    let client = clients.get(id);
    if (client === undefined) {
      client = auth(authOptions).then((built) => {
        (built as HookedClient).hook.before('request', (request) => {
          const delivery = deliveries.getStore();
          if (delivery === undefined) delete request.headers['x-github-delivery'];
          else request.headers['x-github-delivery'] = delivery;
        });
        // Probot's Context adds its hook to a client once, keeping the event it was built for: a Context of an
        // empty event now, so that the client kept here never holds a webhook's payload.
        new Context(
          { id: '', name: 'installation', payload: {} } as never,
          built as never,
          undefined as never,
        );
        return built;
      });
      const building = client;
      building.catch(() => {
        if (clients.get(id) === building) clients.delete(id);
      });
      if (clients.size >= options.max) clients.delete(clients.keys().next().value as number);
    } else {
      clients.delete(id);
    }
    clients.set(id, client);
    return client;
  };
  return Object.assign(reused, { hook: auth.hook });
};
