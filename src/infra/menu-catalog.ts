import { ConfigError } from '../config.js';
import { compileMenu, type CompiledMenu } from '../menu/engine.js';
import type { GatewayLimits } from '../menu/lint-lengths.js';
import { checkMenuSet, type AcceptedMenu } from '../menu/menu-set.js';
import { parseMenuSource } from '../menu/parse-menu.js';
import { formatProblem, type Problem } from '../menu/problems.js';
import type { MenuRegistry } from '../menu/registry.js';
import type { Logger } from './logger.js';
import { menuVersion, readMenuDir } from './menu-files.js';
import type { MenuSourceStore } from './menu-source-store.js';
import { watchDir, type Watching } from './menu-watcher.js';

/** What `GET /admin/menus` shows of one menu file. */
export interface MenuStatus {
  id: string;
  file: string;
  version: string;
  serviceCodes: string[];
  languages: string[];
  loadedAt: string;
  /** Versions this process has served before the current one, each once, newest first (sessions pinned to them carry on). */
  previousVersions: string[];
}

/** Why MENUS_DIR cannot be read, in words an operator acts on. */
const UNREADABLE: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
};

/**
 * The menus of `MENUS_DIR` as this process serves them: loads, validates, publishes to the
 * registry, keeps each version's source in Redis, reloads on change, and compiles a version
 * another replica published when a session pinned to it arrives here.
 */
export class MenuCatalog {
  private accepted: AcceptedMenu[] = [];
  /** Each file's problems as it reads now. */
  private problems = new Map<string, Problem[]>();
  /** The problems (warnings) each serving file was accepted with: a file reverted to that content has them again. */
  private acceptedWith = new Map<string, Problem[]>();
  /** The content of every file as last read, valid or not. */
  private seen = new Map<string, string>();
  private readonly loadedAt = new Map<string, Date>();
  private readonly history = new Map<string, string[]>();
  private readonly fetching = new Map<string, Promise<CompiledMenu | undefined>>();
  /** Files refused when the process started and not accepted since: `/readyz` waits for them. */
  private refusedAtStart = new Set<string>();
  private running: Promise<void> | undefined;
  private pending = false;
  private watching: Watching | undefined;
  private refresher: NodeJS.Timeout | undefined;
  private retirer: NodeJS.Timeout | undefined;
  private stopStoringOnReconnect: (() => void) | undefined;

  constructor(
    private readonly dir: string,
    private readonly registry: MenuRegistry,
    private readonly sources: MenuSourceStore,
    private readonly log: Logger,
    /** The SOURCE_* settings this service has: a menu naming another is refused, naming it. */
    private readonly settings: ReadonlySet<string> = new Set(),
    /** Each gateway's reply limit: every page must fit the smallest of those a menu is served through. */
    private readonly gatewayLimits?: GatewayLimits,
    /** The gateways with a legacy app (LEGACY_<GATEWAY>_URL): a `handoff` reachable through another is a warning. */
    private readonly legacy: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * Loads the directory now (an unreadable directory fails the start) and, with `watch`, again
   * whenever it changes. Versions no longer current are forgotten once no hop has asked for them
   * in `retireAfterMs` (`MenuRegistry.dropIdle`).
   */
  async start(opts: { watch: boolean; retireAfterMs: number }): Promise<void> {
    await this.reloadOnce().catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError([`MENUS_DIR=${this.dir}: ${UNREADABLE[err.code ?? ''] ?? err.message}`]);
    });
    // Every file read and not served: each was refused with its problems logged.
    this.refusedAtStart = new Set([...this.seen.keys()].filter((file) => !this.serves(file)));
    if (opts.watch) this.watching = watchDir(this.dir, () => void this.reload(), this.log);
    this.refresher = setInterval(() => void this.storeSources(), 3_600_000).unref();
    this.stopStoringOnReconnect = this.sources.onReconnect(() => void this.storeSources());
    this.retirer = setInterval(() => this.registry.dropIdle(opts.retireAfterMs), Math.min(opts.retireAfterMs, 60_000)).unref();
  }

  /** Re-reads the directory; reloads asked for while one runs are folded into one more run. */
  reload(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = this.reloadOnce()
      .catch((err: unknown) => this.log.error({ err }, 'reloading menus failed; the menus in service are unchanged'))
      .finally(() => {
        this.running = undefined;
        if (this.pending) {
          this.pending = false;
          void this.reload();
        }
      });
    return this.running;
  }

  private async reloadOnce(): Promise<void> {
    const sources = await readMenuDir(this.dir);
    const result = checkMenuSet(sources, this.accepted, this.settings, this.gatewayLimits, this.legacy);
    const serving = new Map(this.accepted.map((a) => [a.file, a.version]));
    const found = new Map<string, Problem[]>();
    for (const p of result.problems) found.set(p.file, [...(found.get(p.file) ?? []), p]);
    for (const m of result.changed) this.acceptedWith.set(m.file, found.get(m.file) ?? []);
    // A file whose content is the serving version is not checked again: it has the problems it was
    // accepted with, not those of a refused edit in between (the author reverted it).
    const back = (file: string, version: string) => serving.get(file) === version;
    this.problems = new Map(sources.map(({ file, version }) => [file, back(file, version) ? (this.acceptedWith.get(file) ?? []) : (found.get(file) ?? [])]));
    for (const { file, version } of sources) {
      if (this.seen.get(file) === version) continue;
      const problems = this.problems.get(file) ?? [];
      for (const p of problems) (p.severity === 'error' ? this.log.error : this.log.warn).call(this.log, { menuProblem: true, file }, formatProblem(p));
      if (problems.some((p) => p.severity === 'error')) {
        this.log.error({ file }, serving.has(file) ? 'menu file refused: the last valid version keeps serving' : 'menu file refused: not served until it is fixed');
      } else if (back(file, version) && this.seen.has(file)) this.log.info({ file, version }, 'menu file back to the version in service: accepted, its earlier problems cleared');
    }
    this.seen = new Map(sources.map((s) => [s.file, s.version]));
    for (const m of result.changed) await this.publish(m);
    for (const m of result.removed) {
      if (result.accepted.some((a) => a.menu.id === m.menu.id)) continue;
      this.registry.withdraw(m.menu.id);
      this.log.warn({ menu: m.menu.id, file: m.file }, 'menu file removed: no new sessions for its service codes');
    }
    this.accepted = result.accepted;
    for (const file of this.acceptedWith.keys()) if (!this.serves(file)) this.acceptedWith.delete(file);
    for (const version of this.loadedAt.keys()) if (!this.accepted.some((a) => a.version === version)) this.loadedAt.delete(version);
    for (const file of this.refusedAtStart) if (!this.seen.has(file) || this.serves(file)) this.refusedAtStart.delete(file);
  }

  /** Whether `file` has a version in service (this content, or the last valid one before a refused edit). */
  private serves(file: string): boolean {
    return this.accepted.some((a) => a.file === file);
  }

  private async publish(m: AcceptedMenu): Promise<void> {
    const before = this.registry.byId(m.menu.id);
    // Stored before it goes live, so a session started on it can continue on any replica.
    await this.sources.save(m.version, m.source).catch((err: Error) =>
      this.log.warn({ err: err.message, menu: m.menu.id, version: m.version }, 'could not store the menu source in Redis: until it is stored (when the connection comes back), another replica cannot continue a session started on this version'),
    );
    this.registry.publish(m.menu);
    this.loadedAt.set(m.version, new Date());
    // Each earlier version once, newest first: a file reverted to an earlier version makes it current, not previous.
    if (before && before.version !== m.version) {
      const earlier = (this.history.get(m.menu.id) ?? []).filter((v) => v !== before.version && v !== m.version);
      this.history.set(m.menu.id, [before.version, ...earlier].slice(0, 20));
    }
    this.log.info({ menu: m.menu.id, version: m.version, previous: before?.version, serviceCodes: m.menu.model.menu.serviceCodes }, before ? 'menu updated' : 'menu loaded');
  }

  /**
   * The menu version a stored session names. Off the common path: only a version this process
   * does not hold (published by another replica, or before a restart) costs a Redis read and a compile.
   */
  byVersion(version: string): Promise<CompiledMenu | undefined> {
    const held = this.registry.byVersion(version);
    if (held) return Promise.resolve(held);
    let fetching = this.fetching.get(version);
    if (!fetching) {
      fetching = this.fetch(version).finally(() => this.fetching.delete(version));
      this.fetching.set(version, fetching);
    }
    return fetching;
  }

  private async fetch(version: string): Promise<CompiledMenu | undefined> {
    const source = await this.sources.load(version);
    if (source === undefined || menuVersion(source) !== version) return undefined;
    const parsed = parseMenuSource(source, `version ${version}`, this.settings, this.gatewayLimits, this.legacy);
    if (!parsed.menu) {
      this.log.error({ version, problems: parsed.problems.map(formatProblem) }, 'a stored menu version does not validate here');
      return undefined;
    }
    const menu = compileMenu(parsed.menu, version);
    this.registry.remember(menu);
    this.log.info({ menu: menu.id, version }, 'compiled a pinned menu version from Redis');
    return menu;
  }

  /** Menu files refused at start-up and neither fixed nor removed since: the replica is not ready to take a share of the traffic. */
  unservedFiles(): string[] {
    return [...this.refusedAtStart];
  }

  status(): { menus: MenuStatus[]; problems: Problem[] } {
    const menus = this.accepted.map((a) => ({
      id: a.menu.id,
      file: a.file,
      version: a.version,
      serviceCodes: [...a.menu.model.menu.serviceCodes],
      languages: [...a.menu.model.menu.languages],
      loadedAt: (this.loadedAt.get(a.version) ?? new Date(0)).toISOString(),
      previousVersions: this.history.get(a.menu.id) ?? [],
    }));
    return { menus, problems: [...this.problems.values()].flat() };
  }

  /** Stores the source of every version in service again, so another replica can continue a session started on it. */
  private async storeSources(): Promise<void> {
    await this.sources.saveAll(this.accepted).catch((err: Error) => this.log.warn({ err: err.message }, 'could not store the menu sources in Redis'));
  }

  close(): void {
    this.watching?.close();
    clearInterval(this.refresher);
    clearInterval(this.retirer);
    this.stopStoringOnReconnect?.();
  }
}
