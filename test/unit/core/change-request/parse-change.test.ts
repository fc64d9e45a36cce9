import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeParse } from '../../../../src/core/change-request/change.ts';
import { parseChange } from '../../../../src/core/change-request/parse-change.ts';

const fixture = (path: string) => readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8');
const SEED_FORM = fixture('change-requests/valid/seed-form.yml');

function valid(result: ChangeParse) {
  if (result.status !== 'valid') throw new Error(`expected valid, got ${JSON.stringify(result)}`);
  return result;
}

function invalid(result: ChangeParse) {
  if (result.status !== 'invalid') throw new Error(`expected invalid, got ${result.status}`);
  return result;
}

const block = (yaml: string) => `Intro text\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`;
const minimal = 'change_request:\n  title: Add dark mode\n  change_type: feature\n  priority: low';

describe('parseChange: the seed form', () => {
  it('reads the seed form inside a pull request body and normalises it', () => {
    const body = fixture('markdown/valid/seed-pr-body.md');
    const { change, warnings } = valid(parseChange(body));
    expect(change.type).toBe('security');
    expect(change.classification).toBe('normal');
    expect(change.priority).toBe('high');
    expect(change.urgency).toBe('high');
    expect(change.form.change_type).toBe('security_enhancement');
    expect(change.form.affected_systems).toEqual(['authentication-service', 'admin-ui']);
    expect(change.block.text).toBe(SEED_FORM.replace(/\n$/, ''));
    // The fence is on line 10 of the fixture, so the block's first line is 11.
    expect(body.split('\n')[change.block.startLine - 2]).toBe('```yaml');
    expect(change.block.startLine).toBe(11);
    expect(warnings).toEqual([]);
  });

  it('hashes the block text as sha256:<hex>, independent of CRLF line endings', () => {
    const lf = valid(parseChange(block(minimal))).change.block;
    const crlf = valid(parseChange(block(minimal).replace(/\n/g, '\r\n'))).change.block;
    expect(lf.hash).toBe(`sha256:${createHash('sha256').update(minimal).digest('hex')}`);
    expect(crlf.hash).toBe(lf.hash);
    expect(crlf.text).toBe(minimal);
  });

  it('gives a different hash when the priority is edited', () => {
    const before = valid(parseChange(block(minimal))).change.block.hash;
    const after = valid(parseChange(block(minimal.replace('low', 'high')))).change.block.hash;
    expect(after).not.toBe(before);
  });

  it('defaults classification to normal and urgency to medium', () => {
    const { change } = valid(parseChange(block(minimal)));
    expect(change.classification).toBe('normal');
    expect(change.urgency).toBe('medium');
  });

  it('accepts a bare YAML document as the body', () => {
    const { change } = valid(parseChange(SEED_FORM));
    expect(change.block.startLine).toBe(1);
    expect(change.type).toBe('security');
  });

  it('applies the suffix rule with the configured types, longest first', () => {
    const form = (type: string) => block(minimal.replace('feature', type));
    const types = ['security', 'security_ops', 'feature'];
    expect(valid(parseChange(form('security_ops_rotation'), { changeTypes: types })).change.type).toBe(
      'security_ops',
    );
    expect(valid(parseChange(form('security_enhancement'), { changeTypes: types })).change.type).toBe(
      'security',
    );
    expect(valid(parseChange(form('Feature'), { changeTypes: types })).change.type).toBe('feature');
    expect(valid(parseChange(form('securityfix'), { changeTypes: types })).change.type).toBe('securityfix');
    expect(valid(parseChange(form('marketing'), { changeTypes: types })).change.type).toBe('marketing');
  });

  it('keeps system-owned fields in the form but warns that a non-pending approval_status is ignored', () => {
    const yaml = `${minimal}\n  approval_status: approved\n  approval_required: false`;
    const { change, warnings } = valid(parseChange(block(yaml)));
    expect(change.form.approval_status).toBe('approved');
    expect(warnings.map((w) => [w.line, w.column, w.severity])).toEqual([
      [5, 20, 'warning'],
      [6, 22, 'warning'],
    ]);
    expect(warnings[0]!.message).toContain('approval_status: "approved" is ignored');
    expect(warnings[1]!.message).toContain('approval_required: false is ignored');
  });
});

describe('parseChange: finding the block', () => {
  it('is missing when the body has no change block', () => {
    expect(parseChange('Just a description.\n\n```yaml\nother: 1\n```\n').status).toBe('missing');
    expect(parseChange('').status).toBe('missing');
  });

  it('uses the first change block and ignores later ones', () => {
    const body = `${block(minimal)}\n${block(minimal.replace('Add dark mode', 'Second'))}`;
    expect(valid(parseChange(body)).change.form.title).toBe('Add dark mode');
  });
});

describe('parseChange: bad input gives located problems and never throws', () => {
  it('rejects a 10 MB body with a clear message', () => {
    const body = `${block(minimal)}${'x'.repeat(10 * 1024 * 1024)}`;
    const result = invalid(parseChange(body));
    expect(result.block).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: expect.stringContaining('body is 10,485,8') }),
    ]);
    expect(result.problems[0]!.message).toContain('at most 1,048,576');
  });

  it('rejects a change block over 64 KiB', () => {
    const yaml = `${minimal}\n  description: "${'d'.repeat(70_000)}"`;
    const result = invalid(parseChange(block(yaml)));
    expect(result.block?.startLine).toBe(4);
    expect(result.problems[0]).toMatchObject({ line: 1, column: 1 });
    expect(result.problems[0]!.message).toContain('at most 65,536');
  });

  it.each([null, undefined, 42, { body: 'x' }, ['change_request:']])(
    'rejects a body that is not text: %s',
    (body) => {
      expect(invalid(parseChange(body)).problems[0]!.message).toMatch(/^expected the body as text/);
    },
  );

  it('reports a tab used as indentation with its line', () => {
    const result = invalid(parseChange(block('change_request:\n\ttitle: x')));
    expect(result.problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(result.problems[0]!.message).toMatch(/^YAML syntax error: .*[Tt]ab/);
  });

  it('reads YAML 1.1 booleans as strings, so `yes` is a type error, not true', () => {
    const result = invalid(parseChange(block(`${minimal}\n  testing_required: yes`)));
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 5,
        column: 21,
        message: 'testing_required: expected true or false, got a string ("yes")',
      }),
    ]);
  });

  it('names the list index of a bad item', () => {
    const result = invalid(parseChange(block(`${minimal}\n  affected_systems:\n    - api\n    - 7`)));
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 7,
        column: 7,
        path: '/change_request/affected_systems/1',
        message: 'affected_systems[1]: expected a string, got a number (7)',
      }),
    ]);
  });

  it('rejects a title that is a mapping, pointing at the title key', () => {
    const result = invalid(
      parseChange(
        block('change_request:\n  title:\n    en: Dark mode\n  change_type: feature\n  priority: low'),
      ),
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 2, column: 3, message: 'title: expected a string, got a mapping' }),
    ]);
  });

  it('rejects __proto__ as an unknown key and pollutes nothing', () => {
    const result = invalid(parseChange(block(`${minimal}\n  __proto__:\n    polluted: true`)));
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 5,
        column: 3,
        message: expect.stringContaining('unknown key "__proto__"'),
      }),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a scheduled_time that is not a date-time', () => {
    const result = invalid(parseChange(block(`${minimal}\n  scheduled_time: next tuesday`)));
    expect(result.problems[0]!.message).toBe(
      'scheduled_time: "next tuesday" is not an RFC 3339 date-time like 2025-01-28T02:00:00Z',
    );
  });

  it('reports every problem of a form at once, in line order', () => {
    const yaml =
      'change_request:\n  title: ""\n  change_type: "a b"\n  priority: urgent\n  risk_level: extreme';
    const result = invalid(parseChange(block(yaml)));
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message.split(':')[0]}`)).toEqual([
      '2:10 title',
      '3:16 change_type',
      '4:13 priority',
      '5:15 risk_level',
    ]);
  });

  it('caps the number of problems a hostile block can produce', () => {
    const keys = Array.from({ length: 500 }, (_, index) => `  unknown_${index}: 1`).join('\n');
    const result = invalid(parseChange(block(`${minimal}\n${keys}`)));
    expect(result.problems).toHaveLength(51);
    expect(result.problems[50]!.message).toBe('450 more problems not shown; fix the ones above first');
  });

  it('reports a nesting bomb in words', () => {
    const result = invalid(parseChange(`change_request: ${'['.repeat(5000)}`));
    expect(result.problems[0]!.message).toContain('nests too deeply');
  });

  it('never throws and never approves arbitrary text in a change block', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        const result = parseChange(block(`change_request:\n${tail}`));
        expect(['invalid', 'valid', 'missing']).toContain(result.status);
        if (result.status === 'invalid') {
          for (const problem of result.problems) {
            expect(problem.line).toBeGreaterThanOrEqual(1);
            expect(problem.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bodies', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: 'binary' }), (body) => {
        expect(() => parseChange(body)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseChange: bodies read again', () => {
  it('gives the same frozen result for the same body and types, so no caller can change what another reads', () => {
    const body = block(`${minimal}\n  description: read twice`);
    const first = valid(parseChange(body));
    expect(parseChange(body)).toBe(first);
    expect(Object.isFrozen(first.change.form)).toBe(true);
    expect(Object.isFrozen(first.change.block)).toBe(true);
    expect(() => {
      (first.change.form as { priority: string }).priority = 'critical';
    }).toThrow(TypeError);
    expect(valid(parseChange(body)).change.priority).toBe('low');
    // The lazy hash is still computed on demand from the frozen block.
    expect(first.change.block.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads a body again under other change types (the suffix rule depends on them)', () => {
    const body = block(
      'change_request:\n  title: Patch the login page\n  change_type: security_patch\n  priority: low',
    );
    expect(valid(parseChange(body, { changeTypes: ['security'] })).change.type).toBe('security');
    expect(valid(parseChange(body, { changeTypes: ['feature'] })).change.type).toBe('security_patch');
  });

  it('keeps only the last 64 bodies: an older one is parsed anew, equal but not the same object', () => {
    const first = block(`${minimal}\n  description: body 0`);
    const kept = parseChange(first);
    for (let i = 1; i <= 64; i++) parseChange(block(`${minimal}\n  description: body ${i}`));
    const again = parseChange(first);
    expect(again).not.toBe(kept);
    expect(again).toEqual(kept);
  });
});
