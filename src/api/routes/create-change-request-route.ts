import { createChangeRequest } from '../../use-cases/create-change-request.ts';
import type { ApiContext } from '../api-context.ts';
import type { Caller } from '../auth/caller.ts';
import { readJsonBody } from '../http/read-json-body.ts';
import type { RouteRequest } from '../http/route-table.ts';
import { sendJson } from '../http/send.ts';
import { validateBody } from '../http/validate-api-body.ts';
import type { CreateChangeRequestBody, CreateChangeRequestResponse } from '../openapi/api-types.ts';
import { refusalProblem, repositoryOf, requireUser, visibleClients } from './route-helpers.ts';

/** Fields of the body that are about where the form goes, not the form itself. */
const NOT_FORM = new Set(['repository', 'pull_request', 'environment']);

/** POST …/change-requests: the procedure's "Create Change Request". */
export const createChangeRequestRoute =
  (api: ApiContext) =>
  async (request: RouteRequest & { caller: Caller }): Promise<void> => {
    const body = validateBody<CreateChangeRequestBody>(
      'CreateChangeRequest',
      await readJsonBody(request.request),
    );
    const repo = repositoryOf(request.query, body);
    const caller = requireUser(request.caller, 'filing a change');
    const clients = await visibleClients(api, caller, repo);
    const form = Object.fromEntries(Object.entries(body).filter(([key]) => !NOT_FORM.has(key)));
    const result = await createChangeRequest({
      deps: api.deps,
      ...clients,
      log: api.log,
      repo,
      requester: caller.login,
      title: body.title,
      description: body.description ?? '',
      form,
      ...(body.pull_request === undefined ? {} : { pullRequest: body.pull_request }),
      ...(body.environment === undefined ? {} : { environment: body.environment }),
    });
    if (!result.ok) throw refusalProblem(result);
    const { decision, ref } = result;
    const roles = decision.approval?.roles.map((role) => role.role) ?? decision.level?.approvers ?? [];
    const problems =
      decision.status === 'invalid' ? (decision.headline ? [decision.headline] : []) : undefined;
    const answer: CreateChangeRequestResponse = {
      change_request_id: decision.changeId ?? '',
      status: decision.status ?? 'invalid',
      approvers: roles,
      estimated_approval_time: decision.level?.approval_timeout ?? null,
      repository: `${ref.owner}/${ref.repo}`,
      number: ref.number,
      url: result.url,
      requester: caller.login,
      approval_deadline: decision.deadline,
      ...(problems ? { problems } : {}),
    };
    sendJson(request.response, 201, answer, {
      location: `/api/v1/change-management/change-requests/${answer.change_request_id}?repository=${ref.owner}/${ref.repo}`,
    });
  };
