/**
 * `npm run simulate -- <menu id> [--inputs 1,1,2] [--dial *384*1#] [--dir menus]`: a phone in the
 * terminal, running the engine in-process with an in-memory store (no Redis needed). Each screen
 * shows its CON/END kind and septet count. `--inputs` plays a script and exits (for docs and tests).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../infra/logger.js';
import { loadMenuDir, menuSourceSettings } from '../infra/menu-files.js';
import { formatProblem } from '../menu/problems.js';
import { MenuRegistry } from '../menu/registry.js';
import { sourceSettings } from '../sandbox/local-sources.js';
import { Sources } from '../sources/sources.js';
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
    if (id !== undefined) console.error(`no menu "${id}" in ${dir}`);
    for (const p of loaded.problems.filter((p) => p.severity === 'error')) console.error(formatProblem(p));
    console.error(`${USAGE}\nmenus in ${dir}: ${loaded.accepted.map((m) => m.menu.id).join(', ') || 'none'}`);
    return 2;
  }
  const menus = new MenuRegistry();
  for (const m of loaded.accepted) menus.publish(m.menu);
  const pageSize = entry.menu.model.menu.pageSize;
  const code = values.dial ?? entry.menu.model.menu.serviceCodes[0] ?? '';
  const phone = new SimulatedPhone(menus, config, values.phone?.replace(/\D/g, ''), await sourcesFor(dir, config));
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

/**
 * The sources `fetch` screens call, as `npm start` has them: the SOURCE_* settings of this
 * environment, and a local sandbox for each unset one that has one. A call that fails is said in
 * one line on stderr (why the screen went to its `onError`), not hidden.
 */
async function sourcesFor(dir: string, config: Config): Promise<Sources> {
  const { settings } = await sourceSettings(config, await menuSourceSettings(dir), createLogger('silent'));
  const say = { write: (line: string) => void console.error(`(${noteOf(line)})`) };
  return new Sources({ settings, breaker: config, log: createLogger('warn', {}, say) });
}

function noteOf(line: string): string {
  const { msg, source, reason } = JSON.parse(line) as { msg: string; source?: string; reason?: string };
  return source && reason ? `${msg}: ${reason}` : msg;
}

runCli(main, USAGE);
