import { requirePartnerScope, type ServiceApp } from '@edu/platform/http';

/**
 * Checks partner webhook callers before their input (register before those routes), so an
 * anonymous or unscoped call is 401/403, never a 400 about a body it had no right to send.
 */
export function requireWebhookScopeFirst(app: ServiceApp) {
  for (const path of ['/api/v1/partner/webhooks', '/api/v1/partner/webhooks/*']) {
    app.use(path, async (c, next) => {
      requirePartnerScope(c, 'webhooks:manage');
      await next();
    });
  }
}
