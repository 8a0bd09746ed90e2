import { MlopsError } from '../../errors';
import { runDrift } from '../../drift';
import { bench } from '../../inference';
import type { GateServices } from './types';

/** Enough calls for a stable p95 without making a promotion wait seconds on a small model. */
const GATE_BENCH = { warmup: 20, iterations: 200, batches: [1] };

/** The measurements gates use by default: onnxruntime for latency, the drift module for PSI (columns with one). */
export const defaultServices: GateServices = {
  async latencyP95(modelFile, format) {
    if (format !== 'onnx') {
      throw new MlopsError(`${format ?? 'unknown'} models cannot be benchmarked here`, modelFile, 'only ONNX runs locally; log a latency_p95_ms metric in the training run');
    }
    return (await bench(modelFile, GATE_BENCH)).latencyMs.p95;
  },
  async maxPsi(reference, current) {
    const report = await runDrift(reference, current);
    let worst: { value: number; column: string } | null = null;
    for (const c of report.columns) {
      const psi = c.stats.psi;
      if (psi === null) continue;
      // NaN wins so that the gate fails on it instead of skipping the column.
      if (worst === null || Number.isNaN(psi) || psi > worst.value) worst = { value: psi, column: c.name };
      if (Number.isNaN(psi)) break;
    }
    if (worst === null) throw new MlopsError('no column has a PSI', `${reference} vs ${current}`, report.columns.map((c) => `${c.name}: ${c.note ?? 'no PSI'}`).join('; ') || 'no common columns');
    return worst;
  },
};
