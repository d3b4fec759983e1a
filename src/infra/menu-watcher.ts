import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from './logger.js';

export interface Watching {
  close(): void;
}

/**
 * Calls `onChange` once things settle after any change in `dir` (an editor's save is often a
 * rename plus a write; a Kubernetes ConfigMap update swaps a symlink). Uses inotify through
 * `fs.watch`; where that is unavailable it polls every `pollMs` instead.
 */
export function watchDir(dir: string, onChange: () => void, log: Logger, opts: { debounceMs?: number; pollMs?: number } = {}): Watching {
  const debounceMs = opts.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  let watcher: FSWatcher | undefined;
  let poll: NodeJS.Timeout | undefined;
  try {
    watcher = watch(dir, { persistent: false }, changed);
    watcher.on('error', (err) => {
      log.warn({ err: err.message, dir }, 'watching the menus directory failed: polling it instead');
      watcher?.close();
      poll = setInterval(onChange, opts.pollMs ?? 1000).unref();
    });
  } catch (err) {
    log.warn({ err: (err as Error).message, dir }, 'cannot watch the menus directory: polling it instead');
    poll = setInterval(onChange, opts.pollMs ?? 1000).unref();
  }
  return {
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
