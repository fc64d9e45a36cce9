/**
 * The names a notification channel's secrets may be read from (the config schema's `secretEnv`): only
 * `CHANGE_GATE_NOTIFY_…`, so that nothing naming a destination can point at the app's own keys.
 */
export const NOTIFY_ENV_NAME = /^CHANGE_GATE_NOTIFY_[A-Z0-9_]{1,60}$/;

export const isNotifyEnvName = (value: unknown): value is string =>
  typeof value === 'string' && NOTIFY_ENV_NAME.test(value);
