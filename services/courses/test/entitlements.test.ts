import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type EventEnvelope, newId } from '@edu/contracts';
import { wasHandled } from '@edu/platform/events';
import {
  call,
  deliver as deliverTo,
  entitlementsConsumer,
  envelope,
  expectProblem,
  INSTRUCTOR,
  json,
  LEARNER,
  type LessonJson,
  outboxEvents,
  publishedCourse,
  purchaseData,
  refundData,
  type Subject,
  startCourses,
} from './support.ts';

let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startCourses();
}, 30_000);
afterAll(() => subject.close());

const deliver = (event: EventEnvelope) => deliverTo(subject, event);

async function paidLesson() {
  const { course, lessons } = await publishedCourse(subject.app);
  const lesson = lessons[1];
  if (!lesson) throw new Error('no paid lesson');
  return { course, path: `/api/v1/courses/${course.id}/lessons/${lesson.id}` };
}

const readAs = (path: string, sub: string) => call(subject.app, 'GET', path, { sub, roles: LEARNER.roles });

describe('the entitlements consumer', () => {
  test('is the courses.entitlements group on payment-events', () => {
    const consumer = entitlementsConsumer(subject);
    expect(consumer.group).toBe('courses.entitlements');
    expect(consumer.topics).toEqual(['payment-events']);
  });

  test('COURSE_PURCHASED grants access and publishes COURSE_ACCESS_GRANTED; PAYMENT_REFUNDED revokes it', async () => {
    const { course, path } = await paidLesson();
    const userId = `buyer-${newId()}`;
    await expectProblem(await readAs(path, userId), 403);

    const purchase = envelope('COURSE_PURCHASED', {
      ...purchaseData({ paymentId: 'pay-1', userId, courseId: course.id }),
      amountCents: course.priceCents,
      currency: course.currency,
    });
    expect(await deliver(purchase)).toBe(true);
    const lesson = await json<LessonJson>(await readAs(path, userId), 200);
    expect(lesson.content).toBeDefined();
    // Another learner still has no access.
    await expectProblem(await readAs(path, `someone-${newId()}`), 403);

    const granted = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_ACCESS_GRANTED',
    );
    expect(granted).toHaveLength(1);
    expect(granted[0]?.envelope.data).toEqual({
      userId,
      courseId: course.id,
      paymentId: 'pay-1',
      reason: 'purchase',
    });
    expect(granted[0]?.envelope.metadata).toMatchObject({
      correlationId: purchase.metadata.correlationId,
      causationId: purchase.id,
    });

    expect(
      await deliver(
        envelope('PAYMENT_REFUNDED', refundData({ paymentId: 'pay-1', userId, courseId: course.id })),
      ),
    ).toBe(true);
    await expectProblem(await readAs(path, userId), 403);
    const revoked = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_ACCESS_REVOKED',
    );
    expect(revoked).toHaveLength(1);
    expect(revoked[0]?.envelope.data).toEqual({
      userId,
      courseId: course.id,
      paymentId: 'pay-1',
      reason: 'refund',
    });
  });

  test('redelivering an event changes nothing and publishes nothing twice', async () => {
    const { course, path } = await paidLesson();
    const userId = `buyer-${newId()}`;
    const payment = { paymentId: `pay-${newId()}`, userId, courseId: course.id };
    const purchase = envelope('COURSE_PURCHASED', purchaseData(payment));
    expect(await deliver(purchase)).toBe(true);
    expect(await deliver(purchase)).toBe(false);
    const refund = envelope('PAYMENT_REFUNDED', refundData(payment));
    expect(await deliver(refund)).toBe(true);
    expect(await deliver(refund)).toBe(false);
    // A purchase redelivered after its refund must not bring access back.
    expect(await deliver(purchase)).toBe(false);
    await expectProblem(await readAs(path, userId), 403);
    const types = (await outboxEvents(subject, course.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'COURSE_ACCESS_GRANTED')).toHaveLength(1);
    expect(types.filter((type) => type === 'COURSE_ACCESS_REVOKED')).toHaveLength(1);
  });

  test('concurrent redeliveries of one event are handled once', async () => {
    const { course, path } = await paidLesson();
    const userId = `buyer-${newId()}`;
    const purchase = envelope(
      'COURSE_PURCHASED',
      purchaseData({ paymentId: `pay-${newId()}`, userId, courseId: course.id }),
    );
    const results = await Promise.allSettled([deliver(purchase), deliver(purchase), deliver(purchase)]);
    const handled = results.filter((result) => result.status === 'fulfilled' && result.value === true);
    expect(handled).toHaveLength(1);
    expect((await readAs(path, userId)).status).toBe(200);
    const granted = (await outboxEvents(subject, course.id)).filter(
      (event) => event.type === 'COURSE_ACCESS_GRANTED',
    );
    expect(granted).toHaveLength(1);
  });

  test('a refund that arrives before its purchase wins', async () => {
    const { course, path } = await paidLesson();
    const userId = `buyer-${newId()}`;
    const paymentId = `pay-${newId()}`;
    await deliver(envelope('PAYMENT_REFUNDED', refundData({ paymentId, userId, courseId: course.id })));
    await deliver(envelope('COURSE_PURCHASED', purchaseData({ paymentId, userId, courseId: course.id })));
    await expectProblem(await readAs(path, userId), 403);
  });

  test('SUBSCRIPTION_CREATED gives all-access; SUBSCRIPTION_CANCELED takes it away', async () => {
    const first = await paidLesson();
    const second = await paidLesson();
    const userId = `subscriber-${newId()}`;
    const data = { subscriptionId: `sub-${newId()}`, userId, planId: 'monthly' };
    await expectProblem(await readAs(first.path, userId), 403);
    expect(await deliver(envelope('SUBSCRIPTION_CREATED', data))).toBe(true);
    expect((await readAs(first.path, userId)).status).toBe(200);
    expect((await readAs(second.path, userId)).status).toBe(200);
    expect(await deliver(envelope('SUBSCRIPTION_CANCELED', data))).toBe(true);
    await expectProblem(await readAs(first.path, userId), 403);
    await expectProblem(await readAs(second.path, userId), 403);
  });

  test('an archived course stays readable by those who bought it; subscribers and strangers are refused', async () => {
    const { course, path } = await paidLesson();
    const buyer = `buyer-${newId()}`;
    const subscriber = `subscriber-${newId()}`;
    const purchase = { paymentId: `pay-${newId()}`, userId: buyer, courseId: course.id };
    expect(await deliver(envelope('COURSE_PURCHASED', purchaseData(purchase)))).toBe(true);
    await deliver(
      envelope('SUBSCRIPTION_CREATED', { subscriptionId: newId(), userId: subscriber, planId: 'monthly' }),
    );
    expect((await readAs(path, subscriber)).status).toBe(200);

    await json(await call(subject.app, 'POST', `/api/v1/courses/${course.id}/archive`, INSTRUCTOR), 200);
    const lesson = await json<LessonJson>(await readAs(path, buyer), 200);
    expect(lesson.content).toBeDefined();
    // A subscription covers the catalog; an archived course is no longer in it.
    await expectProblem(await readAs(path, subscriber), 403);
    await expectProblem(await readAs(path, `stranger-${newId()}`), 403);
    const listed = await json<{ items: LessonJson[] }>(
      await readAs(`/api/v1/courses/${course.id}/lessons`, buyer),
      200,
    );
    expect(listed.items).toHaveLength(2);
  });

  test('events the consumer does not handle are ignored, and malformed data fails without an effect', async () => {
    expect(await deliver(envelope('PAYMENT_FAILED', { paymentId: 'x' }))).toBe(false);
    const bad = envelope('COURSE_PURCHASED', { paymentId: 42 });
    await expect(deliver(bad)).rejects.toThrow();
    // The failed attempt rolled back its inbox row, so a fixed redelivery could still be handled.
    expect(await wasHandled(subject.database.db, entitlementsConsumer(subject), bad.id)).toBe(false);
  });
});
