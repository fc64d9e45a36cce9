import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCompleteness } from '../../../src/core/change-request/check-completeness.ts';
import { parseChange } from '../../../src/core/change-request/parse-change.ts';
import { defaultPolicy } from '../../../src/core/policy/default-policy.ts';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface IssueForm {
  labels: string[];
  body: Array<{ type: string; attributes: { label?: string; render?: string; value?: string } }>;
}

/** What a new pull request or issue holds before the author fills anything in. */
function problemsOfTemplate(body: string): string[] {
  const result = parseChange(body);
  if (result.status !== 'invalid')
    throw new Error(`expected the empty template to be incomplete, got ${result.status}`);
  return result.problems.map((problem) => problem.message);
}

describe('.github/ISSUE_TEMPLATE/change-request.yml', () => {
  const form = parse(read('.github/ISSUE_TEMPLATE/change-request.yml')) as IssueForm;
  const textarea = form.body.find((field) => field.type === 'textarea')!;
  // GitHub renders a `render: yaml` textarea as a heading and a fenced yaml block.
  const issueBody = (value: string) => `### ${textarea.attributes.label}\n\n\`\`\`yaml\n${value}\n\`\`\`\n`;

  it('labels the issue with the default change label and renders the block as yaml', () => {
    expect(form.labels).toEqual([defaultPolicy().label]);
    expect(textarea.attributes.render).toBe('yaml');
  });

  it('holds a change block the app finds, asking only for a title until filled in', () => {
    expect(problemsOfTemplate(issueBody(textarea.attributes.value!))).toEqual(['title: must not be empty']);
    const filled = textarea.attributes.value!.replace('title: ""', 'title: "Resize the database"');
    const result = parseChange(issueBody(filled));
    if (result.status !== 'valid') throw new Error('filled template is not valid');
    const missing = checkCompleteness(defaultPolicy(), result.change).filter((item) => !item.ok);
    expect(missing.map((item) => item.criterion)).toEqual(['rollback_plan', 'test_plan', 'affected_systems']);
  });
});

describe('.github/pull_request_template.md', () => {
  const template = read('.github/pull_request_template.md');

  it('says that the change label makes the pull request a change request', () => {
    expect(template).toContain('Add the `change` label');
  });

  it('holds a change block the app finds, asking only for a title until filled in', () => {
    expect(problemsOfTemplate(template)).toEqual(['title: must not be empty']);
    const result = parseChange(template.replace('title: ""', 'title: "Add dark mode"'));
    expect(result.status).toBe('valid');
  });
});
