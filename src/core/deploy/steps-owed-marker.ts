import type { OwedStep } from '../steps/steps-owed.ts';

/**
 * The implementation steps a change still owes before a production deploy, written where only our app
 * writes: the summary of our check run on the change's head, one marker per pull request it covers. The
 * names travel base64url-encoded JSON, so no step name can end the comment. User text in a summary is
 * escaped (`<` becomes `&lt;`), so no change block can forge one, and the gate never reads another app's
 * run, a body or a comment.
 */
const PREFIX = '<!-- change-gate:steps-owed';
const ANY = /<!-- change-gate:steps-owed #(\d{1,9})\b[^\n]*/g;
const STRICT = /^<!-- change-gate:steps-owed #\d{1,9} ([A-Za-z0-9_-]{1,20000}) -->$/;
const MAX_STEPS = 100;

export const stepsOwedMarker = (pr: number, steps: readonly OwedStep[]): string =>
  `${PREFIX} #${pr} ${Buffer.from(JSON.stringify(steps.map(({ id, name }) => ({ id, name }))), 'utf8').toString('base64url')} -->`;

export type StepsOwedRead = { ok: true; steps: OwedStep[] } | { ok: false; error: string };

/**
 * What a run of ours says pull request #`pr` owes: no marker for it = nothing owed (a run written before
 * steps existed, or nothing required). A marker for it that cannot be read fails closed.
 */
export const readStepsOwed = (summary: string | null, pr: number): StepsOwedRead => {
  const steps: OwedStep[] = [];
  for (const match of (summary ?? '').matchAll(ANY)) {
    if (Number(match[1]) !== pr) continue;
    const payload = STRICT.exec(match[0])?.[1];
    const parsed = payload === undefined ? null : parseSteps(payload);
    if (parsed === null)
      return { ok: false, error: 'its record of the implementation steps owed cannot be read' };
    steps.push(...parsed);
  }
  return { ok: true, steps };
};

const parseSteps = (payload: string): OwedStep[] | null => {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length > MAX_STEPS) return null;
  const steps: OwedStep[] = [];
  for (const item of value) {
    const { id, name } = (item ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string' || id === '' || name.length > 500) return null;
    steps.push({ id: id.slice(0, 100), name });
  }
  return steps;
};
