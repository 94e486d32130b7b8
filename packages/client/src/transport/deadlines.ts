/** The longest delay a timer takes: a longer one fires at once (it overflows a 32-bit integer). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The timers of the runtimes that have them (Node, Bun): whether one keeps the process alive. */
interface Referable {
  ref?(): void;
  unref?(): void;
}

/**
 * Aborts each attempt's controller at its deadline, with one timer for all of them instead of a timer each.
 *
 * A timer set and cleared on every request costs Node about a tenth of a fast request (the timer list is made
 * and dropped each time). Here the timer waits for the earliest deadline and stays set when an attempt ends
 * in time; it keeps the process alive only while an attempt is waiting (where the runtime can say so, and is
 * cleared when none is waiting where it cannot).
 */
export function createDeadlines() {
  /** Each waiting attempt's controller and its deadline (`Date.now()` ms). */
  const waiting = new Map<AbortController, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Number.POSITIVE_INFINITY;

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    due = Number.POSITIVE_INFINITY;
  };
  const schedule = (deadline: number) => {
    clearTimeout(timer);
    due = deadline;
    timer = setTimeout(fire, Math.min(MAX_DELAY_MS, Math.max(0, deadline - Date.now())));
  };
  const fire = () => {
    timer = undefined;
    due = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [controller, deadline] of waiting) {
      if (deadline <= now) {
        waiting.delete(controller);
        controller.abort();
      } else if (deadline < next) next = deadline;
    }
    if (next < Number.POSITIVE_INFINITY) schedule(next);
  };

  return {
    /** Abort `controller` after `ms` milliseconds, unless `delete` comes first. A non-finite `ms` never does. */
    add(controller: AbortController, ms: number): void {
      const deadline = Date.now() + ms;
      if (!(deadline < Number.POSITIVE_INFINITY)) return;
      waiting.set(controller, deadline);
      if (deadline < due) schedule(deadline);
      else if (waiting.size === 1) (timer as Referable | undefined)?.ref?.();
    },
    /** The attempt ended: no abort for it. */
    delete(controller: AbortController): void {
      if (!waiting.delete(controller) || waiting.size) return;
      const idle = timer as Referable | undefined;
      if (idle?.unref) idle.unref();
      else stop();
    },
  };
}
