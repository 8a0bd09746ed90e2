import type { MaturityCheck } from '../types';
import { fail, pass } from './kit';

export const serving: MaturityCheck = {
  id: 'L3.serving',
  level: 3,
  title: 'A defined serving path',
  weight: 2,
  docs: {
    what: 'Looks for how the model reaches users: KServe `InferenceService`, Seldon, Triton `config.pbtxt`, BentoML, TorchServe (`.mar`, handlers), Ray Serve, a FastAPI/Flask or ONNX Runtime service, or an ONNX export.',
    why: 'A model with no defined serving path is deployed by hand, differently each time ("deployment as an afterthought").',
    pass: 'Any serving manifest, service code or exported model.',
    references: ['https://kserve.github.io/website/', 'https://onnxruntime.ai/docs/'],
  },
  fix: { text: 'Export the model (for example to ONNX) and serve it from one service definition kept in the repository.' },
  reads: ['code', 'notebook', 'config'],
  evaluate(f) {
    const ev = [
      ...f.evidence('serving-manifest', 'serving configuration'),
      ...f.evidence('triton-config', 'Triton model configuration'),
      ...f.evidence('bento-config', 'BentoML build file'),
      ...f.evidence('serving', 'service code', ['code', 'notebook']),
      ...f.evidence('onnx-export', 'exports to ONNX'),
      ...f.evidence('mar-file', 'TorchServe archive', undefined, 1),
      ...f.evidence('onnx-file', 'ONNX model', undefined, 1),
    ];
    return ev.length ? pass(ev) : fail('no serving manifest, service code or exported model');
  },
};
