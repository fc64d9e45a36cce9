#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import packageJson from '../../package.json' with { type: 'json' };
import { runCli } from './run-cli.ts';

process.exitCode = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  exists: (path) => existsSync(path),
  cwd: () => process.cwd(),
  version: packageJson.version,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
