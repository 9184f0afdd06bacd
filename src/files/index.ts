export {
  discoverFiles,
  IGNORE_FILE,
  type DiscoverOptions,
  type DiscoveredFile,
  type Discovery,
} from './discover.js';
export {
  codingDeclaration,
  countInvalidUtf8,
  decodeSource,
  readSource,
  type DecodedSource,
  type ReadOutcome,
} from './read.js';
export { describeTooLarge, formatSize, parseSize } from './size.js';
