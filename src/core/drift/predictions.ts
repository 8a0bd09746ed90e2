import { predictColumns } from '../inference';
import { columnSet, numericColumn } from './columns';
import { compareColumns, type CompareOptions } from './compare';
import type { ColumnReport, ColumnSet } from './types';

export interface PredictionDriftOptions extends CompareOptions {
  /** The columns feeding the model, in feature order (default: the model's own rule for a table). */
  features?: string[];
}

/**
 * Prediction drift: the model runs on both datasets and each of its outputs (each class probability of a
 * classifier) is compared with the same tests and thresholds as the data columns.
 */
export async function comparePredictions(modelPath: string, ref: ColumnSet, cur: ColumnSet, options: PredictionDriftOptions): Promise<ColumnReport[]> {
  const [refOut, curOut] = await Promise.all([predict(modelPath, ref, options.features), predict(modelPath, cur, options.features)]);
  const outputs = Object.keys(refOut);
  const side = (set: ColumnSet, out: Record<string, Float64Array>) =>
    columnSet(`${set.path} → ${modelPath}`, set.rows, outputs.map((name) => numericColumn(name, out[name]!)));
  return compareColumns(side(ref, refOut), side(cur, curOut), options);
}

function predict(modelPath: string, set: ColumnSet, features?: string[]): Promise<Record<string, Float64Array>> {
  const numeric: Record<string, Float64Array> = {};
  for (const c of set.columns) if (c.numbers && c.codes === null && c.unsupported === null) numeric[c.name] = c.numbers;
  return predictColumns(modelPath, numeric, { features });
}
