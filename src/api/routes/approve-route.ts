import { voteOnChange } from '../../use-cases/vote-on-change.ts';
import type { ApiContext } from '../api-context.ts';
import type { Caller } from '../auth/caller.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { RouteRequest } from '../http/route-table.ts';
import { sendJson } from '../http/send.ts';
import { validateBody } from '../http/validate-api-body.ts';
import type { ApproveBody, ApproveResponse } from '../openapi/api-types.ts';
import {
  changeRefOf,
  expectChangeId,
  refusalProblem,
  repositoryOf,
  requireUser,
  visibleClients,
} from './route-helpers.ts';

/** POST …/change-requests/{change_id}/approve: the procedure's "Approve Change Request" (`approved: false` rejects). */
export const approveRoute =
  (api: ApiContext) =>
  async (request: RouteRequest & { caller: Caller }): Promise<void> => {
    const body = validateBody<ApproveBody>('Approve', await readJsonBody(request.request));
    const repo = repositoryOf(request.query, body);
    const changeId = request.params.change_id!;
    const ref = changeRefOf(changeId, repo);
    const caller = requireUser(request.caller, 'approving a change');
    const clients = await visibleClients(api, caller, repo);
    expectChangeId(changeId, await clients.port.readChange(ref), repo);
    const result = await voteOnChange({
      deps: api.deps,
      port: clients.port,
      log: api.log,
      ref,
      voter: caller.login,
      approved: body.approved,
      comments: body.comments ?? '',
      conditions: body.conditions ?? [],
    });
    if (!result.ok) throw refusalProblem(result);
    const status = result.status ?? 'invalid';
    const answer: ApproveResponse = {
      change_request_id: result.changeId,
      status,
      approved_by: caller.login,
      approved_at: result.at,
      next_step: status === 'approved' ? 'implementation' : status === 'rejected' ? 'revision' : 'approval',
      roles: result.roles,
      missing_roles: result.missingRoles,
      conditions: result.conditions,
    };
    sendJson(request.response, 200, answer);
  };
