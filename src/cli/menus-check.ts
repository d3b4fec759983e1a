/**
 * `npm run menus:check [dir]`: the validation every load runs, for authors and CI.
 * Prints `menus/<file>:<line>:<column> <message>` per problem; exits 1 when any is an error.
 */
import { loadConfig } from '../config.js';
import { gatewayLimits } from '../infra/gateway-limits.js';
import { loadMenuDir } from '../infra/menu-files.js';
import { formatProblem } from '../menu/problems.js';
import { runCli } from './run-cli.js';

const USAGE = 'usage: npm run menus:check [dir]   (dir: MENUS_DIR, default menus)';
async function main(): Promise<number> {
  const config = loadConfig();
  const dir = process.argv[2] ?? config.MENUS_DIR;
  // Checked against the gateways as this environment configures them (GATEWAY_<NAME>_MAX_CHARS).
  const result = await loadMenuDir(dir, gatewayLimits(config)).catch((err: NodeJS.ErrnoException) => {
    console.error(`cannot read ${dir}: ${err.message}`);
    return undefined;
  });
  if (!result) return 2;
  for (const p of result.problems) console.log(formatProblem(p));
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const files = new Set(result.problems.map((p) => p.file)).size;
  console.log(
    `${dir}: ${result.accepted.length} menu${result.accepted.length === 1 ? '' : 's'} valid` +
      (files > 0 ? `; ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}` : ', no problems'),
  );
  return errors > 0 ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

runCli(main, USAGE);
