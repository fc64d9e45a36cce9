import { runDeploy } from './run-deploy.ts';

// action/dist/deploy.js: a deploy job's gate and finish, for the steps action/src/index.ts hands over.
await runDeploy();
