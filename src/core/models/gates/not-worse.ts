import { parseNumber } from './compare';
import { GateSyntaxError, shortRun, type GateKindDef, type GateSpec } from './types';
import { formatNumber } from '../../registry/format';

type NotWorseGate = Extract<GateSpec, { kind: 'not_worse' }>;

const PREFIX = 'not_worse_than_current';
/** Metric names where a smaller value is better, unless the gate says `maximize` or `minimize`. */
const LOWER_IS_BETTER = /loss|err|mae|mse|rmse|mape|latency|perplexity|wer|cer|brier|_ms$|_seconds$|time/i;

/**
 * `not_worse_than_current: METRIC [TOLERANCE[%]] [maximize|minimize]` — the champion/challenger check: the
 * candidate's METRIC may trail the current holder of the target alias by at most TOLERANCE (absolute, or
 * a percentage of the holder's value). With no current holder there is nothing to compare and it passes;
 * a holder whose run did not log METRIC fails (promote with --force to replace it anyway).
 */
export const notWorseGate: GateKindDef<NotWorseGate> = {
  kind: 'not_worse',
  parse(text) {
    const t = text.trim();
    if (!t.startsWith(PREFIX)) return null;
    const rest = t.slice(PREFIX.length);
    if (!rest.startsWith(':')) throw new GateSyntaxError(`expected ":" after ${PREFIX}, e.g. "${PREFIX}: accuracy 0.01"`);
    const words = rest.slice(1).trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) throw new GateSyntaxError('expected a metric name after ":"');
    let better: 'higher' | 'lower' | null = null;
    const last = words[words.length - 1]!;
    if (last === 'maximize' || last === 'minimize') {
      better = last === 'maximize' ? 'higher' : 'lower';
      words.pop();
    }
    if (words.length > 2) throw new GateSyntaxError(`unexpected text after the tolerance: "${words.slice(2).join(' ')}" (expected maximize or minimize)`);
    const metric = words[0]!;
    const tolText = words[1] ?? '0';
    const relative = tolText.endsWith('%');
    const tolerance = parseNumber(relative ? tolText.slice(0, -1) : tolText, 'a tolerance (a number, or a percentage like 2%)');
    if (tolerance < 0) throw new GateSyntaxError(`the tolerance must not be negative, got ${tolText}`);
    return { kind: 'not_worse', text: t, metric, tolerance, relative, better: better ?? (LOWER_IS_BETTER.test(metric) ? 'lower' : 'higher') };
  },
  evaluate(spec, ctx) {
    const fail = (reason: string, value: number | null = null) => ({ name: spec.text, value, threshold: null, passed: false, reason });
    if (!ctx.run) return fail('no producing run: register the model with --run so its metrics can be checked');
    const mine = ctx.run.metrics[spec.metric];
    if (!mine) return fail(`metric not logged: run ${shortRun(ctx.run.id)} has no "${spec.metric}"`);
    if (Number.isNaN(mine.last)) return fail(`"${spec.metric}" is NaN (last value, step ${mine.step})`, mine.last);
    if (!ctx.holder) return { name: spec.text, value: mine.last, threshold: null, passed: true, reason: `no current holder of ${ctx.target}: nothing to compare with` };
    if (ctx.holder.id === ctx.candidate.id) return { name: spec.text, value: mine.last, threshold: mine.last, passed: true, reason: `version ${ctx.candidate.version} already holds ${ctx.target}` };
    const theirs = ctx.holderRun?.metrics[spec.metric];
    if (!ctx.holderRun || !theirs || Number.isNaN(theirs.last)) {
      return fail(`cannot compare: the current ${ctx.target} (version ${ctx.holder.version}) has no ${theirs ? 'numeric ' : ''}"${spec.metric}" logged`, mine.last);
    }
    const slack = spec.relative ? Math.abs(theirs.last) * spec.tolerance / 100 : spec.tolerance;
    const threshold = spec.better === 'higher' ? theirs.last - slack : theirs.last + slack;
    const passed = spec.better === 'higher' ? mine.last >= threshold : mine.last <= threshold;
    return {
      name: spec.text, value: mine.last, threshold, passed,
      reason: `${spec.metric} ${formatNumber(mine.last)} vs ${formatNumber(theirs.last)} for the current ${ctx.target} (version ${ctx.holder.version}); ${spec.better} is better, tolerance ${spec.tolerance}${spec.relative ? '%' : ''}`,
    };
  },
};
