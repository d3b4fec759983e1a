/**
 * Does a hop get dearer as a menu grows? The shipped quiz menu with N more question screens (a
 * third subject whose chain of N questions ends on the quiz's result), for several N: the time to
 * check and compile the file (what a start and then a hot reload do, on the event loop), and the time of a quiz hop on the
 * Math path in-process (`handleTurn` against the in-memory store, as `npm run simulate` runs it:
 * the menu's part of a hop, without HTTP or Redis). Each size runs in a process of its own.
 * Run: npx tsx bench/menu-size-cost.ts [--screens 0,100,400,1600]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { loadMenuDir } from '../src/infra/menu-files';
import { MenuRegistry } from '../src/menu/registry';
import { SimulatedPhone } from '../src/cli/simulated-phone';

const MATH_PATH = ['1', '1', '2', '1', '3'];

/** The quiz menu with a third subject leading through `extra` more question screens. */
function grownMenu(extra: number): string {
  const quiz = readFileSync('menus/eneza.menu.yaml', 'utf8');
  const subject = '        goto: science-1\n';
  if (!quiz.includes(subject)) throw new Error('menus/eneza.menu.yaml changed: update bench/menu-size-cost.ts');
  const history = `${subject}      - label: { en: History, sw: Historia }\n        set: { subject: History, score: 0 }\n        goto: ${extra > 0 ? 'history-1' : 'result'}\n`;
  const screens = Array.from({ length: extra }, (_, i) =>
    [`  history-${i + 1}:`, '    type: question', `    text: "H${i + 1}: Which year?"`, '    choices: ["1900", "1950", "2000"]', '    answer: 2', `    goto: ${i + 1 < extra ? `history-${i + 2}` : 'result'}`].join('\n'),
  );
  return `${quiz.replace(subject, history).trimEnd()}\n${screens.join('\n')}\n`;
}

async function measure(dir: string): Promise<string> {
  const timedLoad = async () => {
    const t0 = process.hrtime.bigint();
    const loaded = await loadMenuDir(dir);
    return { loaded, ms: (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0).padStart(5) };
  };
  // The first load is a start's (code not yet optimised); the second is like a hot reload's.
  const first = await timedLoad();
  const { loaded, ms: reloadMs } = await timedLoad();
  const menu = loaded.accepted[0]?.menu;
  if (!menu) throw new Error(`${dir}: the grown menu was refused`);
  const menus = new MenuRegistry();
  menus.publish(menu);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const phones = Array.from({ length: 50 }, (_, i) => new SimulatedPhone(menus, config, `2547110${String(i).padStart(5, '0')}`));
  const play = async (sessions: number) => {
    for (let s = 0; s < sessions; s++) {
      const phone = phones[s % phones.length] as SimulatedPhone;
      await phone.dial('*384#');
      for (const input of MATH_PATH) await phone.reply('*384#', input);
    }
  };
  await play(20_000);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t = process.hrtime.bigint();
    await play(10_000);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 10_000 / (MATH_PATH.length + 1) / 1000);
  }
  return `${String(menu.model.screens.size).padStart(5)} screens: check and compile ${first.ms} ms at start, ${reloadMs} ms again, quiz hop ${best.toFixed(1)} µs (best of 5 × 10,000 sessions)`;
}

async function main(): Promise<void> {
  const [flag, value] = process.argv.slice(2);
  if (flag === '--child') return console.log(await measure(value as string));
  const sizes = (flag === '--screens' ? (value as string) : '0,100,400,1600').split(',').map(Number);
  for (const extra of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'menu-size-'));
    try {
      writeFileSync(join(dir, 'eneza.menu.yaml'), grownMenu(extra));
      process.stdout.write(execFileSync(process.execPath, [...process.execArgv, __filename, '--child', dir], { encoding: 'utf8' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
