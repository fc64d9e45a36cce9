import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { describe, expect, test } from 'vitest';
import { LABEL_STYLES } from '../../src/core/decision/change-status.ts';
import {
  LABEL_WRITE_PAUSE_MS,
  MAX_REPOSITORIES_STYLED,
  registerInstallationHandlers,
} from '../../src/handlers/installation.ts';
import { GROUP_PACING } from '../../src/ops/throttle-groups.ts';
import { API, APP_ID, examplePayload, type Json, useSealedProbot } from '../support/probot-harness.ts';
import { testPrivateKey } from '../support/reconcile-harness.ts';

const NAMES = Object.keys(LABEL_STYLES);

/**
 * The installation handlers alone, writes unspaced (the app spaces them 2 s apart): `receive` resolves once the
 * background styling the event started is done (the webhook itself is answered at once).
 */
const installationApp = () => {
  let styled: () => void = () => {};
  const probot = new Probot({
    appId: APP_ID,
    privateKey: testPrivateKey(),
    Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
    logLevel: 'fatal',
  });
  probot.load((app) => registerInstallationHandlers(app, { pauseMs: 0, onStyled: () => styled() }));
  return async (name: string, payload: Json) => {
    const done = new Promise<void>((resolve) => {
      styled = resolve;
    });
    await probot.receive({ id: `delivery-${Math.random()}`, name, payload } as never);
    await done;
  };
};

describe('installing the app styles the status labels once per repository, with GitHub mocked', () => {
  // Sealed: every mock used, no request unmatched (the app's own handlers are loaded too, and ignore these).
  const harness = useSealedProbot();

  test('installation_repositories.added: missing labels created with their colour, grey ones restyled, coloured ones left', async () => {
    const created: Array<Record<string, unknown>> = [];
    const patched: Array<Record<string, unknown>> = [];
    harness
      .mockAuth()
      .get('/repos/acme/shop/labels')
      .query({ per_page: '100', page: '1' })
      .reply(200, [
        { name: 'bug', color: 'd73a4a', description: null },
        { name: 'change:approved', color: 'ededed', description: null },
        { name: 'change:rejected', color: '123456', description: 'ours' },
      ])
      // nock may offer this matcher other requests' bodies too: only a body naming a label is a create.
      .post('/repos/acme/shop/labels', (body) => {
        if (typeof body.name !== 'string') return false;
        created.push(body);
        return true;
      })
      .times(NAMES.length - 2)
      .reply(201, {})
      .patch('/repos/acme/shop/labels/change%3Aapproved', (body) => {
        if (typeof body.name === 'string') return false;
        patched.push(body);
        return true;
      })
      .reply(200, {});
    await installationApp()(
      'installation_repositories',
      examplePayload('installation_repositories', 'added', (payload) => {
        payload.repositories_added = [{ id: 1, name: 'shop', full_name: 'acme/shop', private: false }];
      }),
    );
    expect(created.map((label) => label.name).sort()).toEqual(
      NAMES.filter((name) => name !== 'change:approved' && name !== 'change:rejected').sort(),
    );
    expect(created.find((label) => label.name === 'change:pending-approval')).toMatchObject(
      LABEL_STYLES['change:pending-approval']!,
    );
    // The name is in the path: the body carries the colour and description.
    expect(patched).toEqual([LABEL_STYLES['change:approved']]);
  });

  test('installation.created: at most MAX_REPOSITORIES_STYLED repositories; one that fails is skipped, not retried', async () => {
    const repositories = Array.from({ length: MAX_REPOSITORIES_STYLED + 3 }, (_, n) => ({
      id: n,
      name: `r${n}`,
      full_name: `acme/r${n}`,
      private: false,
    }));
    const scope = harness.mockAuth();
    const listed: string[] = [];
    scope
      .get(/^\/repos\/acme\/r\d+\/labels/)
      .times(MAX_REPOSITORIES_STYLED)
      .reply((uri: string) => {
        listed.push(String(uri));
        // The first repository cannot be read: logged, the others go on.
        if (String(uri).startsWith('/repos/acme/r0/')) return [500, { message: 'boom' }];
        return [200, NAMES.map((name) => ({ name, ...LABEL_STYLES[name] }))];
      });
    await installationApp()(
      'installation',
      examplePayload('installation', 'created', (payload) => {
        payload.repositories = repositories;
      }),
    );
    expect(listed).toHaveLength(MAX_REPOSITORIES_STYLED);
    expect(listed.some((uri) => uri.startsWith(`/repos/acme/r${MAX_REPOSITORIES_STYLED}/`))).toBe(false);
    expect(nock(API).isDone()).toBe(true);
  });

  test("the app's label writes are slower than its write pacing, so change events keep their whole burst", () => {
    expect(LABEL_WRITE_PAUSE_MS).toBeGreaterThan(GROUP_PACING.write.intervalMs);
  });
});
