/**
 * `npm run simulate -- <menu id> [--inputs 1,1,2] [--dial *384*1#] [--dir menus]`: a phone in the
 * terminal, running the engine in-process with an in-memory store (no Redis needed). Each screen
 * shows its CON/END kind and septet count. `--inputs` plays a script and exits (for docs and tests).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadMenuDir } from '../infra/menu-files.js';
import { formatProblem } from '../menu/problems.js';
import { MenuRegistry } from '../menu/registry.js';
import { SimulatedPhone, type Screen } from './simulated-phone.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run simulate -- <menu id> [--inputs 1,1,2] [--dial *384*1#] [--dir menus] [--phone 2547…]';
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { inputs: { type: 'string' }, dial: { type: 'string' }, dir: { type: 'string' }, phone: { type: 'string' } },
  });
  const config = loadConfig();
  const dir = values.dir ?? config.MENUS_DIR;
  const loaded = await loadMenuDir(dir);
  const id = positionals[0];
  const entry = loaded.accepted.find((m) => m.menu.id === id);
  if (!entry) {
    for (const p of loaded.problems.filter((p) => p.severity === 'error')) console.error(formatProblem(p));
    console.error(`${USAGE}\nmenus in ${dir}: ${loaded.accepted.map((m) => m.menu.id).join(', ') || 'none'}`);
    return 2;
  }
  const menus = new MenuRegistry();
  for (const m of loaded.accepted) menus.publish(m.menu);
  const pageSize = entry.menu.model.menu.pageSize;
  const code = values.dial ?? entry.menu.model.menu.serviceCodes[0] ?? '';
  const phone = new SimulatedPhone(menus, config, values.phone?.replace(/\D/g, ''));
  const show = (s: Screen) => console.log(`\n[${s.kind} ${s.septets}/${pageSize} septets]\n${s.text}`);

  console.log(`dial ${code}`);
  let screen = await phone.dial(code);
  show(screen);
  if (values.inputs !== undefined) {
    const inputs = values.inputs === '' ? [] : values.inputs.split(',');
    for (const [i, input] of inputs.entries()) {
      if (screen.kind === 'END') {
        console.error(`\nthe session ended with ${inputs.length - i} input(s) left: ${inputs.slice(i).join(',')}`);
        return 1;
      }
      console.log(`> ${input}`);
      screen = await phone.reply(code, input);
      show(screen);
    }
    return 0;
  }

  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ask = () => {
    rl.setPrompt(screen.kind === 'END' ? '\n(press Enter to dial again, Ctrl-D to quit) ' : '> ');
    rl.prompt();
  };
  console.log('(type an answer and press Enter; Ctrl-D quits)');
  ask();
  for await (const line of rl) {
    screen = screen.kind === 'END' ? await phone.dial(code) : await phone.reply(code, line.trim());
    show(screen);
    ask();
  }
  return 0;
}

runCli(main, USAGE);
