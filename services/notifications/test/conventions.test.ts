import { describeServiceConventions } from '@edu/platform/testing';
import { notificationsModule } from '../src/index.ts';

describeServiceConventions(notificationsModule);
