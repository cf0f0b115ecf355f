import { AppError } from '@edu/platform/http';
import type { PublicJwks } from '../adapters/certificate-keys.ts';
import { type CertificateRow, findCertificate } from '../db/certificates.ts';
import { type InvalidReason, type Verdict, verdictFor } from '../domain/certificate.ts';
import type { ProgressDeps } from './deps.ts';

/** Reading and verifying certificates is public: a certificate is meant to be shown around. */

interface CertificateDto {
  id: string;
  userId: string;
  courseId: string;
  learnerName: string;
  courseTitle: string;
  issuedAt: string;
  revokedAt: string | null;
  credential: string;
}

interface VerificationResult {
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

async function existing(deps: ProgressDeps, id: string): Promise<CertificateRow> {
  const row = await findCertificate(deps.db, id);
  if (!row) throw new AppError('not_found', `No certificate ${id}`);
  return row;
}

/** The public keys certificates are signed with: all a third party needs to check one. */
export function certificateKeySet(deps: ProgressDeps): Promise<PublicJwks> {
  return deps.keys.jwks();
}

export async function getCertificate(deps: ProgressDeps, id: string): Promise<CertificateDto> {
  return toDto(await existing(deps, id));
}

/** A stored certificate: its credential still verifies with our keys, and it is not revoked. */
export async function verifyStoredCertificate(deps: ProgressDeps, id: string): Promise<VerificationResult> {
  const row = await existing(deps, id);
  const check = await deps.keys.check(row.credential);
  if (!check.valid) return { valid: false, reason: check.reason };
  return withoutCertificate(verdictFor(row));
}

/**
 * Any credential someone shows us. The signature is checked first, so a forged credential
 * never reaches the database lookup; then the record decides about revocation.
 */
export async function verifyCredential(deps: ProgressDeps, credential: string): Promise<VerificationResult> {
  const check = await deps.keys.check(credential);
  if (!check.valid) return { valid: false, reason: check.reason };
  const row = await findCertificate(deps.db, check.claims.jti);
  const matches = row !== null && row.userId === check.claims.sub && row.courseId === check.claims.courseId;
  const verdict = verdictFor(matches ? row : null);
  return matches && row
    ? { ...withoutCertificate(verdict), certificate: toDto(row) }
    : withoutCertificate(verdict);
}
