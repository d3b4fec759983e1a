import { startLegacySandbox } from './legacy-sandbox.js';

/*
 * npm run sandbox:legacy [-- --port 4001]: the legacy sandbox on its own, for trying a migration
 * locally (README, "Migrating from an existing USSD app"). Ctrl-C stops it.
 */
async function main(): Promise<void> {
  const i = process.argv.indexOf('--port');
  const port = i === -1 ? 4001 : Number(process.argv[i + 1]);
  const sandbox = await startLegacySandbox({ port });
  process.stdout.write(`legacy USSD app (Africa's Talking) at ${sandbox.url}\nset LEGACY_AFRICASTALKING_URL=${sandbox.url}\n`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
