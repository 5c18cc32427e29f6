// @fenji/sample: a Wenzhou-like sample data set for fenji, generated from a seed.
export {
  BAD_LINE_KINDS,
  type BadLine,
  type BadLineKind,
  type Dataset,
  type DatasetFile,
  DEFAULT_OPTIONS,
  formatBytes,
  type GenerateOptions,
  generate,
  MANIFEST_FILE,
  type Manifest,
  writeDataset,
} from './generate.ts';
