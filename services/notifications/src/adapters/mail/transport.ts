/** An email ready to leave: rendered, addressed. */
interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per delivery, so a provider that supports it can drop a retried duplicate. */
  idempotencyKey?: string;
}

/**
 * The mail port. Adapters: the dev mailbox (embedded), SMTP (self-hosted), the Resend HTTP
 * API (edge). `send` throws when the message was not accepted; the caller retries.
 */
export interface MailTransport {
  readonly kind: 'dev' | 'smtp' | 'resend';
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close?(): Promise<void>;
}
