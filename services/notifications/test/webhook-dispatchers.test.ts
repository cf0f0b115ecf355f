import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { startJobs } from '@edu/platform/runner';
import { eq } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../src/db/schema.ts';
import { notificationsModule } from '../src/index.ts';
import { dispatchWebhooks } from '../src/operations/webhook-dispatch.ts';
import { startWebhookReceiver, type WebhookReceiver, webhookSteps } from './support/webhook-receiver.ts';
import { coursePublished, SERVICE_TEST_TIMEOUT_MS, startNotifications } from './support.ts';

/** Several dispatchers at once, and the module's jobs, which run the dispatcher in a long-running runner. */
let subject: Awaited<ReturnType<typeof startNotifications>>;
let receiver: WebhookReceiver;
const { subscribe } = webhookSteps(
  () => subject,
  () => receiver,
);
const at = (path: string) => receiver.at(path);

beforeAll(async () => {
  receiver = startWebhookReceiver();
  subject = await startNotifications({ env: { WEBHOOK_TARGETS: 'any' } });
}, SERVICE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await receiver.stop();
  await subject.close();
});

/**
 * The module's jobs as a long-running runner runs them, built from its deps and settings alone
 * (the module's own runtime), every 20 ms instead of every second so the test need not wait.
 */
function startModuleJobs() {
  const jobs = notificationsModule.jobs?.(subject.deps) ?? [];
  expect(jobs.map((job) => job.name)).toEqual(['notification-deliveries', 'partner-webhooks']);
  return startJobs(
    jobs.map((job) => ({ ...job, everyMs: 20 })),
    subject.deps.logger,
  );
}

describe('several dispatchers', () => {
  test('running at once, they send each due delivery once', async () => {
    const id = await subscribe('busy@clients', '/busy', ['course.published']);
    for (let index = 0; index < 6; index++) await subject.deliver(coursePublished(newId()));
    const rows = await subject.deps.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, id));
    const ids = rows.map((row) => row.id);
    const reports = await Promise.all(
      [1, 2, 3].map(() => dispatchWebhooks(subject.deps.db, subject.runtime, { ids, limit: 4 })),
    );
    const sentNow = reports.reduce((sum, report) => sum + report.succeeded, 0);
    // Whatever the first round left (limit 4 each) goes in the next.
    const rest = await dispatchWebhooks(subject.deps.db, subject.runtime, { ids });
    expect(sentNow + rest.succeeded).toBe(6);
    expect(at('/busy')).toHaveLength(6);
    expect(new Set(at('/busy').map((request) => request.webhookId)).size).toBe(6);
  });
});

describe('the worker loop', () => {
  test('run as the module’s jobs (mail and webhooks), it sends due webhooks and stops cleanly', async () => {
    const id = await subscribe('loop@clients', '/loop', ['course.published']);
    await subject.deliver(coursePublished(newId()));
    const worker = startModuleJobs();
    const status = async () => {
      const [row] = await subject.deps.db
        .select({ status: webhookDeliveries.status })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, id));
      return row?.status;
    };
    try {
      for (let waited = 0; waited < 5_000 && (await status()) !== 'succeeded'; waited += 20)
        await Bun.sleep(20);
    } finally {
      await worker.stop();
    }
    expect(at('/loop')).toHaveLength(1);
    expect(await status()).toBe('succeeded');
  });

  test('stopping aborts a request in flight; the delivery stays pending for a later try', async () => {
    const id = await subscribe('hang@clients', '/hang', ['course.published']);
    receiver.answers.set('/hang', []);
    const hanging = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () => new Promise<Response>(() => {}),
    });
    await subject.deps.db
      .update(webhookSubscriptions)
      .set({ url: `http://127.0.0.1:${hanging.port}/hang` })
      .where(eq(webhookSubscriptions.id, id));
    await subject.deliver(coursePublished(newId()));
    const worker = startModuleJobs();
    try {
      await Bun.sleep(300);
      const started = performance.now();
      await worker.stop();
      expect(performance.now() - started).toBeLessThan(2_000);
      const [row] = await subject.deps.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, id));
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Interrupted by shutdown' });
    } finally {
      await hanging.stop(true);
    }
  });
});
