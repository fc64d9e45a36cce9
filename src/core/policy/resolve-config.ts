import { parseYamlSafely } from '../validation/parse-yaml-safely.ts';
import { mergeOverDefaults } from './merge-over-defaults.ts';

/** A config file in a repository; always read at that repository's default branch. */
export interface ConfigLocation {
  owner: string;
  repo: string;
  path: string;
}

/** Reads a file at its repository's default branch: its text, or null when it (or the repository) is absent. */
export type ReadConfigFile = (location: ConfigLocation) => Promise<string | null>;

export interface ResolvedConfig {
  /** Every layer merged (the base first), `_extends` removed; null when no file exists anywhere. */
  config: Record<string, unknown> | null;
  /** The files that hold the layers, the repository's own (or its owner's `.github`) first: `owner/repo:path`. */
  files: string[];
}

/** A config file that exists but cannot be used: the caller fails closed with this message. */
export class ConfigResolveError extends Error {
  override name = 'ConfigResolveError';
}

// Probot's grammar for `_extends`: `repo`, `owner/repo`, `owner/repo:path/to/file.yml`.
const EXTENDS = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;
const MAX_LAYERS = 10;
const MAX_CONFIG_CHARS = 262_144;

/**
 * The config exactly as Probot's config plugin finds it (https://github.com/probot/octokit-plugin-config),
 * so that the app, the action and the protection rule read one policy: the repository's file on its default
 * branch, else the owner's `.github` repository's; then each `_extends` (`repo`, `owner/repo`,
 * `owner/repo:path`; owner and path default to the repository's), until a file has none or is absent.
 * Layers merge key by key, the base first (`mergeOverDefaults`: mappings merge, lists and values replace).
 * A loop, a chain past 10 files, or a file that is not a YAML mapping throws ConfigResolveError.
 * Pure but for `read`, which the caller passes in (a port, an Octokit client).
 */
export async function resolveConfig(
  options: ConfigLocation & { read: ReadConfigFile },
): Promise<ResolvedConfig> {
  const { owner, path, read } = options;
  const layers: Array<{ label: string; config: Record<string, unknown> }> = [];
  const seen = new Set<string>();
  let location: ConfigLocation = { owner, repo: options.repo, path };
  seen.add(keyOf(location));
  let file = await readLayer({ read, location });
  if (file === null && options.repo.toLowerCase() !== '.github') {
    location = { owner, repo: '.github', path };
    seen.add(keyOf(location));
    file = await readLayer({ read, location });
  }
  while (file !== null) {
    const { _extends: extendsValue, ...config } = file;
    layers.push({ label: labelOf(location), config });
    if (!extendsValue) break;
    if (layers.length >= MAX_LAYERS) {
      throw new ConfigResolveError(`${labelOf(location)}: _extends chains more than ${MAX_LAYERS} files`);
    }
    const from = labelOf(location);
    location = extendsTarget({ value: extendsValue, owner, path, from });
    if (seen.has(keyOf(location))) {
      throw new ConfigResolveError(
        `${from}: _extends ${labelOf(location)} loops back to a file already read`,
      );
    }
    seen.add(keyOf(location));
    file = await readLayer({ read, location });
  }
  if (layers.length === 0) return { config: null, files: [] };
  const merged = [...layers]
    .reverse()
    .reduce<Record<string, unknown>>((base, layer) => mergeOverDefaults(base, layer.config), {});
  return { config: merged, files: layers.map((layer) => layer.label) };
}

async function readLayer(options: {
  read: ReadConfigFile;
  location: ConfigLocation;
}): Promise<Record<string, unknown> | null> {
  const text = await options.read(options.location);
  if (text === null) return null;
  const label = labelOf(options.location);
  const parsed = parseYamlSafely(text, { maxChars: MAX_CONFIG_CHARS });
  if (parsed.status === 'error') {
    const problem = parsed.problems[0]!;
    throw new ConfigResolveError(
      `${label}: line ${problem.line}, column ${problem.column}: ${problem.message}`,
    );
  }
  // An empty file is an empty config, as Probot reads it.
  const value = parsed.value ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigResolveError(`${label}: the file is not a YAML mapping`);
  }
  return value as Record<string, unknown>;
}

function extendsTarget(options: {
  value: unknown;
  owner: string;
  path: string;
  from: string;
}): ConfigLocation {
  const match = typeof options.value === 'string' ? EXTENDS.exec(options.value) : null;
  if (!match) {
    const shown = JSON.stringify(options.value)?.slice(0, 100) ?? String(options.value);
    throw new ConfigResolveError(
      `${options.from}: _extends ${shown} is not "repo", "owner/repo" or "owner/repo:path.yml"`,
    );
  }
  return { owner: match[1] || options.owner, repo: match[2]!, path: match[3] || options.path };
}

const labelOf = (location: ConfigLocation): string => `${location.owner}/${location.repo}:${location.path}`;
const keyOf = (location: ConfigLocation): string => labelOf(location).toLowerCase();
