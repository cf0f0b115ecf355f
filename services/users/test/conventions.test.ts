import { describeServiceConventions } from '@edu/platform/testing';
import { usersModule } from '../src/index.ts';

describeServiceConventions(usersModule);
