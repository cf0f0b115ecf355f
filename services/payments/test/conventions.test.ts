import { describeServiceConventions } from '@edu/platform/testing';
import { paymentsModule } from '../src/index.ts';

describeServiceConventions(paymentsModule);
