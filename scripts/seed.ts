/** `npm run seed`: loads the demo accounts and courses (idempotent; npm start runs it on first start). */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@edu/platform';
import { createPlatform, EmbeddedSettings, seedMarkerPath } from './lib/platform.ts';
import { seedPlatform } from './lib/seed.ts';

const config = loadConfig(EmbeddedSettings, process.env);
const say = (message: string) => console.error(`[seed] ${message}`);
const platform = await createPlatform({ config, onProgress: say });
await seedPlatform(platform, say);
writeFileSync(seedMarkerPath(config), new Date().toISOString());
await platform.close();
say('done');
