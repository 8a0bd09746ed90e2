import type { FileRule } from '../types';

/** Reported by the engine itself for files it cannot read; it has no check of its own. */
export const CANNOT_ANALYSE: FileRule = {
  code: 'MLO000',
  name: 'cannot-analyse',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Reports a file the linter could not analyse: invalid notebook JSON, a YAML syntax error, binary bytes in a source file, or a file over 10 MB.',
    why: 'A file nobody can check is a file where every other rule silently passes. Reporting it keeps the run honest without stopping it.',
    example: '{"cells": [',
    instead: '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    exampleFile: 'analysis.ipynb',
    references: ['https://nbformat.readthedocs.io/en/latest/format_description.html'],
  },
  appliesTo: [],
  check: () => [],
};
