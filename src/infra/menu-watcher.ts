import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import type { Logger } from './logger.js';

export interface Watching {
  close(): void;
}

/**
 * Calls `onChange` once things settle after any change in `dir` (an editor's save is often a
 * rename plus a write; a Kubernetes ConfigMap update swaps a symlink). Uses inotify through
 * `fs.watch`; where that is unavailable it polls every `pollMs` instead.
 *
 * A watch follows the directory it was opened on: one removed and made again under the same name
 * (`rm -rf menus && cp -r … menus`), or reached through a symlink a deploy swaps (`current/menus`),
 * is a new directory the old watch never hears from. The watch's last event names the directory
 * itself (so a new directory that got the inode just freed is caught too), and every `pollMs` the
 * directory's device and inode are compared with the watched one's. A new one is watched afresh and
 * read at once. (Not its creation time: where statx is unavailable Node reports the change time
 * there, which moves with every file saved.)
 */
export function watchDir(dir: string, onChange: () => void, log: Logger, opts: { debounceMs?: number; pollMs?: number } = {}): Watching {
  const debounceMs = opts.debounceMs ?? 150;
  const pollMs = opts.pollMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  let watcher: FSWatcher | undefined;
  let poll: NodeJS.Timeout | undefined;
  let watched = identityOf(dir);
  const event = (_type: string, name: string | Buffer | null) => {
    if (name === basename(dir)) watched = undefined;
    changed();
  };
  const polling = () => {
    watcher?.close();
    watcher = undefined;
    poll ??= setInterval(onChange, pollMs).unref();
  };
  const open = () => {
    try {
      watcher = watch(dir, { persistent: false }, event);
      watcher.on('error', (err) => {
        log.warn({ err: err.message, dir }, 'watching the menus directory failed: polling it instead');
        polling();
      });
    } catch (err) {
      log.warn({ err: (err as Error).message, dir }, 'cannot watch the menus directory: polling it instead');
      polling();
    }
  };
  open();
  const replaced = setInterval(() => {
    const now = identityOf(dir);
    if (now === watched) return;
    watched = now;
    if (now === undefined || poll) return;
    log.info({ dir }, 'MENUS_DIR is a new directory (made again, or a symlink on its path swapped): watching it');
    watcher?.close();
    open();
    changed();
  }, pollMs).unref();
  return {
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      clearInterval(replaced);
      watcher?.close();
    },
  };
}

/** Which directory `dir` is now (device and inode), or undefined while there is none. */
function identityOf(dir: string): string | undefined {
  try {
    const s = statSync(dir);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}
