import { z } from '@hono/zod-openapi';
import { Timestamp } from '../schemas.ts';

export const CertificateSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    courseId: z.string(),
    learnerName: z.string(),
    courseTitle: z.string(),
    issuedAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    credential: z.string().openapi({
      description: 'Compact JWS (ES256, typ certificate+jwt); keys at /api/v1/certificates/keys',
    }),
  })
  .openapi('Certificate');

const Reason = z
  .enum(['malformed', 'invalid_signature', 'unknown_key', 'wrong_issuer', 'not_found', 'revoked'])
  .optional();

export const VerificationSchema = z
  .object({ valid: z.boolean(), reason: Reason })
  .openapi('CertificateVerification');

export const CredentialVerificationSchema = z
  .object({ valid: z.boolean(), reason: Reason, certificate: CertificateSchema.optional() })
  .openapi('CredentialVerification');

export const CredentialInputSchema = z
  .object({ credential: z.string().min(1).max(16_384) })
  .openapi('CredentialInput');

export const JwksSchema = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .openapi('JsonWebKeySet');
