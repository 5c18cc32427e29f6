export {
  collectEntries,
  datedKey,
  type ExportCounts,
  type ExportDeps,
  type ExportRequest,
  type ExportResult,
  exportDisciplineList,
  latestKey,
  type Manifest,
  type ManifestFile,
  readManifest,
} from './export-list.ts';
export {
  type DisciplineExportEvent,
  type DisciplineExportResult,
  depsFromEnv,
  exportRequest,
  handler,
  makeHandler,
} from './handler.ts';
export { CSV_FILE, CSV_HEADER, JSONL_FILE, MANIFEST_FILE, toCsv, toJsonl } from './render.ts';
