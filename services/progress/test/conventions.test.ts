import { describeServiceConventions } from '@edu/platform/testing';
import { progressModule } from '../src/index.ts';

describeServiceConventions(progressModule);
