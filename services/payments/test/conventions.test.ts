import { describeServiceConventions } from '@edu/platform/testing';
import { createApp, SERVICE_NAME } from '../src/app.ts';
import { MIGRATIONS_FOLDER } from '../src/migrations.ts';

describeServiceConventions({ service: SERVICE_NAME, migrationsFolder: MIGRATIONS_FOLDER, createApp });
