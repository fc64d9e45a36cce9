import { run } from './run.ts';

// action/dist/commands.js: every command, for the steps action/src/index.ts hands over (sweep, report, validate).
await run();
