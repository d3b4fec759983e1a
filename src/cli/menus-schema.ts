/** `npm run menus:schema`: writes menus/menu.schema.json from the zod schema (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { menuJsonSchemaText } from '../menu/json-schema.js';

const out = process.argv[2] ?? 'menus/menu.schema.json';
writeFileSync(out, menuJsonSchemaText());
console.log(`wrote ${out}`);
