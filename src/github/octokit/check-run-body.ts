import type { CheckRunWrite } from '../ports/github-port.ts';

/** GitHub truncates check output at 65,535 characters per field; we cut first, with a visible marker. */
const OUTPUT_LIMIT = 65_000;
const cap = (text: string): string =>
  text.length <= OUTPUT_LIMIT ? text : `${text.slice(0, OUTPUT_LIMIT)}\n\n… (truncated)`;

export const checkRunBody = (run: CheckRunWrite) => ({
  name: run.name,
  external_id: run.externalId,
  status: run.status,
  ...(run.status === 'completed' && run.conclusion ? { conclusion: run.conclusion } : {}),
  output: { title: run.title.slice(0, 250), summary: cap(run.summary), text: cap(run.text) },
});
