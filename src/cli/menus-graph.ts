/** `npm run menus:graph -- <menu id> [--dir menus]`: prints a Mermaid flowchart of the menu's screens. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadMenuDir } from '../infra/menu-files.js';
import { menuToMermaid } from '../menu/mermaid.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run menus:graph -- <menu id> [--dir menus]';
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' } } });
  const dir = values.dir ?? loadConfig().MENUS_DIR;
  const loaded = await loadMenuDir(dir);
  const entry = loaded.accepted.find((m) => m.menu.id === positionals[0]);
  if (!entry) {
    if (positionals[0] !== undefined) console.error(`no menu "${positionals[0]}" in ${dir}`);
    console.error(`${USAGE}\nvalid menus in ${dir}: ${loaded.accepted.map((m) => m.menu.id).join(', ') || 'none'} (npm run menus:check lists problems)`);
    return 2;
  }
  process.stdout.write(menuToMermaid(entry.menu.model.menu));
  return 0;
}

runCli(main, USAGE);
