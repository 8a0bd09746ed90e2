/**
 * Local ONNX inference: what a model declares (`inspect`, read from its protobuf), running it on JSON or
 * table inputs (`infer`, `inferFile`, `predictColumns` for prediction drift) and measuring it (`bench`).
 * onnxruntime-node loads on the first run, not on import.
 */
import { modelInfo } from './runtime';
import type { ModelInfo } from './types';

export { bench, DEFAULT_SLA_P95_MS } from './bench';
export { infer, inferFile, predictColumns, type InferFileOptions, type PredictOptions } from './infer';
export { closeModels, loadModel, type LoadedModel } from './runtime';
export { SUPPORTED_INPUT_TYPES } from './tensors';
export type { BenchOptions, BenchResult, Dim, InferResult, ModelInfo, Nested, ValueInfo } from './types';

/** What the model declares, read from its bytes; works for models the runtime cannot load. */
export async function inspect(modelPath: string): Promise<ModelInfo> {
  return { ...(await modelInfo(modelPath)), path: modelPath };
}
