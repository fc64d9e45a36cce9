import { LABEL_STYLES } from '../core/decision/change-status.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import type { LabelPort } from '../github/ports/label-port.ts';

/** GitHub's colour for a label added to an issue by a name the repository does not have yet. */
const IMPLICIT_GREY = 'ededed';

/** What styling a repository's status labels did. */
export interface StatusLabelsStyled {
  created: string[];
  restyled: string[];
}

/**
 * Gives the repository's status labels (`change:*`) their colour and description, once per repository rather
 * than per change: missing ones are created, ones GitHub created grey (a change labelled before this ran) are
 * restyled, and any a person coloured are left alone. One read, then one write per label to fix. The labels'
 * meaning never depends on it: the app reads status from history, never from labels or their colours.
 */
export const styleStatusLabels = async (options: {
  port: LabelPort;
  repo: RepoRef;
}): Promise<StatusLabelsStyled> => {
  const { port, repo } = options;
  const existing = new Map((await port.listLabels(repo)).map((label) => [label.name.toLowerCase(), label]));
  const styled: StatusLabelsStyled = { created: [], restyled: [] };
  for (const [name, style] of Object.entries(LABEL_STYLES)) {
    const label = existing.get(name.toLowerCase());
    if (label === undefined) {
      await port.createLabel(repo, { name, ...style });
      styled.created.push(name);
    } else if (label.color.toLowerCase() === IMPLICIT_GREY) {
      await port.updateLabel(repo, { name: label.name, ...style });
      styled.restyled.push(name);
    }
  }
  return styled;
};
