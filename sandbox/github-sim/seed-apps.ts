import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { ensureEnvironment } from './ops/deployments.ts';
import {
  findAccount,
  findApp,
  findRepo,
  need,
  newAccount,
  type SeededApp,
  SIMULATED_EVENTS,
} from './seed-helpers.ts';
import type { SimContext } from './sim-context.ts';
import type { App, Installation, Permissions } from './state/types.ts';

/** Seeding of GitHub Apps, installations, installation tokens and protected environments. */
export const createAppSeedApi = (ctx: () => SimContext) => ({
  /** Registers a GitHub App; an RSA key is generated unless one is given. */
  registerApp(options: {
    id?: number;
    slug: string;
    name?: string;
    owner?: string;
    privateKeyPem?: string;
    webhookUrl?: string | null;
    webhookSecret?: string;
    permissions?: Permissions;
    events?: string[];
  }): SeededApp {
    const c = ctx();
    const { store } = c;
    const id = options.id ?? store.nextId();
    if (store.apps.has(id)) throw new Error(`github-sim: app id ${id} is already registered`);
    const privateKeyPem =
      options.privateKeyPem ??
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs1', format: 'pem' })
        .toString();
    const bot = newAccount(c, { login: `${options.slug}[bot]`, type: 'Bot' });
    const now = store.clock.iso();
    const app: App = {
      id,
      nodeId: store.nodeId('Integration', id),
      slug: options.slug,
      name: options.name ?? options.slug,
      clientId: `Iv1.${randomBytes(8).toString('hex')}`,
      ownerId: options.owner ? findAccount(c, options.owner).id : bot.id,
      description: null,
      privateKeyPem,
      publicKey: createPublicKey(privateKeyPem),
      webhookUrl: options.webhookUrl ?? null,
      webhookSecret: options.webhookSecret ?? randomBytes(16).toString('hex'),
      permissions: options.permissions ?? { metadata: 'read' },
      events: options.events ?? [...SIMULATED_EVENTS],
      botUserId: bot.id,
      hookId: store.nextId(),
      createdAt: now,
      updatedAt: now,
    };
    store.apps.set(id, app);
    return {
      id,
      slug: app.slug,
      name: app.name,
      privateKeyPem,
      webhookSecret: app.webhookSecret,
      botLogin: bot.login,
    };
  },

  setAppWebhookUrl(options: { app: string | number; url: string | null }) {
    findApp(ctx(), options.app).webhookUrl = options.url;
  },

  /** Installs an app on a user or organisation: all repositories, or only `repositories` (names). */
  installApp(options: {
    app: string | number;
    account: string;
    repositories?: string[];
    permissions?: Permissions;
    events?: string[];
  }) {
    const { store } = ctx();
    const app = findApp(ctx(), options.app);
    const account = findAccount(ctx(), options.account);
    const id = store.nextId();
    const now = store.clock.iso();
    const installation: Installation = {
      id,
      appId: app.id,
      accountId: account.id,
      repositorySelection: options.repositories ? 'selected' : 'all',
      repoIds: new Set(
        (options.repositories ?? []).map((name) => findRepo(ctx(), `${account.login}/${name}`).id),
      ),
      permissions: options.permissions ?? { ...app.permissions },
      events: options.events ?? [...app.events],
      createdAt: now,
      updatedAt: now,
    };
    store.installations.set(id, installation);
    return { id };
  },

  /** An installation access token without going through JWT auth (for tests acting as the app). */
  createInstallationToken(options: { installationId: number }): string {
    const { store } = ctx();
    const installation = need(
      store.installations.get(options.installationId),
      `installation ${options.installationId}`,
    );
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    store.tokens.set(token, {
      kind: 'installation',
      installationId: installation.id,
      expiresAtMs: Date.now() + 3_600_000,
      permissions: { ...installation.permissions },
      repoIds: null,
    });
    return token;
  },

  /** An environment, optionally guarded by the custom deployment protection rules of `protectionRuleApps`. */
  createEnvironment(options: { repo: string; name: string; protectionRuleApps?: Array<string | number> }) {
    const environment = ensureEnvironment(ctx(), { repo: findRepo(ctx(), options.repo), name: options.name });
    environment.protectionRuleAppIds = (options.protectionRuleApps ?? []).map(
      (app) => findApp(ctx(), app).id,
    );
    return { id: environment.id, name: environment.name };
  },
});
