import { formatMoney } from '@edu/contracts/money';
import type { Locale, NotificationType } from './notification-types.ts';

/** What a template knows about the recipient and the event that caused the notification. */
export interface MessageContext {
  name: string;
  data: Record<string, unknown>;
}

/** The words of one notification: a short title and body (in-app, push) and the email's paragraphs. */
interface Message {
  subject: string;
  title: string;
  body: string;
  paragraphs: string[];
  /** The one thing to do next, a button in the email (e.g. retry a failed payment). */
  action?: { label: string; url: string };
}

type Catalog = Record<NotificationType, (context: MessageContext) => Message>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
/** The amount in its currency's own minor unit (¥1,000 is 1000), written as `locale` writes money. */
const money = (data: Record<string, unknown>, locale: Locale) =>
  typeof data.amountCents === 'number' && typeof data.currency === 'string'
    ? formatMoney(data.amountCents, data.currency, locale)
    : '';
/** An expired checkout is said as such; other reasons (declines, provider errors) get the general words. */
const expired = (data: Record<string, unknown>) => data.reason === 'checkout_expired';

const en: Catalog = {
  welcome: ({ name }) => ({
    subject: 'Welcome to the Learning Platform',
    title: 'Welcome!',
    body: `Hi ${name}, your account is ready.`,
    paragraphs: [`Hi ${name},`, 'Your account is ready. Find a course you like and start learning today.'],
  }),
  purchase_confirmation: ({ name, data }) => ({
    subject: 'Your course purchase is confirmed',
    title: 'Purchase confirmed',
    body: 'Your new course is ready in My courses.',
    paragraphs: [
      `Hi ${name},`,
      `Thank you for your purchase${money(data, 'en') ? ` (${money(data, 'en')})` : ''}. The course is now in My courses.`,
    ],
  }),
  course_completed: ({ name, data }) => ({
    subject: 'Congratulations on completing your course',
    title: 'Course completed',
    body: text(data.certificateId)
      ? 'You finished the course; your certificate is ready.'
      : 'You finished the course.',
    paragraphs: [
      `Well done, ${name}!`,
      text(data.certificateId)
        ? `You completed every lesson. Your certificate id is ${text(data.certificateId)}.`
        : 'You completed every lesson.',
    ],
  }),
  refund_processed: ({ name, data }) => ({
    subject: 'Your refund has been processed',
    title: 'Refund processed',
    body: 'Your payment was refunded.',
    paragraphs: [
      `Hi ${name},`,
      `We refunded your payment${money(data, 'en') ? ` of ${money(data, 'en')}` : ''}.`,
    ],
  }),
  subscription_started: ({ name }) => ({
    subject: 'Your subscription is active',
    title: 'Subscription started',
    body: 'Every course is now open to you.',
    paragraphs: [`Hi ${name},`, 'Your subscription is active: every course on the platform is open to you.'],
  }),
  payment_failed: ({ name, data }) => ({
    subject: 'Your payment did not go through',
    title: 'Payment failed',
    body: `Nothing was charged. Try again: ${text(data.retryUrl)}`,
    paragraphs: [
      `Hi ${name},`,
      expired(data)
        ? 'The checkout page expired before the payment was made, so nothing was charged.'
        : 'The payment was not completed, so nothing was charged. If your card was declined, another card or payment method may work.',
    ],
    action: { label: 'Try again', url: text(data.retryUrl) },
  }),
  subscription_canceled: ({ name }) => ({
    subject: 'Your subscription was canceled',
    title: 'Subscription canceled',
    body: 'Your subscription has been canceled.',
    paragraphs: [`Hi ${name},`, 'Your subscription has been canceled. You can subscribe again at any time.'],
  }),
};

const ru: Catalog = {
  welcome: ({ name }) => ({
    subject: 'Добро пожаловать на учебную платформу',
    title: 'Добро пожаловать!',
    body: `${name}, ваш аккаунт готов.`,
    paragraphs: [`Здравствуйте, ${name}!`, 'Ваш аккаунт готов. Выберите курс и начните учиться уже сегодня.'],
  }),
  purchase_confirmation: ({ name, data }) => ({
    subject: 'Покупка курса подтверждена',
    title: 'Покупка подтверждена',
    body: 'Новый курс уже в разделе «Мои курсы».',
    paragraphs: [
      `Здравствуйте, ${name}!`,
      `Спасибо за покупку${money(data, 'ru') ? ` (${money(data, 'ru')})` : ''}. Курс уже в разделе «Мои курсы».`,
    ],
  }),
  course_completed: ({ name, data }) => ({
    subject: 'Поздравляем с завершением курса',
    title: 'Курс пройден',
    body: text(data.certificateId) ? 'Курс пройден, сертификат готов.' : 'Курс пройден.',
    paragraphs: [
      `Отличная работа, ${name}!`,
      text(data.certificateId)
        ? `Вы прошли все уроки. Номер вашего сертификата: ${text(data.certificateId)}.`
        : 'Вы прошли все уроки.',
    ],
  }),
  refund_processed: ({ name, data }) => ({
    subject: 'Возврат средств выполнен',
    title: 'Возврат выполнен',
    body: 'Ваш платёж возвращён.',
    paragraphs: [
      `Здравствуйте, ${name}!`,
      `Мы вернули ваш платёж${money(data, 'ru') ? ` на сумму ${money(data, 'ru')}` : ''}.`,
    ],
  }),
  subscription_started: ({ name }) => ({
    subject: 'Подписка активна',
    title: 'Подписка оформлена',
    body: 'Все курсы теперь открыты для вас.',
    paragraphs: [`Здравствуйте, ${name}!`, 'Ваша подписка активна: все курсы платформы открыты для вас.'],
  }),
  payment_failed: ({ name, data }) => ({
    subject: 'Платёж не прошёл',
    title: 'Платёж не прошёл',
    body: `Деньги не списаны. Попробуйте ещё раз: ${text(data.retryUrl)}`,
    paragraphs: [
      `Здравствуйте, ${name}!`,
      expired(data)
        ? 'Время на оплату истекло до того, как платёж был сделан, поэтому деньги не списаны.'
        : 'Платёж не завершён, поэтому деньги не списаны. Если карту отклонили, можно попробовать другую карту или способ оплаты.',
    ],
    action: { label: 'Попробовать ещё раз', url: text(data.retryUrl) },
  }),
  subscription_canceled: ({ name }) => ({
    subject: 'Подписка отменена',
    title: 'Подписка отменена',
    body: 'Ваша подписка отменена.',
    paragraphs: [
      `Здравствуйте, ${name}!`,
      'Ваша подписка отменена. Вы можете оформить её снова в любой момент.',
    ],
  }),
};

const CATALOGS: Record<Locale, Catalog> = { en, ru };

/** The words of `type` in `locale`; plain text, escaped later by the HTML template. */
export function composeMessage(type: NotificationType, locale: Locale, context: MessageContext): Message {
  return CATALOGS[locale][type](context);
}
