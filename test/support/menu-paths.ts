import { getShortestPaths } from '@xstate/graph';
import { createActor, type SnapshotFrom } from 'xstate';
import type { MenuEvent, MenuMachine } from '../../src/menu/build-machine';
import { conditionVars } from '../../src/menu/conditions';
import { compileExpression } from '../../src/menu/expressions';
import { boundExpression, inputValidator } from '../../src/menu/input-validator';
import { screenOf, type CompiledMenu } from '../../src/menu/engine';
import type { SourceAnswer } from '../../src/menu/fetch-request';
import { lookupIn } from '../../src/menu/model';
import { previousKey } from '../../src/menu/page-keys';
import type { Condition, Menu } from '../../src/menu/schema';
import type { Lookup } from '../../src/menu/template';

type Snapshot = SnapshotFrom<MenuMachine>;
export const ENV = { msisdn: '254700000001' };

/** One way to reach a screen (or one page of it) from a dial, as the caller would type it. */
export interface ScreenPath {
  state: string;
  page: number;
  /** Extra dial parts (a shortcut), then the inputs. */
  dialParts: string[];
  inputs: string[];
  /** How each fetch on the way was answered, in order: its sample answer (true) or a failure (false). */
  answers: boolean[];
}

/** A 2xx answer to a fetch screen: every `response.<field>` its `set` reads, as "1". */
export function sampleAnswer(screen: Extract<Menu['screens'][string], { type: 'fetch' }>): SourceAnswer {
  const fields = Object.values(screen.set ?? {}).flatMap((v) => (typeof v === 'string' ? [...v.matchAll(/response\.(\w+)/g)].map((m) => m[1] as string) : []));
  return { ok: true, status: 200, body: Object.fromEntries(fields.map((f) => [f, '1'])) };
}

/**
 * Every screen (and page) of a menu reachable in `lang`, with the shortest way there, enumerated
 * from the XState machine's graph. A state is identified by its screen, its page and the values of
 * the variables conditions read (so each branch outcome is explored; see `valueKey`), never by the
 * back stack, attempts or other context, which would make the graph infinite.
 */
export function screenPaths(menu: CompiledMenu, lang: string, profile: Record<string, string> = {}): ScreenPath[] {
  const { model, machine } = menu;
  const spec = model.menu;
  const watched = [...new Set(conditionsOf(spec).flatMap(conditionVars))].sort();
  const from = machine.getInitialSnapshot(inertScope(machine), { env: ENV, vars: { lang }, pf: profile });
  const seen = watched.map(() => new Map<string, string>());
  const serialize = (s: Snapshot) => {
    const lookup = lookupIn(s.context, ENV, model.defaultLang);
    return `${screenOf(s.value)}|${s.status}|${s.context.page}|${watched.map((v, i) => valueKey(seen[i] as Map<string, string>, JSON.stringify(lookup(v)))).join(',')}`;
  };
  const input = (text: string): MenuEvent => ({ type: 'INPUT', text, env: ENV });
  const events = (s: Snapshot): MenuEvent[] => {
    const screen = spec.screens[screenOf(s.value)];
    const texts = [...new Set([spec.keys.back, spec.keys.home, spec.keys.more, previousKey(spec.keys)])];
    if (screen?.type === 'menu') texts.push(...screen.options.map((_, i) => String(i + 1)));
    if (screen?.type === 'question') texts.push(...screen.choices.map((_, i) => String(i + 1)));
    if (screen?.type === 'input') texts.push(...exampleInputs(screen, lookupIn(s.context, ENV, model.defaultLang)));
    if (screen?.type === 'fetch') return [{ type: 'FETCHED', answer: sampleAnswer(screen), env: ENV }, { type: 'FETCHED', answer: { ok: false }, env: ENV }];
    const shortcuts = s === from ? [...model.shortcuts.keys()].map((key): MenuEvent => ({ type: 'SHORTCUT', key, env: ENV })) : [];
    return [...texts.map(input), ...shortcuts];
  };
  // A fetch state rests only within a hop: the screens after it are the ones a caller sees.
  const paths = getShortestPaths(machine, { fromState: from, events, serializeState: serialize }).filter((p) => spec.screens[screenOf(p.state.value)]?.type !== 'fetch');
  return paths.map((p) => {
    const steps = p.steps.map((step) => step.event as MenuEvent).filter((e) => e.type === 'INPUT' || e.type === 'SHORTCUT');
    const first = steps[0];
    const dialParts = first?.type === 'SHORTCUT' ? first.key.split('*') : [];
    const inputs = steps.flatMap((e) => (e.type === 'INPUT' ? [e.text] : []));
    const answers = p.steps.flatMap((step) => ((step.event as MenuEvent).type === 'FETCHED' ? [(step.event as Extract<MenuEvent, { type: 'FETCHED' }>).answer.ok] : []));
    return { state: screenOf(p.state.value), page: p.state.context.page, dialParts, inputs, answers };
  });
}

/**
 * A watched variable's value as part of a state's identity. Past its first VALUES_PER_VARIABLE
 * values, every new one counts as one and the same: a total a caller can raise without end (`cups:
 * "=cups + 1"` in a loop) would otherwise make the states endless, and the walk would run until
 * memory runs out. The values a menu's conditions tell apart are nearly always among the first few.
 */
function valueKey(values: Map<string, string>, value: string): string {
  let key = values.get(value);
  if (key === undefined) {
    key = values.size < VALUES_PER_VARIABLE ? String(values.size) : 'more';
    values.set(value, key);
  }
  return key;
}

const VALUES_PER_VARIABLE = 16;

/**
 * Inputs an input screen accepts: its `example`, else each of a few likely ones its rules accept
 * (each may lead elsewhere: a weighted score, a branch on the amount). Bounds and `valid` may be
 * expressions over earlier answers, so they are judged with the variables of the state at hand.
 */
function exampleInputs(screen: Extract<Menu['screens'][string], { type: 'input' }>, lookup: Lookup): string[] {
  if (screen.example !== undefined) return [screen.example];
  const accepts = inputValidator(screen);
  const bounds = [boundValue(screen.min, lookup), boundValue(screen.max, lookup)].filter((n) => n !== undefined).map(String);
  const candidates = [...bounds, '1', '12', '123', '1234', '12345', '0712345678', '254712345678', 'abc', 'Test'];
  return [...new Set(candidates.filter((c) => accepts(c, lookup)))];
}

/** A bound as a number: written as one, or its expression evaluated now. */
function boundValue(b: number | string | undefined, lookup: Lookup): number | undefined {
  if (typeof b === 'number') return b;
  const source = boundExpression(b);
  const v = source === undefined ? undefined : compileExpression(source, 'generated paths').evaluate(lookup);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function conditionsOf(menu: Menu): Condition[] {
  return Object.values(menu.screens).flatMap((s) => {
    if (s.type === 'menu') return s.options.flatMap((o) => (o.when ? [o.when] : []));
    if (s.type === 'branch') return s.cases.map((c) => c.when);
    return [];
  });
}

/**
 * The actor scope `getInitialSnapshot` wants; nothing runs in it (our custom actions are data). Its
 * `system` is a real actor's, as the engine's stepper gives it: a `start` that is a branch takes its
 * eventless transition at once, and XState reports that microstep to the system.
 */
type Scope = Parameters<MenuMachine['getInitialSnapshot']>[0];
function inertScope(machine: MenuMachine): Scope {
  const noop = () => undefined;
  const self = createActor(machine, { input: { env: ENV, pf: {}, vars: {} } });
  return { self, logger: noop, defer: noop, system: self.system, emit: noop, actionExecutor: noop, id: '', sessionId: '', stopChild: noop };
}
