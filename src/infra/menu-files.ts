import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { GatewayLimits } from '../menu/lint-lengths.js';
import { calledSources, sourceSettings } from '../menu/lint-sources.js';
import { checkMenuSet, MENU_FILE_SUFFIX, type MenuSetCheck, type MenuSource } from '../menu/menu-set.js';
import { parseMenuSource } from '../menu/parse-menu.js';

/**
 * A menu's version: the hash of its source, so the same file gives the same version on every
 * replica. Six base64url characters (36 bits): every stored session carries it, so it is kept
 * short; two of a service's published versions colliding is a one-in-tens-of-millions event.
 */
export function menuVersion(source: string): string {
  return createHash('sha256').update(source).digest('base64url').slice(0, 6);
}

/** Every `*.menu.yaml` in `dir`, named relative to the working directory as problems print them. */
export async function readMenuDir(dir: string): Promise<MenuSource[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(MENU_FILE_SUFFIX)).sort();
  const sources: MenuSource[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const read = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => err);
    if (typeof read === 'string') sources.push({ file: displayPath(path), source: read, version: menuVersion(read) });
    // Removed between readdir and here; or a directory named like a menu file, which is not one.
    else if (read.code === 'ENOENT' || read.code === 'EISDIR') continue;
    // One file the service may not read is that file's problem: the directory and the other files are fine.
    // Its version (`!EACCES`) is no content hash (base64url has no `!`): the file is refused until it reads.
    else sources.push({ file: displayPath(path), source: '', version: `!${read.code ?? 'unreadable'}`, unreadable: `the file cannot be read: ${unreadableReason(read)}` });
  }
  return sources;
}

const READ_FAILURES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

function unreadableReason(err: NodeJS.ErrnoException): string {
  const words = READ_FAILURES[err.code ?? ''];
  return words ? `${words} (${err.code ?? ''})` : err.message;
}

/** Reads and validates every menu in `dir` (the same checks as `menus:check` and every reload); `gatewayLimits`: see `lintMenu`. */
export async function loadMenuDir(dir: string, gatewayLimits?: GatewayLimits): Promise<MenuSetCheck> {
  return checkMenuSet(await readMenuDir(dir), [], undefined, gatewayLimits);
}

/**
 * The SOURCE_* settings the valid menus in `dir` name (`${SOURCE_WALLET_URL}`): in production each
 * must be set before the service starts. With `calledOnly`, those of the sources `call` effects
 * use, which the workers need. An unreadable directory names none (the menu catalog fails the
 * start with its own message).
 */
export async function menuSourceSettings(dir: string, { calledOnly = false } = {}): Promise<string[]> {
  const sources = await readMenuDir(dir).catch(() => []);
  return sources.flatMap(({ source, file, unreadable }) => {
    if (unreadable !== undefined) return [];
    const { menu } = parseMenuSource(source, file);
    return menu ? sourceSettings(menu, calledOnly ? calledSources(menu) : undefined).map((s) => s.name) : [];
  });
}

/** `menus/eneza.menu.yaml` under the working directory; the absolute path elsewhere. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') ? resolve(path) : rel;
}
