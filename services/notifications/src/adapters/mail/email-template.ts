import { html } from 'hono/html';
import { composeMessage, type MessageContext } from '../../domain/messages.ts';
import type { Locale, NotificationType } from '../../domain/notification-types.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const FOOTER: Record<Locale, string> = {
  en: 'You receive this email because you have an account on the Learning Platform. You can turn email notifications off in your settings.',
  ru: 'Вы получили это письмо, потому что у вас есть аккаунт на учебной платформе. Уведомления по почте можно отключить в настройках.',
};

/**
 * Renders an email with hono/html: its tagged template escapes every interpolated value, so
 * a user's name such as `<script>` arrives as text; only this fixed layout is markup.
 */
export async function renderEmail(
  type: NotificationType,
  locale: Locale,
  context: MessageContext,
): Promise<RenderedEmail> {
  const message = composeMessage(type, locale, context);
  const document = await html`<!doctype html>
<html lang="${locale}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${message.subject}</title>
  </head>
  <body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px">
      <tr><td style="padding:24px 32px 8px;font-size:20px;font-weight:bold">${message.title}</td></tr>
      <tr>
        <td style="padding:8px 32px 24px;font-size:15px;line-height:1.5">
          ${message.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
          ${
            message.action
              ? html`<p><a href="${message.action.url}" style="display:inline-block;padding:10px 18px;background:#1f6feb;color:#ffffff;border-radius:6px;text-decoration:none">${message.action.label}</a></p>`
              : ''
          }
        </td>
      </tr>
      <tr><td style="padding:16px 32px;font-size:12px;color:#7b8794">${FOOTER[locale]}</td></tr>
    </table>
  </body>
</html>`;
  return {
    subject: message.subject,
    html: document.toString(),
    text: `${[...message.paragraphs, ...(message.action ? [`${message.action.label}: ${message.action.url}`] : [])].join('\n\n')}\n\n--\n${FOOTER[locale]}\n`,
  };
}
