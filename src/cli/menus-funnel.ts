/** `npm run menus:funnel -- <menu id> [--metrics URL]…`: where callers of a menu drop off, as a table. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { funnelOf, renderFunnel } from './funnel-table.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run menus:funnel -- <menu id> [--metrics http://host:port/metrics]… (one per replica; they add up)';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { metrics: { type: 'string', multiple: true } } });
  const menu = positionals[0];
  if (!menu) {
    console.error(USAGE);
    return 2;
  }
  const urls = values.metrics ?? [`http://127.0.0.1:${loadConfig().PORT}/metrics`];
  const texts: string[] = [];
  for (const url of urls) {
    const res = await fetch(url).catch((err: Error) => err);
    if (res instanceof Error || !res.ok) {
      console.error(`could not read ${url}: ${res instanceof Error ? ((res.cause as Error | undefined)?.message ?? res.message) : `HTTP ${res.status}`}`);
      return 1;
    }
    texts.push(await res.text());
  }
  const rows = funnelOf(menu, texts);
  if (rows.length === 0) {
    console.error(`no funnel for menu "${menu}" at ${urls.join(', ')}: no caller has reached it since the service started, or no such menu`);
    return 1;
  }
  process.stdout.write(`${menu}: where callers drop off (${urls.join(', ')})\n${renderFunnel(rows)}`);
  return 0;
}

runCli(main, USAGE);
