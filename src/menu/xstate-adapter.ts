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
    } as Parameters<M['transition']>[2];
  }

  initial(input: InputFrom<M>): [SnapshotFrom<M>, DecidedAction[]] {
    return this.run(() => this.machine.getInitialSnapshot(this.scope, input) as SnapshotFrom<M>);
  }

  next(snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): [SnapshotFrom<M>, DecidedAction[]] {
    return this.run(() => this.machine.transition(snapshot, event, this.scope) as SnapshotFrom<M>);
  }

  /** A snapshot from a stored state value and context (no actor, no entry actions run). */
  restore(value: string, context: unknown): SnapshotFrom<M> {
    return this.machine.resolveState({ value, context }) as SnapshotFrom<M>;
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
