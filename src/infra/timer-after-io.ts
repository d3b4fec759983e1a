/**
 * `setTimeout`, except that `fn` runs only once the I/O already waiting when the timer expired has
 * been read: the timer hands `fn` to `setImmediate`, which runs after the same turn's poll phase.
 *
 * Why: Node runs expired timers *before* it reads sockets. When the process stalls for longer
 * than a timeout (a full garbage collection, compiling a large menu, a container throttled by its
 * CPU limit), a plain timer declares a command or a turn late although its answer has been
 * waiting in the socket all along. A hop whose compare-and-set Redis stored in time would then be
 * answered busy: the caller told one thing, the store holding another. `fn` must check whether
 * the work it guards has settled meanwhile.
 */
export function setTimeoutAfterIo(fn: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(setImmediate, ms, fn);
}
