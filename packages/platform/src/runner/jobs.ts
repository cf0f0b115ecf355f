import type { Logger } from '../logger.ts';
import type { ScheduledJob } from '../module.ts';

export interface RunningJobs {
  /** Stops the timers, aborts rounds in progress and waits for them to end. */
  stop(): Promise<void>;
}

/**
 * Runs each job every `everyMs` in a long-running process. Rounds of one job never overlap (a
 * slow round delays the next instead); a failing round is logged and the next one runs as usual.
 */
export function startJobs(jobs: ScheduledJob[], logger: Logger): RunningJobs {
  const stopping = new AbortController();
  const loops = jobs.map((job) => {
    const log = logger.child({ job: job.name });
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(async () => {
        if (stopping.signal.aborted) return;
        try {
          await job.run(stopping.signal);
        } catch (error) {
          log.error('scheduled job failed', { error: String(error) });
        }
      });
    }, job.everyMs);
    return { timer, finished: () => running };
  });
  return {
    stop: async () => {
      for (const loop of loops) clearInterval(loop.timer);
      stopping.abort();
      await Promise.all(loops.map((loop) => loop.finished()));
    },
  };
}
