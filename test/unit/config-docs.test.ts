import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config';

/** The rows of the first table under `## Configuration` in a Markdown file: every variable a row's first cell names, with its default cell. */
function configurationTable(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const section = text.slice(text.indexOf('## Configuration'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = /^\| (.+?) \| (.+?) \| .+\|$/.exec(line);
    if (!cells?.[1] || cells[2] === undefined) continue;
    for (const [, name] of cells[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) if (name) rows.set(name, cells[2]);
  }
  return rows;
}

/** What a default cell says: the first value in backticks, or "unset". */
const documented = (cell: string) => /^`([^`]*)`/.exec(cell)?.[1] ?? (cell.startsWith('unset') ? 'unset' : cell);

describe('the configuration tables in the docs', () => {
  const defaults = loadConfig({}) as unknown as Record<string, string | number | boolean | undefined>;
  const inCode = (name: string) => (defaults[name] === undefined ? 'unset' : String(defaults[name]));

  it('when docs/service.md is read, then it lists every variable the service reads, each with the default the code applies', () => {
    const table = configurationTable('docs/service.md');
    expect(CONFIG_VARIABLES.filter((name) => !table.has(name))).toEqual([]);
    const differ = CONFIG_VARIABLES.filter((name) => table.has(name) && documented(table.get(name) ?? '') !== inCode(name));
    expect(differ.map((name) => `${name}: docs ${documented(table.get(name) ?? '')}, code ${inCode(name)}`)).toEqual([]);
  });

  it('when the README is read, then each variable it lists is one the service reads, with the default the code applies', () => {
    const table = configurationTable('README.md');
    const known = [...table.keys()].filter((name) => CONFIG_VARIABLES.includes(name));
    expect([...table.keys()].filter((name) => !known.includes(name))).toEqual([]);
    expect(known.filter((name) => documented(table.get(name) ?? '') !== inCode(name)).map((name) => `${name}: README ${table.get(name)}, code ${inCode(name)}`)).toEqual([]);
  });
});
