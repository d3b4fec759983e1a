import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compileMenu, type CompiledMenu } from '../menu/engine.js';
import { parseMenuSource } from '../menu/parse-menu.js';
import type { Problem } from '../menu/problems.js';

export const MENU_FILE_SUFFIX = '.menu.yaml';

export interface LoadedMenus {
  menus: CompiledMenu[];
  problems: Problem[];
}

/** A menu's version: the hash of its source, so the same file gives the same version on every replica. */
export function menuVersion(source: string): string {
  return createHash('sha256').update(source).digest('base64url').slice(0, 10);
}

/** Reads, validates and compiles every `*.menu.yaml` in `dir`. Invalid files are left out, with their problems. */
export async function loadMenuDir(dir: string): Promise<LoadedMenus> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(MENU_FILE_SUFFIX)).sort();
  const menus: CompiledMenu[] = [];
  const problems: Problem[] = [];
  const codes = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const source = await readFile(path, 'utf8');
    const display = relative(process.cwd(), path) || path;
    const parsed = parseMenuSource(source, display);
    problems.push(...parsed.problems);
    if (!parsed.menu) continue;
    const clash = parsed.menu.serviceCodes.find((c) => codes.has(c));
    if (clash) {
      problems.push({ file: display, line: 1, column: 1, severity: 'error', message: `service code ${clash} is already claimed by ${codes.get(clash)}` });
      continue;
    }
    if (menus.some((m) => m.id === parsed.menu?.id)) {
      problems.push({ file: display, line: 1, column: 1, severity: 'error', message: `menu id "${parsed.menu.id}" is used by another file` });
      continue;
    }
    for (const c of parsed.menu.serviceCodes) codes.set(c, display);
    menus.push(compileMenu(parsed.menu, menuVersion(source)));
  }
  return { menus, problems };
}
