const CALLBACK_PATH = /\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d{1,18})\/deployment_protection_rule\/?$/;

/**
 * The workflow run a `deployment_callback_url` answers, when the URL is the documented review endpoint of
 * this repository (any API host: github.com or GHES `/api/v3`); null otherwise. The app then calls that
 * endpoint itself, so a payload can never direct the installation token to another host or repository.
 */
export function runIdOfCallback(options: { url: unknown; owner: string; repo: string }): number | null {
  if (typeof options.url !== 'string' || options.url.length > 2000) return null;
  let path: string;
  try {
    path = new URL(options.url).pathname;
  } catch {
    return null;
  }
  const match = CALLBACK_PATH.exec(path);
  if (!match) return null;
  const [, owner, repo, runId] = match;
  const same = (a: string, b: string) => {
    try {
      return decodeURIComponent(a).toLowerCase() === b.toLowerCase();
    } catch {
      return false;
    }
  };
  if (!same(owner!, options.owner) || !same(repo!, options.repo)) return null;
  const id = Number(runId);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
