import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import {
  announceCourse,
  announceLearner,
  anotherInstance,
  call,
  complete,
  deliver,
  envelope,
  expectProblem,
  grantAccess,
  ISSUER,
  json,
  learner,
  outboxEvents,
  type ProgressApp,
  type Subject,
  startProgress,
} from './support.ts';

interface Certificate {
  id: string;
  userId: string;
  courseId: string;
  learnerName: string;
  courseTitle: string;
  issuedAt: string;
  revokedAt: string | null;
  credential: string;
}

interface Verification {
  valid: boolean;
  reason?: string;
  certificate?: Certificate;
}

let subject: Subject;
beforeAll(async () => {
  subject = await startProgress();
});
afterAll(() => subject.close());

/** A learner who completed a fresh course; returns their certificate. */
async function earnCertificate(name = 'Ada Lovelace', title = 'Analytical Engines') {
  const course = await announceCourse(subject, 2, title);
  const who = learner();
  await announceLearner(subject, who, name);
  await grantAccess(subject, who, course.courseId);
  for (const lessonId of course.lessonIds) expect((await complete(subject, who, lessonId)).status).toBe(200);
  const progress = await json<{ completedAt: string }>(
    await call(subject.app, 'GET', `/api/v1/progress/courses/${course.courseId}`, who),
    200,
  );
  // The learner (and the notifications service) learn the certificate id from COURSE_COMPLETED.
  const completed = (await outboxEvents(subject, who.sub)).find((event) => event.type === 'COURSE_COMPLETED');
  const id = String(completed?.envelope.data.certificateId);
  const certificate = await json<Certificate>(
    await call(subject.app, 'GET', `/api/v1/certificates/${id}`, null),
    200,
  );
  return { certificate, course, who, progress };
}

const verifyStored = async (id: string) =>
  json<Verification>(await call(subject.app, 'GET', `/api/v1/certificates/${id}/verify`, null), 200);
const verifyCredential = async (credential: string, app: ProgressApp = subject.app) =>
  json<Verification>(await call(app, 'POST', '/api/v1/certificates/verify', null, { credential }), 200);

/** Replaces one claim in the payload and keeps the original signature. */
function tamper(credential: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = credential.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const forged = Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

describe('issuing certificates', () => {
  test('completing a course issues a certificate with the learner name and course title', async () => {
    const { certificate, course, who, progress } = await earnCertificate();
    expect(certificate).toMatchObject({
      userId: who.sub,
      courseId: course.courseId,
      learnerName: 'Ada Lovelace',
      courseTitle: 'Analytical Engines',
      issuedAt: progress.completedAt,
      revokedAt: null,
    });
    expect(certificate.credential.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(certificate.credential)).toMatchObject({
      alg: 'ES256',
      typ: 'certificate+jwt',
    });
    expect(await verifyStored(certificate.id)).toEqual({ valid: true });
  });

  test('an unknown certificate id is a 404 problem', async () => {
    await expectProblem(await call(subject.app, 'GET', `/api/v1/certificates/${newId()}`, null), 404);
    await expectProblem(await call(subject.app, 'GET', `/api/v1/certificates/${newId()}/verify`, null), 404);
  });
});

describe('verifying without our database', () => {
  test('the credential verifies with only the public JWKS', async () => {
    const { certificate, course, who } = await earnCertificate('Grace Hopper', 'Compilers');
    const response = await call(subject.app, 'GET', '/api/v1/certificates/keys', null);
    const jwks = await json<{ keys: Array<Record<string, unknown>> }>(response, 200);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
    expect(jwks.keys[0]?.kid).toStartWith('progress-certificates-');

    // Only the JWKS document from here on: no database, no call to our service.
    const { payload, protectedHeader } = await jwtVerify(
      certificate.credential,
      createLocalJWKSet(JSON.parse(JSON.stringify(jwks))),
      { issuer: ISSUER, algorithms: ['ES256'], typ: 'certificate+jwt' },
    );
    expect(protectedHeader.kid).toBe(String(jwks.keys[0]?.kid));
    expect(payload).toMatchObject({
      iss: ISSUER,
      sub: who.sub,
      jti: certificate.id,
      courseId: course.courseId,
      courseTitle: 'Compilers',
      learnerName: 'Grace Hopper',
      completedAt: certificate.issuedAt,
    });
  });

  test('POST /certificates/verify accepts a genuine credential and returns the certificate', async () => {
    const { certificate } = await earnCertificate();
    expect(await verifyCredential(certificate.credential)).toEqual({ valid: true, certificate });
  });
});

describe('rejecting what we did not issue', () => {
  test('a tampered credential is valid: false, never an error', async () => {
    const { certificate } = await earnCertificate();
    expect(await verifyCredential(tamper(certificate.credential, { learnerName: 'Mallory' }))).toEqual({
      valid: false,
      reason: 'invalid_signature',
    });
    expect(await verifyCredential(tamper(certificate.credential, { jti: newId() }))).toMatchObject({
      valid: false,
    });
  });

  test('garbage, a foreign key and an unsigned token are each rejected with a reason', async () => {
    const { certificate } = await earnCertificate();
    expect(await verifyCredential('not-a-jws')).toEqual({ valid: false, reason: 'malformed' });
    expect(await verifyCredential('a.b.c')).toEqual({ valid: false, reason: 'malformed' });

    const header = decodeProtectedHeader(certificate.credential);
    const { privateKey } = await generateKeyPair('ES256');
    const claims = JSON.parse(
      Buffer.from(certificate.credential.split('.')[1] ?? '', 'base64url').toString(),
    );
    const sameKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: String(header.kid), typ: 'certificate+jwt' })
      .sign(privateKey);
    expect(await verifyCredential(sameKid)).toEqual({ valid: false, reason: 'invalid_signature' });
    const otherKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'someone-else', typ: 'certificate+jwt' })
      .sign(privateKey);
    expect(await verifyCredential(otherKid)).toEqual({ valid: false, reason: 'unknown_key' });

    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'certificate+jwt' })).toString('base64url')}.${certificate.credential.split('.')[1]}.`;
    expect((await verifyCredential(unsigned)).valid).toBe(false);
  });

  test('a credential from another issuer is wrong_issuer', async () => {
    const { certificate } = await earnCertificate();
    const elsewhere = anotherInstance(subject, { PUBLIC_URL: 'https://other.example.test' });
    expect(await verifyCredential(certificate.credential, elsewhere)).toEqual({
      valid: false,
      reason: 'wrong_issuer',
    });
  });

  test('an empty or missing credential is a 400 problem', async () => {
    await expectProblem(await call(subject.app, 'POST', '/api/v1/certificates/verify', null, {}), 400);
    await expectProblem(
      await call(subject.app, 'POST', '/api/v1/certificates/verify', null, { credential: '' }),
      400,
    );
  });
});

describe('revocation', () => {
  test('a refund revokes the certificate', async () => {
    const { certificate, course, who } = await earnCertificate();
    const refund = {
      paymentId: `pay-${newId()}`,
      refundId: `ref-${newId()}`,
      userId: who.sub,
      courseId: course.courseId,
      amountCents: 1000,
      currency: 'EUR',
    };
    expect(await deliver(subject, envelope('PAYMENT_REFUNDED', refund, 'payments'))).toBe(true);
    expect(await verifyStored(certificate.id)).toEqual({ valid: false, reason: 'revoked' });
    const verdict = await verifyCredential(certificate.credential);
    expect(verdict).toMatchObject({ valid: false, reason: 'revoked' });
    expect(verdict.certificate?.revokedAt).toBeString();
    const stored = await json<Certificate>(
      await call(subject.app, 'GET', `/api/v1/certificates/${certificate.id}`, null),
      200,
    );
    expect(stored.revokedAt).toBeString();
  });

  test('COURSE_ACCESS_REVOKED revokes it too; other learners keep theirs', async () => {
    const first = await earnCertificate();
    const second = await earnCertificate();
    await deliver(
      subject,
      envelope('COURSE_ACCESS_REVOKED', {
        userId: first.who.sub,
        courseId: first.course.courseId,
        reason: 'refund',
      }),
    );
    expect(await verifyStored(first.certificate.id)).toEqual({ valid: false, reason: 'revoked' });
    expect(await verifyStored(second.certificate.id)).toEqual({ valid: true });
  });
});

describe('signing keys', () => {
  test('the generated key is stored once and reused by every instance', async () => {
    const before = await json<{ keys: unknown[] }>(
      await call(subject.app, 'GET', '/api/v1/certificates/keys', null),
      200,
    );
    const another = anotherInstance(subject);
    const after = await json<{ keys: unknown[] }>(
      await call(another, 'GET', '/api/v1/certificates/keys', null),
      200,
    );
    expect(after).toEqual(before);
    expect(after.keys).toHaveLength(1);
  });

  test('CERTIFICATE_SIGNING_KEY is used when configured, and older stored keys stay published', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'progress-certificates-configured' };
    const configured = anotherInstance(subject, { CERTIFICATE_SIGNING_KEY: JSON.stringify(jwk) });
    const jwks = await json<{ keys: Array<{ kid: string }> }>(
      await call(configured, 'GET', '/api/v1/certificates/keys', null),
      200,
    );
    expect(jwks.keys.map((key) => key.kid)[0]).toBe('progress-certificates-configured');
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    // A certificate from the generated key still verifies on the configured instance.
    const { certificate } = await earnCertificate();
    expect(await verifyCredential(certificate.credential, configured)).toMatchObject({ valid: true });
  });
});
