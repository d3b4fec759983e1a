import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway MENUS_DIR; `write` replaces a file the way an editor saves it. */
export function tempMenusDir() {
  const dir = mkdtempSync(join(tmpdir(), 'menus-'));
  return {
    dir,
    path: (file: string) => join(dir, file),
    write: (file: string, source: string) => writeFileSync(join(dir, file), source),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function fixture(path: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', path), 'utf8');
}
