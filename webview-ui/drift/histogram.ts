import type { Histogram } from '../../src/core/drift/types';

/** Reference vs current as shares of each side's rows, overlaid: bins for numbers, grouped bars for categories. */
export function drawHistogram(canvas: HTMLCanvasElement, h: Histogram, colors: { reference: string; current: string; axis: string }): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, width, height);
  const share = (xs: number[]) => {
    const total = xs.reduce((a, b) => a + b, 0) || 1;
    return xs.map((x) => x / total);
  };
  const ref = share(h.reference);
  const cur = share(h.current);
  const max = Math.max(...ref, ...cur, 1e-9);
  const pad = { left: 36, bottom: 22, top: 8, right: 8 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const n = ref.length;
  const slot = plotW / Math.max(1, n);
  ctx.font = '10px sans-serif';
  ctx.fillStyle = colors.axis;
  ctx.strokeStyle = colors.axis;
  ctx.beginPath();
  ctx.moveTo(pad.left, pad.top);
  ctx.lineTo(pad.left, pad.top + plotH);
  ctx.lineTo(pad.left + plotW, pad.top + plotH);
  ctx.stroke();
  ctx.fillText(`${(max * 100).toFixed(0)}%`, 2, pad.top + 8);
  const bar = (i: number, v: number, color: string, offset: number, w: number) => {
    const bh = (v / max) * plotH;
    ctx.fillStyle = color;
    ctx.fillRect(pad.left + i * slot + offset, pad.top + plotH - bh, w, bh);
  };
  for (let i = 0; i < n; i++) {
    if (h.kind === 'bins') {
      // Overlaid, translucent: where the two distributions agree the colours mix.
      bar(i, ref[i]!, colors.reference, 1, slot - 2);
      bar(i, cur[i]!, colors.current, 1, slot - 2);
    } else {
      bar(i, ref[i]!, colors.reference, 2, slot / 2 - 2);
      bar(i, cur[i]!, colors.current, slot / 2, slot / 2 - 2);
    }
  }
  ctx.fillStyle = colors.axis;
  if (h.kind === 'bins') {
    const fmt = (x: number) => (Math.abs(x) >= 1000 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(1) : String(+x.toPrecision(3)));
    ctx.fillText(fmt(h.edges[0]!), pad.left, height - 6);
    const last = fmt(h.edges[h.edges.length - 1]!);
    ctx.fillText(last, pad.left + plotW - ctx.measureText(last).width, height - 6);
  } else {
    for (let i = 0; i < n; i++) {
      const label = h.categories[i]!.slice(0, Math.max(1, Math.floor(slot / 6)));
      ctx.fillText(label, pad.left + i * slot + 2, height - 6);
    }
  }
}
