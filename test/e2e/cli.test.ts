import { execFile } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MENU_FILE_SUFFIX } from '../../src/menu/menu-set';
import { FIXTURE_MENUS_DIR } from '../support/fixture-menus';
import { fixture, tempMenusDir } from '../support/menus-dir';

// Each case spawns tsx, which takes seconds on a busy machine.
jest.setTimeout(30_000);

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs one of the authoring CLIs the way `npm run` does; resolves with its exit code and output. */
function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [join('src', 'cli', script), ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run menus:check', () => {
  const menus = tempMenusDir();
  afterAll(() => menus.remove());

  it('when the fixture menus are checked, then there is no problem and the exit code is 0', async () => {
    expect(await cli('menus-check.ts', [FIXTURE_MENUS_DIR])).toEqual({ code: 0, stdout: `${FIXTURE_MENUS_DIR}: 1 menu valid, no problems\n`, stderr: '' });
  });

  it('when the shipped menus are checked, then every file in menus/ is valid and the exit code is 0', async () => {
    const count = readdirSync('menus').filter((f) => f.endsWith(MENU_FILE_SUFFIX)).length;
    const valid = `${count} menu${count === 1 ? '' : 's'} valid`;
    expect(await cli('menus-check.ts', ['menus'])).toEqual({ code: 0, stdout: `menus: ${valid}, no problems\n`, stderr: '' });
  });

  it('when one file is named, then only its problems are printed, checked among the other files of its directory', async () => {
    menus.write('soko.menu.yaml', fixture('soko/v1.yaml'));
    menus.write('tuko.menu.yaml', fixture('soko/v1.yaml').replace('id: soko', 'id: tuko'));
    const refused = await cli('menus-check.ts', [menus.path('tuko.menu.yaml')]);
    expect(refused).toEqual({
      code: 1,
      stdout: `${menus.path('tuko.menu.yaml')}:3:16 service code *789# is already claimed by ${menus.path('soko.menu.yaml')}\n${menus.path('tuko.menu.yaml')}: refused; 1 error, 0 warnings\n`,
      stderr: '',
    });
    menus.write('tuko.menu.yaml', fixture('soko/v1.yaml').replace('id: soko', 'id: tuko').replace('"*789#"', '"*790#"'));
    expect(await cli('menus-check.ts', [menus.path('tuko.menu.yaml')])).toEqual({ code: 0, stdout: `${menus.path('tuko.menu.yaml')}: valid, no problems\n`, stderr: '' });
    expect(await cli('menus-check.ts', ['test/fixtures/soko/v1.yaml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'test/fixtures/soko/v1.yaml: not a menu file: the service reads only files named <id>.menu.yaml\n',
    });
    rmSync(menus.path('tuko.menu.yaml'));
  });

  it('when a file has a typo in a goto, then it prints file:line:column with the nearest id and exits 1', async () => {
    menus.write('soko.menu.yaml', fixture('soko/v2-typo.yaml'));
    const result = await cli('menus-check.ts', [menus.dir]);
    expect(result).toEqual({
      code: 1,
      stdout: `${menus.path('soko.menu.yaml')}:39:59 goto "crpo" is not a screen of this menu (did you mean "crop"?)\n${menus.dir}: 0 menus valid; 1 error, 0 warnings in 1 file\n`,
      stderr: '',
    });
  });
});

describe('npm run simulate', () => {
  it('when a script of inputs is given, then it prints every screen with its kind and septet count, without Redis', async () => {
    // Nothing listens on port 1: the simulator must not need Redis.
    const result = await cli('simulate.ts', ['eneza', '--inputs', '2', '--dir', FIXTURE_MENUS_DIR], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result).toEqual({
      code: 0,
      stdout: 'dial *384#\n\n[CON 60/160 septets]\nWelcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score\n> 2\n\n[END 26/160 septets]\nYour last score: none yet.\n',
      stderr: '',
    });
  });

  it('when a fetch screen is reached, then its source is called as under npm start (a sandbox for an unset shipped one), and a failed call says why on stderr', async () => {
    const dir = 'test/fixtures/simulator-sources';
    const env = { SOURCE_LEARNERS_URL: '', SOURCE_BANK_URL: '' };
    expect(await cli('simulate.ts', ['progress', '--inputs', '1', '--dir', dir], env)).toEqual({
      code: 0,
      stdout: 'dial *620#\n\n[CON 28/160 septets]\nProgress:\n1. Mine\n2. Balance\n> 1\n\n[END 22/160 septets]\nQuizzes: 5. Best: 0/3.\n',
      stderr: '',
    });
    const failed = await cli('simulate.ts', ['progress', '--inputs', '2', '--dir', dir], env);
    expect([failed.code, failed.stdout.split('\n').slice(-2), failed.stderr]).toEqual([
      0,
      ['Not available now.', ''],
      '(source call failed: the fetch goes to onError: source progress.bank: ${SOURCE_BANK_URL} is not set)\n',
    ]);
  });

  it('when the menu id names no menu, then it says which id it could not find, with the usage and the menus there, and exits 2', async () => {
    expect(await cli('simulate.ts', ['enzea', '--dir', FIXTURE_MENUS_DIR])).toEqual({
      code: 2,
      stdout: '',
      stderr: `no menu "enzea" in ${FIXTURE_MENUS_DIR}\nusage: npm run simulate -- <menu id> [--inputs 1,1,2] [--dial *384*1#] [--dir menus] [--phone 2547…]\nmenus in ${FIXTURE_MENUS_DIR}: eneza\n`,
    });
  });

  it('when the script goes on after the END, then it says so and exits 1', async () => {
    const result = await cli('simulate.ts', ['eneza', '--inputs', '2,1', '--dir', FIXTURE_MENUS_DIR]);
    expect([result.code, result.stderr]).toEqual([1, '\nthe session ended with 1 input(s) left: 1\n']);
  });
});

describe('npm run menus:graph', () => {
  it('when asked for a menu, then it prints its Mermaid flowchart; for an unknown id, usage and exit 2', async () => {
    const graph = await cli('menus-graph.ts', ['eneza', '--dir', FIXTURE_MENUS_DIR]);
    expect([graph.code, graph.stdout.split('\n').slice(0, 3)]).toEqual([0, ['flowchart TD', '  %% eneza: generated by npm run menus:graph -- eneza', '  dial0(("*384#")) --> s_main']]);
    const unknown = await cli('menus-graph.ts', ['nope', '--dir', FIXTURE_MENUS_DIR]);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      `no menu "nope" in ${FIXTURE_MENUS_DIR}\nusage: npm run menus:graph -- <menu id> [--dir menus]\nvalid menus in ${FIXTURE_MENUS_DIR}: eneza (npm run menus:check lists problems)\n`,
    ]);
  });
});

describe('the authoring CLIs, used wrongly', () => {
  it('when one is asked for --help, then it prints its usage and exits 0', async () => {
    expect(await cli('simulate.ts', ['--help'])).toEqual({ code: 0, stdout: expect.stringMatching(/^usage: npm run simulate -- <menu id> /), stderr: '' });
  });

  it('when one gets an option it does not know, then it names the option in one line with the usage, no stack trace, and exits 2', async () => {
    const result = await cli('simulate.ts', ['eneza', '--bogus', '1']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^Unknown option '--bogus'\.\nusage: npm run simulate -- /) });
    expect(result.stderr).not.toContain('    at ');
  });
});
