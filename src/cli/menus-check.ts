/**
 * `npm run menus:check [dir | file]`: the validation every load runs, for authors and CI.
 * Prints `menus/<file>:<line>:<column> <message>` per problem; exits 1 when any is an error.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { gatewayLimits } from '../infra/gateway-limits.js';
import { loadMenuDir } from '../infra/menu-files.js';
import { MENU_FILE_SUFFIX } from '../menu/menu-set.js';
import { formatProblem } from '../menu/problems.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run menus:check [dir | file]   (dir: MENUS_DIR, default menus; a file is checked among the others of its directory)';
async function main(): Promise<number> {
  const config = loadConfig();
  const target = process.argv[2] ?? config.MENUS_DIR;
  // One file is checked in its directory, as the service would load it (two files claiming a code), and only its problems shown.
  const file = (await stat(target).catch(() => undefined))?.isFile() ? target : undefined;
  const dir = file ? dirname(file) : target;
  if (file && !file.endsWith(MENU_FILE_SUFFIX)) {
    console.error(`${file}: not a menu file: the service reads only files named <id>${MENU_FILE_SUFFIX}`);
    return 1;
  }
  // Checked against the gateways as this environment configures them (GATEWAY_<NAME>_MAX_CHARS).
  const result = await loadMenuDir(dir, gatewayLimits(config)).catch((err: NodeJS.ErrnoException) => {
    console.error(`cannot read ${dir}: ${err.message}`);
    return undefined;
  });
  if (!result) return 2;
  const mine = (p: { file: string }) => !file || resolve(p.file) === resolve(file);
  const problems = result.problems.filter(mine);
  for (const p of problems) console.log(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = new Set(problems.map((p) => p.file)).size;
  const valid = result.accepted.filter(mine).length;
  console.log(
    `${target}: ${file ? (valid > 0 ? 'valid' : 'refused') : `${valid} menu${valid === 1 ? '' : 's'} valid`}` +
      (files > 0 ? `; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${file ? '' : ` in ${plural(files, 'file')}`}` : ', no problems'),
  );
  return errors > 0 ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

runCli(main, USAGE);
