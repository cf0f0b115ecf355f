import { describeServiceConventions } from '@edu/platform/testing';
import { coursesModule } from '../src/index.ts';

describeServiceConventions(coursesModule);
