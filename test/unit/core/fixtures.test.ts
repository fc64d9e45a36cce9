import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChange } from '../../../src/core/change-request/parse-change.ts';
import { loadPolicy } from '../../../src/core/policy/load-policy.ts';
import type { Problem } from '../../../src/core/validation/problem.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

function fixtures(folder: string): Array<[string, string]> {
  const directory = new URL(`${folder}/`, FIXTURES);
  return readdirSync(directory)
    .sort()
    .map((name) => [name, readFileSync(new URL(name, directory), 'utf8')]);
}

/** `# expect: LINE:COL message` or `<!-- expect: LINE:COL message -->` on the first line; LINE is a file line. */
function expectation(
  text: string,
): { missing: true } | { missing: false; line: number; column: number; message: string } {
  const match = /^(?:#|<!--) expect: (?:(missing)|(\d+):(\d+) (.*?))(?: -->)?$/m.exec(
    text.split('\n')[0] ?? '',
  );
  if (!match) throw new Error('invalid fixtures start with an expect: line');
  if (match[1]) return { missing: true };
  return { missing: false, line: Number(match[2]), column: Number(match[3]), message: match[4]! };
}

function expectProblem(problems: Problem[], offset: number, text: string): void {
  const expected = expectation(text);
  if (expected.missing) throw new Error('expected a missing block');
  const shown = problems.map((problem) => `${problem.line + offset}:${problem.column} ${problem.message}`);
  const match = shown.find((line) =>
    line.startsWith(`${expected.line}:${expected.column} ${expected.message}`),
  );
  expect(match, `one of ${JSON.stringify(shown)}`).toBeDefined();
  expect(problems.every((problem) => problem.severity === 'error')).toBe(true);
}

describe('change request fixtures', () => {
  it.each(fixtures('change-requests/valid'))('%s is a valid change request', (_name, text) => {
    const result = parseChange(text);
    expect(result.status === 'invalid' ? result.problems : result.status).toBe('valid');
  });

  it.each(fixtures('change-requests/invalid'))('%s is rejected where its expect line says', (name, text) => {
    const result = parseChange(text);
    if (name === 'empty.yml') {
      expect(result.status).toBe('missing');
      return;
    }
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.block?.startLine).toBe(1);
    expectProblem(result.problems, 0, text);
  });
});

describe('config fixtures', () => {
  it.each(fixtures('config/valid'))('%s is a valid config', (_name, text) => {
    const result = loadPolicy(text);
    expect(result.status === 'invalid' ? result.problems : result.status).toBe('valid');
  });

  it.each(fixtures('config/invalid'))('%s is rejected where its expect line says', (_name, text) => {
    const result = loadPolicy(text);
    expect(result.status).toBe('invalid');
    if (result.status === 'invalid') expectProblem(result.problems, 0, text);
  });
});

describe('markdown fixtures', () => {
  it.each(fixtures('markdown/valid'))('%s holds a valid change request', (_name, text) => {
    const result = parseChange(text);
    expect(result.status === 'invalid' ? result.problems : result.status).toBe('valid');
  });

  it.each(fixtures('markdown/invalid'))('%s is rejected where its expect line says', (_name, text) => {
    const result = parseChange(text);
    const expected = expectation(text);
    if (expected.missing) {
      expect(result.status).toBe('missing');
      return;
    }
    expect(result.status).toBe('invalid');
    if (result.status === 'invalid') expectProblem(result.problems, result.block!.startLine - 1, text);
  });
});

describe('fixtures that exercise Markdown edge cases keep their shape', () => {
  // A formatter rewriting these (closing the fence, re-indenting it) would make the tests above vacuous.
  it('keeps the indented tilde fence and the unclosed fence', () => {
    const fences = readFileSync(new URL('markdown/valid/fences.md', FIXTURES), 'utf8');
    expect(fences).toContain('\n   ~~~~ YML title="change"\n   change_request:\n');
    expect(valid(parseChange(fences)).form.title).toBe('Tilde fence, indented three spaces');
    const unclosed = readFileSync(new URL('markdown/invalid/unclosed-fence.md', FIXTURES), 'utf8');
    expect(unclosed.match(/```/g)).toHaveLength(1);
  });
});

function valid(result: ReturnType<typeof parseChange>) {
  if (result.status !== 'valid') throw new Error(`expected valid, got ${result.status}`);
  return result.change;
}
