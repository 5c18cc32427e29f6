export * from './export-handler.ts';
export {
  collectEntries,
  datedKey,
  EXPORT_CONCURRENCY,
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
  CSV_FILE,
  CSV_HEADER,
  JSONL_FILE,
  MANIFEST_FILE,
  toCsv as disciplineListCsv,
  toJsonl as disciplineListJsonl,
  XLSX_FILE,
} from './render.ts';
