import type { DoctorItem, DoctorItemId } from '../core/doctor/judge-enforcement.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import type { RepositorySettingsPort } from '../github/ports/repository-settings-port.ts';
import { diagnoseRepository } from '../use-cases/diagnose-repository.ts';
import type { OutputFormat } from './cli-args.ts';

export const DOCTOR_EXIT = { ready: 0, missing: 1, usage: 2 } as const;

const TITLES: Record<DoctorItemId, string> = {
  config: 'config valid on the default branch',
  'required-check': 'the Change Gate check required on the default branch, pinned to the app',
  'config-protected': 'the config protected (CODEOWNERS or a ruleset)',
  'deploy-gate': 'production deploys gated (protection rule or the action)',
  'app-permissions': 'the app installed with the permissions it needs',
};

export interface DoctorOptions {
  repo: { owner: string; repo: string };
  format: OutputFormat;
  app: { slug: string; id: number | null };
  port: RepositorySettingsPort;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * `change-gate doctor`: one line per item (✓ in place, ✗ missing with what to do, ? could not be checked)
 * or JSON; exit 1 when something is missing, 2 when the repository cannot be read.
 */
export async function runDoctor(options: DoctorOptions): Promise<number> {
  const repository = `${options.repo.owner}/${options.repo.repo}`;
  let diagnosis: Awaited<ReturnType<typeof diagnoseRepository>>;
  try {
    diagnosis = await diagnoseRepository({ port: options.port, repository, app: options.app });
  } catch (error) {
    options.stderr(`change-gate doctor: cannot read ${repository}: ${errorMessage(error)}\n`);
    return DOCTOR_EXIT.usage;
  }
  const missing = diagnosis.items.filter((item) => item.ok === false).length;
  const unchecked = diagnosis.items.filter((item) => item.ok === null).length;
  if (options.format === 'json') {
    const items = diagnosis.items.map((item) => ({ ...item, title: TITLES[item.id] }));
    options.stdout(
      `${JSON.stringify({ repository, defaultBranch: diagnosis.defaultBranch, items, summary: { ok: diagnosis.items.length - missing - unchecked, missing, unchecked } }, null, 2)}\n`,
    );
  } else {
    options.stdout(formatDoctorText(repository, diagnosis.items));
  }
  return missing > 0 ? DOCTOR_EXIT.missing : DOCTOR_EXIT.ready;
}

function formatDoctorText(repository: string, items: DoctorItem[]): string {
  const lines = [`Change Gate doctor: ${repository}`];
  for (const item of items) {
    const mark = item.ok === true ? '✓' : item.ok === false ? '✗' : '?';
    lines.push(`${mark} ${TITLES[item.id]}: ${item.detail}`);
    if (item.ok !== true && item.fix) lines.push(`    to do: ${item.fix}`);
  }
  const missing = items.filter((item) => item.ok === false).length;
  const unchecked = items.filter((item) => item.ok === null).length;
  lines.push(
    missing === 0
      ? `Nothing missing${unchecked > 0 ? ` (${unchecked} could not be checked with this token)` : ''}.`
      : `${missing} missing${unchecked > 0 ? `, ${unchecked} could not be checked` : ''}: the procedure is not enforced until each ✗ is done.`,
  );
  return `${lines.join('\n')}\n`;
}
