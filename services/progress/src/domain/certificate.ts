import { z } from 'zod';

/** The JWS `typ` of our certificates, so a login token can never pass as a certificate. */
export const CERTIFICATE_TYPE = 'certificate+jwt';
export const CERTIFICATE_ALGORITHM = 'ES256';

interface CertificateFacts {
  id: string;
  userId: string;
  courseId: string;
  learnerName: string;
  courseTitle: string;
  issuedAt: Date;
}

/**
 * The claims inside a certificate credential: standard JWT claims for who issued it, to whom
 * (`sub`) and which certificate (`jti`), plus what a person reading it wants to see.
 */
export const CertificateClaimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number().int(),
  courseId: z.string().min(1),
  courseTitle: z.string(),
  learnerName: z.string(),
  completedAt: z.iso.datetime(),
});
export type CertificateClaims = z.infer<typeof CertificateClaimsSchema>;

export function certificateClaims(facts: CertificateFacts, issuer: string): CertificateClaims {
  return {
    iss: issuer,
    sub: facts.userId,
    jti: facts.id,
    iat: Math.floor(facts.issuedAt.getTime() / 1000),
    courseId: facts.courseId,
    courseTitle: facts.courseTitle,
    learnerName: facts.learnerName,
    completedAt: facts.issuedAt.toISOString(),
  };
}

/** Why a credential is not valid; stable strings clients may switch on. */
export type InvalidReason =
  | 'malformed'
  | 'invalid_signature'
  | 'unknown_key'
  | 'wrong_issuer'
  | 'not_found'
  | 'revoked';

export type Verdict = { valid: true } | { valid: false; reason: InvalidReason };

/** A signature-valid credential is still invalid once its certificate is revoked or unknown to us. */
export function verdictFor(record: { revokedAt: Date | null } | null): Verdict {
  if (!record) return { valid: false, reason: 'not_found' };
  if (record.revokedAt) return { valid: false, reason: 'revoked' };
  return { valid: true };
}

/** Learner name on a certificate: the projected profile, else what the gateway knows, else a neutral word. */
export function learnerNameFor(projected: string | null, fromIdentity: string | undefined): string {
  const name = projected?.trim() || fromIdentity?.trim();
  return name && name.length > 0 ? name : 'Learner';
}
