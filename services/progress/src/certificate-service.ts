import type { Database } from '@edu/platform/db';
import { AppError } from '@edu/platform/http';
import type { CertificateKeys, PublicJwks } from './certificate-keys.ts';
import { type CertificateRow, findCertificate } from './db/certificates.ts';
import { type InvalidReason, type Verdict, verdictFor } from './domain/certificate.ts';

export interface CertificateDto {
  id: string;
  userId: string;
  courseId: string;
  learnerName: string;
  courseTitle: string;
  issuedAt: string;
  revokedAt: string | null;
  credential: string;
}

export interface VerificationResult {
  valid: boolean;
  reason?: InvalidReason;
  certificate?: CertificateDto;
}

function toDto(row: CertificateRow): CertificateDto {
  return {
    id: row.id,
    userId: row.userId,
    courseId: row.courseId,
    learnerName: row.learnerName,
    courseTitle: row.courseTitle,
    issuedAt: row.issuedAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    credential: row.credential,
  };
}

function withoutCertificate(verdict: Verdict): VerificationResult {
  return verdict.valid ? { valid: true } : { valid: false, reason: verdict.reason };
}

/** Reading and verifying certificates: public, since a certificate is meant to be shown around. */
export function createCertificateService(db: Database, keys: CertificateKeys) {
  const existing = async (id: string) => {
    const row = await findCertificate(db, id);
    if (!row) throw new AppError('not_found', `No certificate ${id}`);
    return row;
  };

  return {
    jwks: (): Promise<PublicJwks> => keys.jwks(),

    get: async (id: string): Promise<CertificateDto> => toDto(await existing(id)),

    /** A stored certificate: its credential still verifies with our keys, and it is not revoked. */
    async verifyStored(id: string): Promise<VerificationResult> {
      const row = await existing(id);
      const check = await keys.check(row.credential);
      if (!check.valid) return { valid: false, reason: check.reason };
      return withoutCertificate(verdictFor(row));
    },

    /**
     * Any credential someone shows us. The signature is checked first, so a forged credential
     * never reaches the database lookup; then the record decides about revocation.
     */
    async verifyCredential(credential: string): Promise<VerificationResult> {
      const check = await keys.check(credential);
      if (!check.valid) return { valid: false, reason: check.reason };
      const row = await findCertificate(db, check.claims.jti);
      const matches =
        row !== null && row.userId === check.claims.sub && row.courseId === check.claims.courseId;
      const verdict = verdictFor(matches ? row : null);
      return matches && row
        ? { ...withoutCertificate(verdict), certificate: toDto(row) }
        : withoutCertificate(verdict);
    },
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;
