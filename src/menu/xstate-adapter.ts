import { createActor, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';

/** An action the machine decided on, handed back as data instead of being run. */
export interface DecidedAction {
  type: string;
  params: unknown;
  context: unknown;
  event: unknown;
}

/**
 * Steps a machine without creating an actor per step.
 *
 * `xstate.transition()` builds a throwaway actor (and runs the machine's initial transition) on
 * every call; a USSD hop only needs the pure macrostep. This adapter builds one inert actor scope
 * per machine, the way `transition()` does internally, and reuses it. It leans on XState's
 * `ActorScope` shape and `StateMachine.transition/getInitialSnapshot/resolveState`; the tests in
 * test/unit/xstate-adapter.test.ts pin the behaviour so an XState upgrade that changes it fails loudly.
 */
export class Stepper<M extends AnyStateMachine> {
  private readonly scope: Parameters<M['transition']>[2];
  private decided: DecidedAction[] = [];
  private readonly shells = new Map<string, object>();

  constructor(private readonly machine: M) {
    const self = createActor(machine);
    this.scope = {
      self,
      defer: () => undefined,
      id: '',
      logger: () => undefined,
      sessionId: '',
      stopChild: () => undefined,
      system: self.system,
      emit: () => undefined,
      actionExecutor: (action: { type: string; params: unknown; info: { context: unknown; event: unknown } }) => {
        this.decided.push({ type: action.type, params: action.params, context: action.info.context, event: action.info.event });
      },
    };
  }

  initial(input: InputFrom<M>): [SnapshotFrom<M>, DecidedAction[]] {
    return this.run(() => this.machine.getInitialSnapshot(this.scope, input) as SnapshotFrom<M>);
  }

  next(snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): [SnapshotFrom<M>, DecidedAction[]] {
    return this.run(() => this.machine.transition(snapshot, event, this.scope) as SnapshotFrom<M>);
  }

  /**
   * A snapshot from a stored state value and context (no actor, no entry actions run).
   * `resolveState` works out the state nodes, the value and the tags from scratch; for a given
   * value they never change, so it runs once per value and each restore copies that snapshot
   * (a plain object) with the session's context. Pinned against XState's own restore by
   * test/unit/xstate-adapter.test.ts.
   */
  restore(value: string, context: unknown): SnapshotFrom<M> {
    let shell = this.shells.get(value);
    if (!shell) {
      shell = this.machine.resolveState({ value, context: {} }) as object;
      this.shells.set(value, shell);
    }
    return { ...shell, context } as SnapshotFrom<M>;
  }

  private run(step: () => SnapshotFrom<M>): [SnapshotFrom<M>, DecidedAction[]] {
    this.decided = [];
    const snapshot = step();
    const decided = this.decided;
    this.decided = [];
    const { status, error } = snapshot as { status: string; error?: unknown };
    if (status === 'error') throw error instanceof Error ? error : new Error(String(error));
    return [snapshot, decided];
  }
}
