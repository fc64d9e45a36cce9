import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The user's specification sits beside the repository (../shared) in development and CI.
const SEED = new URL('../../../../shared/seed/change-management-procedures.md', import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

// Without the seed (a clone on its own, as in CI), the two tests are skipped and their title says why.
const seedPresent = existsSync(SEED);
const title = seedPresent
  ? 'copies of the seed stay verbatim'
  : 'copies of the seed stay verbatim — skipped: ../shared/seed/change-management-procedures.md is not beside this clone';

describe.skipIf(!seedPresent)(title, () => {
  // Read lazily: a skipped describe still runs its body to collect tests, and the seed may be absent.
  const seedBlocks = () =>
    [...readFileSync(SEED, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

  it('the change request fixture is the seed form, byte for byte', () => {
    const [form] = seedBlocks();
    expect(form?.startsWith('change_request:')).toBe(true);
    expect(read('test/fixtures/change-requests/valid/seed-form.yml')).toBe(form);
    expect(read('test/fixtures/markdown/valid/seed-pr-body.md')).toContain(`\`\`\`yaml\n${form}\`\`\``);
  });

  it('the config fixture and the dogfood config are the seed configuration', () => {
    const [, config] = seedBlocks();
    expect(read('test/fixtures/config/valid/seed-config.yml')).toBe(config);
    expect(read('.github/change-management.yml')).toBe(config?.replace('# config.yaml\n', ''));
  });
});
