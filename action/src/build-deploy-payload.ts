import { parseChange } from '../../src/core/change-request/parse-change.ts';
import type { DeployChange } from '../../src/core/deploy/deploy-input.ts';
import { type DeployPayload, MAX_PAYLOAD_CHANGES } from '../../src/core/deploy/deploy-payload.ts';
import type { Policy } from '../../src/core/policy/policy.ts';
import { testingRequired } from '../../src/core/testing/testing-required.ts';
import type { PullRequestOfCommit } from '../../src/github/ports/deploy-port.ts';

/** The deployment's payload: each change with its type and whether it requires testing, read from its block. */
export function buildDeployPayload(options: {
  changes: DeployChange[];
  pullRequests: PullRequestOfCommit[];
  policy: Policy;
}): DeployPayload {
  const bodies = new Map(options.pullRequests.map((pr) => [pr.number, pr.body]));
  return {
    change_gate: {
      v: 1,
      changes: options.changes.slice(0, MAX_PAYLOAD_CHANGES).map((change) => {
        const parsed = change.changeId
          ? parseChange(bodies.get(change.pr) ?? '', { changeTypes: options.policy.change_types })
          : null;
        const valid = parsed?.status === 'valid' ? parsed.change : null;
        return {
          pr: change.pr,
          change_id: change.changeId,
          head_sha: change.headSha,
          type: valid ? valid.type : null,
          testing_required: valid
            ? testingRequired(options.policy, valid).required
            : change.changeId
              ? null
              : false,
        };
      }),
    },
  };
}
