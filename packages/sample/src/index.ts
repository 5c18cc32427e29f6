// @fenji/sample: a Wenzhou-like sample data set for fenji, generated from a seed.
export {
  BAD_LINE_KINDS,
  type BadLine,
  type BadLineKind,
  type Dataset,
  type DatasetFile,
  DEFAULT_OPTIONS,
  type GenerateOptions,
  type Manifest,
} from './dataset.ts';
export { formatBytes, generate, MANIFEST_FILE, writeDataset } from './generate.ts';
