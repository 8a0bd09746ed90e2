import type { FileRule, RawFinding } from '../types';

export const notebookOutOfOrder: FileRule = {
  code: 'MLO108',
  name: 'notebook-out-of-order',
  severity: 'warning',
  scope: 'file',
  docs: {
    what: 'Finds notebooks saved with code cells executed out of order (an execution count lower than one above it) or with error outputs.',
    why: 'The results on screen came from a kernel state that running the notebook top to bottom does not recreate, so nobody, including its author next week, can reproduce them.',
    example: '{"cells": [{"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["df = load()"]}, {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import pandas as pd"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    instead: '{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import pandas as pd"]}, {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["df = load()"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    exampleFile: 'explore.ipynb',
    references: ['https://docs.jupyter.org/en/latest/running.html', 'https://github.com/mwouts/jupytext'],
  },
  appliesTo: ['notebook'],
  statements: [],
  check(ctx) {
    const out: RawFinding[] = [];
    let prev: { count: number; cell: number } | null = null;
    for (const cell of ctx.notebook!.cells) {
      if (cell.type !== 'code') continue;
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: cell.source.split(/\r?\n/)[0]!.length } };
      if (cell.executionCount !== null) {
        if (prev && cell.executionCount <= prev.count) {
          out.push({ range, cell: cell.index, message: `cell ${cell.index + 1} ran before cell ${prev.cell + 1} above it (execution count ${cell.executionCount} after ${prev.count}): restart the kernel and run all cells top to bottom before saving` });
        }
        prev = { count: cell.executionCount, cell: cell.index };
      }
      const error = cell.outputs.find((o) => o.output_type === 'error');
      if (error) {
        const name = typeof error.ename === 'string' ? error.ename : 'error';
        out.push({ range, cell: cell.index, message: `cell ${cell.index + 1} was saved with an error output (${name}): fix it and re-run the notebook top to bottom` });
      }
    }
    return out;
  },
};
