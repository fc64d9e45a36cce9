import { SEED_CONFIG_YAML } from '../../../sandbox/seed-org.ts';

/** The seed config with notifications by signed webhook only, to the change manager's role. */
export const WEBHOOK_NOTIFICATIONS_CONFIG = SEED_CONFIG_YAML.replace(
  /\n {2}notifications:\n(?: {4}.*\n)+/,
  `
  notifications:
    enabled: true
    channels: [webhook]
    recipients: [change-manager]
    webhook:
      url_env: CHANGE_GATE_NOTIFY_HOOK
      secret_env: CHANGE_GATE_NOTIFY_HOOK_SECRET
`,
);

/** The app's environment for that config: the receiver's URL and a signing secret. */
export const webhookNotificationsEnv = (receiverUrl: string): Record<string, string> => ({
  CHANGE_GATE_NOTIFY_HOOK: `${receiverUrl}/hook`,
  CHANGE_GATE_NOTIFY_HOOK_SECRET: `whsec_${Buffer.from('a signing secret of 32 bytes....').toString('base64')}`,
});
