import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface AppManifest {
  permissions: Record<string, 'read' | 'write' | 'admin'>;
  events: string[];
}

/**
 * Permissions and events from `app.yml`, so that end-to-end tests run the app with exactly the
 * least-privilege grant it asks users for: a missing permission shows up as a 403 in the test.
 */
export const readAppManifest = (file: string): AppManifest => {
  const manifest = parse(readFileSync(file, 'utf8')) as {
    default_permissions?: Record<string, 'read' | 'write' | 'admin'>;
    default_events?: string[];
  } | null;
  if (!manifest?.default_permissions || !Array.isArray(manifest.default_events)) {
    throw new Error(`${file}: expected default_permissions and default_events (GitHub App manifest)`);
  }
  return {
    permissions: { metadata: 'read', ...manifest.default_permissions },
    events: manifest.default_events,
  };
};
