import nodemailer from 'nodemailer';
import type { MailTransport } from './transport.ts';

/**
 * SMTP through nodemailer (self-hosted). `url` is e.g. smtps://user:pass@mail.example.com:465
 * or smtp://127.0.0.1:2525; nodemailer keeps the pool and speaks STARTTLS when offered.
 */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    send: async (email) => {
      const info = await transporter.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      return { messageId: info.messageId };
    },
    close: async () => transporter.close(),
  };
}
