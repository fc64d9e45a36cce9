import { errorMessage } from '../github/ports/error-message.ts';
import type { LabelPort } from '../github/ports/label-port.ts';
import { styleStatusLabels } from '../use-cases/style-status-labels.ts';

export const LABELS_EXIT = { done: 0, usage: 2 } as const;

/** `change-gate labels`: the repository's status labels given their colours; what it did, on one line. */
export async function runLabels(options: {
  repo: { owner: string; repo: string };
  port: LabelPort;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}): Promise<number> {
  const repository = `${options.repo.owner}/${options.repo.repo}`;
  try {
    const styled = await styleStatusLabels({ port: options.port, repo: options.repo });
    const done = [
      ...styled.created.map((name) => `${name} created`),
      ...styled.restyled.map((name) => `${name} coloured`),
    ];
    options.stdout(
      `${repository}: ${done.length === 0 ? 'every status label already has its colour' : done.join(', ')}\n`,
    );
    return LABELS_EXIT.done;
  } catch (error) {
    options.stderr(`change-gate labels: cannot style the labels of ${repository}: ${errorMessage(error)}\n`);
    return LABELS_EXIT.usage;
  }
}
