import { describe, expect, it } from 'vitest';
import { CONFIG_PATH } from '../../../src/core/policy/config-path.ts';
import { type ConfigLocation, resolveConfig } from '../../../src/core/policy/resolve-config.ts';
import { createConfigResolutions } from '../../../src/github/octokit/config-resolutions.ts';

/** Files by `owner/repo`, each read counted. */
const files = (initial: Record<string, string | null>) => {
  const texts = { ...initial };
  const reads: string[] = [];
  return {
    texts,
    reads,
    read: async (location: ConfigLocation) => {
      const key = `${location.owner}/${location.repo}`;
      reads.push(key);
      return texts[key] ?? null;
    },
  };
};

const resolveWith = (
  resolutions: ReturnType<typeof createConfigResolutions>,
  github: ReturnType<typeof files>,
) =>
  resolutions.resolve({
    key: 'acme/app',
    read: github.read,
    resolve: (read) => resolveConfig({ owner: 'acme', repo: 'app', path: CONFIG_PATH, read }),
  });

describe('createConfigResolutions', () => {
  it('reuses the frozen resolution while every file reads the same, reading each file every time', async () => {
    const github = files({
      'acme/app': '_extends: base\nchange_management:\n  label: app\n',
      'acme/base': 'change_management:\n  check_name: Base\n',
    });
    const resolutions = createConfigResolutions();
    const first = await resolveWith(resolutions, github);
    const second = await resolveWith(resolutions, github);
    expect(second).toBe(first);
    expect(Object.isFrozen(first.config)).toBe(true);
    expect(first.config).toEqual({ change_management: { label: 'app', check_name: 'Base' } });
    expect(github.reads).toEqual(['acme/app', 'acme/base', 'acme/app', 'acme/base']);
  });

  it('resolves again when any file changed, reading each file once', async () => {
    const github = files({
      'acme/app': '_extends: base\nchange_management:\n  label: app\n',
      'acme/base': 'change_management:\n  check_name: Base\n',
    });
    const resolutions = createConfigResolutions();
    const first = await resolveWith(resolutions, github);
    github.texts['acme/base'] = 'change_management:\n  check_name: Changed\n';
    github.reads.length = 0;
    const second = await resolveWith(resolutions, github);
    expect(second).not.toBe(first);
    expect(second.config).toEqual({ change_management: { label: 'app', check_name: 'Changed' } });
    expect(github.reads).toEqual(['acme/app', 'acme/base']);

    // The repository's own file no longer extends: the base is not read at all.
    github.texts['acme/app'] = 'change_management:\n  label: alone\n';
    github.reads.length = 0;
    const third = await resolveWith(resolutions, github);
    expect(third.config).toEqual({ change_management: { label: 'alone' } });
    expect(github.reads).toEqual(['acme/app']);
  });

  it('keeps nothing for a configuration larger than its bound, nor for one that does not resolve', async () => {
    const github = files({ 'acme/app': `change_management:\n  label: ${'x'.repeat(100)}\n` });
    const small = createConfigResolutions({ maxChars: 50 });
    const first = await resolveWith(small, github);
    expect(await resolveWith(small, github)).not.toBe(first);
    expect(Object.isFrozen(first.config)).toBe(false);

    const broken = files({ 'acme/app': '- a list\n' });
    const resolutions = createConfigResolutions();
    await expect(resolveWith(resolutions, broken)).rejects.toThrow('not a YAML mapping');
    broken.texts['acme/app'] = 'change_management:\n  label: fixed\n';
    expect((await resolveWith(resolutions, broken)).config).toEqual({
      change_management: { label: 'fixed' },
    });
  });

  it('keeps at most `repositories` repositories, dropping the oldest', async () => {
    const resolutions = createConfigResolutions({ repositories: 1 });
    const github = files({ 'acme/app': 'change_management:\n  label: a\n', 'acme/other': 'x: 1\n' });
    const first = await resolveWith(resolutions, github);
    await resolutions.resolve({
      key: 'acme/other',
      read: github.read,
      resolve: (read) => resolveConfig({ owner: 'acme', repo: 'other', path: CONFIG_PATH, read }),
    });
    expect(await resolveWith(resolutions, github)).not.toBe(first);
  });
});
