/** `npm run seed`: loads the demo accounts and courses (idempotent; npm start runs it on first start). */
import { writeFileSync } from 'node:fs';
import { createPlatform, seedMarkerPath } from './lib/platform.ts';

const say = (message: string) => console.error(`[seed] ${message}`);
const platform = await createPlatform({ env: process.env, onProgress: say });
await platform.seed(say);
writeFileSync(seedMarkerPath(platform.config), new Date().toISOString());
await platform.close();
say('done');
