import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { createCertificateKeys } from './certificate-keys.ts';
import { createCertificateService } from './certificate-service.ts';
import { createPartnerReport } from './partner-report-service.ts';
import { createProgressService } from './progress-service.ts';
import { registerGetCertificate } from './routes/certificates/get.ts';
import { registerCertificateKeys } from './routes/certificates/keys.ts';
import { registerVerifyCredential } from './routes/certificates/verify.ts';
import { registerVerifyStoredCertificate } from './routes/certificates/verify-stored.ts';
import { registerPartnerProgressReport } from './routes/partner/progress-report.ts';
import { registerGetCourseProgress } from './routes/progress/get-course.ts';
import { registerListCourseProgress } from './routes/progress/list-courses.ts';
import { registerRecordLesson } from './routes/progress/record-lesson.ts';
import { issuerOf, type ProgressSettings, progressSettingsFromEnv } from './settings.ts';

export { progressSettingsFromEnv } from './settings.ts';

export const SERVICE_NAME = 'progress';

/** The progress service: its routes, given its dependencies (settings default to the environment). */
export function createApp(deps: ServiceDeps, settings: ProgressSettings = progressSettingsFromEnv()) {
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const issuer = issuerOf(settings);
  const keys = createCertificateKeys({
    db: deps.db,
    issuer,
    configuredKey: settings.CERTIFICATE_SIGNING_KEY,
  });
  const progress = createProgressService(deps, keys, issuer);
  const certificates = createCertificateService(deps.db, keys);

  registerRecordLesson(app, progress);
  registerListCourseProgress(app, progress);
  registerGetCourseProgress(app, progress);
  registerPartnerProgressReport(app, createPartnerReport(deps.db));
  // `keys` and `verify` before `{id}`, so they are not taken for certificate ids.
  registerCertificateKeys(app, certificates);
  registerVerifyCredential(app, certificates);
  registerGetCertificate(app, certificates);
  registerVerifyStoredCertificate(app, certificates);
  return app;
}
