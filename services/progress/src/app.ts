import type { ModuleDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { createCertificateKeys } from './adapters/certificate-keys.ts';
import type { ProgressDeps } from './operations/deps.ts';
import { registerGetCertificate } from './routes/certificates/get.ts';
import { registerCertificateKeys } from './routes/certificates/keys.ts';
import { registerVerifyCredential } from './routes/certificates/verify.ts';
import { registerVerifyStoredCertificate } from './routes/certificates/verify-stored.ts';
import { registerPartnerProgressReport } from './routes/partner/progress-report.ts';
import { registerGetCourseProgress } from './routes/progress/get-course.ts';
import { registerListCourseProgress } from './routes/progress/list-courses.ts';
import { registerRecordLesson } from './routes/progress/record-lesson.ts';
import { issuerOf, type ProgressSettings } from './settings.ts';

/** The progress service's app: its use cases' deps built once, and every route, in order. */
export function createApp(deps: ModuleDeps<ProgressSettings>) {
  const app = createServiceApp({
    service: 'progress',
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const issuer = issuerOf(deps.settings);
  const progress: ProgressDeps = {
    db: deps.db,
    issuer,
    keys: createCertificateKeys({
      db: deps.db,
      issuer,
      configuredKey: deps.settings.CERTIFICATE_SIGNING_KEY,
    }),
  };

  registerRecordLesson(app, progress);
  registerListCourseProgress(app, progress);
  registerGetCourseProgress(app, progress);
  registerPartnerProgressReport(app, progress);
  // `keys` and `verify` before `{id}`, so they are not taken for certificate ids.
  registerCertificateKeys(app, progress);
  registerVerifyCredential(app, progress);
  registerGetCertificate(app, progress);
  registerVerifyStoredCertificate(app, progress);
  return app;
}
