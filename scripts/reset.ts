/** `npm run reset`: wipes the embedded data directory (DATA_DIR, default .data). */
import { existsSync, rmSync } from 'node:fs';
import { loadConfig } from '@edu/platform';
import { dataDirOf, EmbeddedSettings } from './lib/platform.ts';

const config = loadConfig(EmbeddedSettings, process.env);
const dataDir = dataDirOf(config);
if (existsSync(dataDir)) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Removed ${dataDir}; the next npm start begins fresh and seeds the demo data.`);
} else {
  console.log(`Nothing to remove: ${dataDir} does not exist.`);
}
