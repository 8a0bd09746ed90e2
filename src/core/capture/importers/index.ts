import { dvclive } from './dvclive';
import { huggingface } from './huggingface';
import { keras } from './keras';
import { lightning } from './lightning';
import { mlflow } from './mlflow';
import { tensorboard } from './tensorboard';
import { ultralytics } from './ultralytics';
import type { Importer } from './types';

export type { Importer, ReadOptions, ReadResult, RunUpdate, SourceState } from './types';

/**
 * Every importer, most specific first: a file is claimed by the first whose `detect` accepts it
 * (Ultralytics' and Lightning's CSVs also start with `epoch`, so Keras' content sniffing comes last).
 */
export const IMPORTERS: readonly Importer[] = [mlflow, dvclive, huggingface, tensorboard, ultralytics, lightning, keras];
