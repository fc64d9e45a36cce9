import { randomUUID } from 'node:crypto';
import type { SimContext, WebhookEvent } from '../sim-context.ts';
import type { Store } from '../state/store.ts';
import type { App, Installation } from '../state/types.ts';
import { buildWebhookPayload } from './build-payload.ts';
import { postDelivery } from './post-delivery.ts';
import { signPayload } from './sign-payload.ts';

export interface Delivery {
  /** `X-GitHub-Delivery`; a redelivery keeps the original id, as GitHub's does. */
  id: string;
  event: string;
  action: string | null;
  appId: number;
  installationId: number;
  hookId: number;
  url: string;
  headers: Record<string, string>;
  body: string;
  payload: Record<string, unknown>;
  redelivery: boolean;
  /** The app's HTTP status; null while pending or when the request failed (see `error`). */
  status: number | null;
  error: string | null;
  response: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  done: boolean;
}

export interface WebhookDispatcherOptions {
  ctx: () => SimContext;
  mode: 'serial' | 'concurrent';
  deliverAppTriggered: boolean;
  timeoutMs: number;
  /** Checks each payload against GitHub's webhook schema; returns a reason when it does not match. */
  checkPayload?: (options: { event: string; action?: string; payload: unknown }) => void;
  clock: () => number;
}

const subscribed = (app: App, event: string): boolean =>
  app.events.includes('*') || app.events.includes(event);

const covers = (store: Store, options: { installation: Installation; event: WebhookEvent }): boolean => {
  const { installation, event } = options;
  if (event.repoId === null) return event.orgId === installation.accountId;
  const repo = store.repos.get(event.repoId);
  if (!repo || repo.ownerId !== installation.accountId) return false;
  return installation.repositorySelection === 'all' || installation.repoIds.has(repo.id);
};

export const createWebhookDispatcher = (options: WebhookDispatcherOptions) => {
  const deliveries: Delivery[] = [];
  /** Deliveries GitHub "lost" while dropping was on: never sent, not in `deliveries`, kept for inspection. */
  const dropped: Delivery[] = [];
  let dropping = false;
  /** Apps whose webhooks go to several URLs in turn (replicas behind a round-robin load balancer). */
  const spread = new Map<number, { urls: string[]; next: number }>();
  const urlOf = (app: App, webhookUrl: string): string => {
    const replicas = spread.get(app.id);
    if (!replicas) return webhookUrl;
    const url = replicas.urls[replicas.next % replicas.urls.length] as string;
    replicas.next++;
    return url;
  };
  const pending = new Set<Promise<void>>();
  let tail: Promise<void> = Promise.resolve();
  let drainWaiters: Array<() => void> = [];

  const send = async (delivery: Delivery): Promise<void> => {
    delivery.startedAt = options.clock();
    try {
      const response = await postDelivery({
        url: delivery.url,
        headers: delivery.headers,
        body: delivery.body,
        timeoutMs: options.timeoutMs,
      });
      delivery.status = response.status;
      delivery.response = response.text.slice(0, 4000);
    } catch (error) {
      delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      delivery.endedAt = options.clock();
      delivery.durationMs = delivery.endedAt - delivery.startedAt;
      delivery.done = true;
    }
  };

  const schedule = (delivery: Delivery): Promise<void> => {
    const run = options.mode === 'serial' ? tail.then(() => send(delivery)) : send(delivery);
    if (options.mode === 'serial') tail = run;
    pending.add(run);
    void run.finally(() => {
      pending.delete(run);
      if (pending.size === 0) {
        const waiters = drainWaiters;
        drainWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
    return run;
  };

  const headersFor = (options: { app: App; id: string; event: string; body: string; host: string }) => ({
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/github-sim',
    'x-github-event': options.event,
    'x-github-delivery': options.id,
    'x-github-hook-id': String(options.app.hookId),
    'x-github-hook-installation-target-id': String(options.app.id),
    'x-github-hook-installation-target-type': 'integration',
    'x-github-enterprise-version': '3.19.0',
    'x-github-enterprise-host': options.host,
    'x-hub-signature': signPayload({
      secret: options.app.webhookSecret,
      body: options.body,
      algorithm: 'sha1',
    }),
    'x-hub-signature-256': signPayload({ secret: options.app.webhookSecret, body: options.body }),
  });

  return {
    deliveries: deliveries as readonly Delivery[],
    dropped: dropped as readonly Delivery[],
    /** While on, webhooks are lost as GitHub sometimes loses them: the app never hears of them. */
    setDropping(on: boolean): void {
      dropping = on;
    },
    /** Sends app `appId`'s webhooks to `urls` in turn (round-robin); an empty list goes back to its webhook URL. */
    spreadWebhooks(appId: number, urls: string[]): void {
      if (urls.length === 0) spread.delete(appId);
      else spread.set(appId, { urls: [...urls], next: 0 });
    },
    emit(event: WebhookEvent): void {
      const ctx = options.ctx();
      if (event.viaAppId !== null && !options.deliverAppTriggered) return;
      for (const installation of ctx.store.installations.values()) {
        const app = ctx.store.apps.get(installation.appId);
        if (!app?.webhookUrl || !subscribed(app, event.event)) continue;
        if (event.onlyAppIds && !event.onlyAppIds.includes(app.id)) continue;
        if (!covers(ctx.store, { installation, event })) continue;
        const payload = buildWebhookPayload(ctx, { event, installation });
        options.checkPayload?.({
          event: event.event,
          ...(event.action ? { action: event.action } : {}),
          payload,
        });
        const body = JSON.stringify(payload);
        const id = randomUUID();
        const delivery: Delivery = {
          id,
          event: event.event,
          action: event.action ?? null,
          appId: app.id,
          installationId: installation.id,
          hookId: app.hookId,
          url: urlOf(app, app.webhookUrl),
          headers: headersFor({ app, id, event: event.event, body, host: new URL(ctx.urls.web).host }),
          body,
          payload,
          redelivery: false,
          status: null,
          error: null,
          response: '',
          startedAt: 0,
          endedAt: 0,
          durationMs: 0,
          done: false,
        };
        if (dropping) {
          dropped.push(delivery);
          continue;
        }
        deliveries.push(delivery);
        void schedule(delivery);
      }
    },
    /**
     * Sends a past delivery again with the same id, headers and body, as "Redeliver" does on GitHub; to `url`
     * when given (another replica behind the load balancer), else where the original went.
     */
    async redeliver(id: string, options: { url?: string } = {}): Promise<Delivery> {
      const original = deliveries.find((d) => d.id === id && !d.redelivery);
      if (!original) throw new Error(`github-sim: no delivery with id ${id}`);
      const copy: Delivery = {
        ...original,
        url: options.url ?? original.url,
        redelivery: true,
        status: null,
        error: null,
        response: '',
        done: false,
      };
      deliveries.push(copy);
      await schedule(copy);
      return copy;
    },
    pendingCount: () => pending.size,
    whenDrained: (): Promise<void> =>
      pending.size === 0 ? Promise.resolve() : new Promise((resolve) => drainWaiters.push(resolve)),
  };
};

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
