import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { recordDeploymentEvent } from './record-deployment-event.ts';

/** Deployment statuses record implementing → completed / failed / rolled back in the changes' history. */
export const registerDeploymentStatusHandlers = (app: Probot, deps: AppDeps): void => {
  app.on('deployment_status.created', async (context) => {
    const { deployment, deployment_status: status } = context.payload;
    await recordDeploymentEvent({
      deps,
      context,
      deployment,
      status: {
        id: status.id,
        state: status.state,
        description: status.description ?? null,
        createdAt: status.created_at,
        logUrl: status.log_url ?? status.target_url ?? null,
      },
      actor: status.creator?.login ?? context.payload.sender.login,
    });
  });
};
