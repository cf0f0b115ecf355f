import { describeServiceConventions } from '@edu/platform/testing';
import { orchestratorModule } from '../src/index.ts';

describeServiceConventions(orchestratorModule);
