import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { menuJsonSchema, menuJsonSchemaText } from '../../src/menu/json-schema';

const MENUS = 'menus';
const shipped = readdirSync(MENUS).filter((f) => f.endsWith('.menu.yaml'));

describe('menus/menu.schema.json', () => {
  it('when the zod schema changes, then the committed JSON Schema must be regenerated (npm run menus:schema)', () => {
    expect(readFileSync(join(MENUS, 'menu.schema.json'), 'utf8')).toBe(menuJsonSchemaText());
  });

  const validate = new Ajv({ strict: false, allErrors: true }).compile(menuJsonSchema());

  // The `# yaml-language-server: $schema=…` line is an editor's convenience, not part of the format:
  // a file written from docs/menu-format.md without it must pass too.
  it.each(shipped)('when an editor checks %s against it, then the file is valid, and a schema line it has points at this schema', (file) => {
    const source = readFileSync(join(MENUS, file), 'utf8');
    const named = /^# yaml-language-server: \$schema=(\S+)$/m.exec(source)?.[1];
    expect(named ?? './menu.schema.json').toBe('./menu.schema.json');
    expect(validate(parse(source))).toBe(true);
  });

  it('when a screen has a misspelt field, then the editor schema rejects it too', () => {
    const menu = { id: 'x', serviceCodes: ['*1#'], start: 'a', screens: { a: { type: 'end', txt: 'Bye' } } };
    expect(validate(menu)).toBe(false);
  });
});
