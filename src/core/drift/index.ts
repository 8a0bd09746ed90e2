/** Data drift: readers, per-column statistics and verdicts, the report and its storage. */
export * from './types';
export { readDataset, detectFormat, type DatasetReadOptions } from './read';
export { ColumnBuilder } from './column-builder';
export { compareColumns, compareColumn, type CompareOptions } from './compare';
export { runDrift, assembleReport, type DriftOptions } from './run';
export { driftConfigFrom, parseDriftConfig, defaultDriftConfig, TEST_NAMES, type DriftConfig } from './config';
export { DEFAULT_THRESHOLDS, defaultTest } from './verdict';
export { saveDriftReport, listDriftReports, datasetInfo, modelFileSha, modelVersionIdBySha, type DatasetInfo, type StoredDriftReport } from './store';
export { comparePredictions, type PredictionDriftOptions } from './predictions';
export { numericColumn, columnSet } from './columns';
