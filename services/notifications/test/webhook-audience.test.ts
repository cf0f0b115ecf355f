import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import {
  type DeliveryLogEntry,
  partner,
  startWebhookReceiver,
  type WebhookReceiver,
  webhookSteps,
} from './support/webhook-receiver.ts';
import { coursePurchased, envelope, SERVICE_TEST_TIMEOUT_MS, startNotifications } from './support.ts';

/** Which partners hear of an event: course.published every subscriber, a learner's events only the partners that enrolled them. */
let subject: Awaited<ReturnType<typeof startNotifications>>;
let receiver: WebhookReceiver;
const { subscribe, deliveryLog, dispatchFor } = webhookSteps(
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

describe('who hears about a learner', () => {
  const grant = (userId: string, courseId: string, extra: Record<string, unknown>) =>
    envelope('COURSE_ACCESS_GRANTED', { userId, courseId, ...extra });

  test('purchases and completions reach only the partners that enrolled the learner in that course, until unenrolled', async () => {
    const enrolling = await subscribe('school-a@clients', '/school-a', [
      'course.purchased',
      'course.completed',
    ]);
    const other = await subscribe('school-b@clients', '/school-b', ['course.purchased', 'course.completed']);
    const learner = newId();
    const stranger = newId();
    await subject.deliver(
      grant(learner, 'course-1', { reason: 'enrollment', partnerId: 'school-a@clients' }),
    );
    // A purchase grant names no partner; it makes nobody a listener.
    await subject.deliver(grant(stranger, 'course-1', { reason: 'purchase', paymentId: 'pay-1' }));

    const purchase = coursePurchased(learner, 'course-1');
    await subject.deliver(purchase);
    await subject.deliver(coursePurchased(stranger, 'course-1'));
    // The learner's other courses are not the partner's business.
    await subject.deliver(coursePurchased(learner, 'course-2'));
    const completed = (userId: string) =>
      envelope('COURSE_COMPLETED', {
        userId,
        courseId: 'course-1',
        completedAt: new Date().toISOString(),
        certificateId: 'cert-1',
      });
    const completion = completed(learner);
    await subject.deliver(completion);
    await subject.deliver(completed(stranger));

    const log = await deliveryLog('school-a@clients', enrolling);
    expect(log.map((entry) => entry.eventId)).toEqual([completion.id, purchase.id]);
    const firstPage = await subject.app.request(`/api/v1/partner/webhooks/${enrolling}/deliveries?limit=1`, {
      headers: await partner('school-a@clients'),
    });
    const page = (await firstPage.json()) as { items: DeliveryLogEntry[]; nextCursor: string | null };
    expect(page.items.map((entry) => entry.eventId)).toEqual([completion.id]);
    const secondPage = await subject.app.request(
      `/api/v1/partner/webhooks/${enrolling}/deliveries?limit=1&cursor=${page.nextCursor}`,
      { headers: await partner('school-a@clients') },
    );
    expect(await secondPage.json()).toMatchObject({ items: [{ eventId: purchase.id }], nextCursor: null });
    expect(await deliveryLog('school-b@clients', other)).toEqual([]);

    await dispatchFor(enrolling);
    const bodies = at('/school-a').map((request) => JSON.parse(request.raw));
    expect(bodies).toContainEqual({
      id: purchase.id,
      type: 'course.purchased',
      createdAt: purchase.metadata.timestamp,
      data: { courseId: 'course-1', userId: learner, amountCents: 4900, currency: 'EUR' },
    });
    expect(bodies).toContainEqual({
      id: completion.id,
      type: 'course.completed',
      createdAt: completion.metadata.timestamp,
      data: {
        courseId: 'course-1',
        userId: learner,
        completedAt: completion.data.completedAt,
        certificateId: 'cert-1',
      },
    });

    await subject.deliver(
      envelope('COURSE_ACCESS_REVOKED', {
        userId: learner,
        courseId: 'course-1',
        reason: 'enrollment',
        partnerId: 'school-a@clients',
      }),
    );
    await subject.deliver(completed(learner));
    expect(await deliveryLog('school-a@clients', enrolling)).toHaveLength(2);
  });
});
