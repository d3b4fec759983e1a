/** `npm run menus:kustomization [dir]`: writes <dir>/kustomization.yaml listing every menu file there. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { menuFilesIn, menusKustomization } from './kustomization-text.js';

const dir = process.argv[2] ?? 'menus';
const files = menuFilesIn(dir);
writeFileSync(join(dir, 'kustomization.yaml'), menusKustomization(files));
console.log(`wrote ${join(dir, 'kustomization.yaml')} (${files.length} menu file${files.length === 1 ? '' : 's'})`);
