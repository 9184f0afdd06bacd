import { createRequire } from 'node:module';

/** The package version; src/api and dist/api both sit two levels below package.json. */
export const VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
