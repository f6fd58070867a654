import cron from 'node-cron';
import { runRenewalCycle, type CycleDeps } from './services/renewal-cycle';

/**
 * Runs the renewal cycle daily (Europe/Amsterdam), and once at start: a scan missed while the
 * app was down is caught up then, and a finished one is skipped (its slot is taken), while
 * renewals still waiting for the engine get started. Overlap between instances is settled in
 * the database, not here, so running several replicas is safe. The catch-up run goes on in the
 * background, so start-up does not wait for a large backlog to be started; stopping waits for it.
 */
export function startScheduler(deps: CycleDeps): { stop(): Promise<void> } {
  const run = async () => {
    try {
      await runRenewalCycle(deps);
    } catch (err) {
      deps.logger.error({ err }, 'renewal cycle failed; the next run picks up where this one stopped');
    }
  };
  const task = cron.schedule(deps.config.SCAN_CRON, run, { timezone: 'Europe/Amsterdam', noOverlap: true, name: 'gpk-scan' });
  const catchUp = run();
  return {
    async stop() {
      await task.stop();
      await catchUp;
    },
  };
}
