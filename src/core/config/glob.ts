/**
 * Globs as the configuration's `exclude`, `watch` and per-file-ignores use them, Ruff's way: `*` and `?`
 * within a path segment, `**` across segments, `{a,b}` alternatives. A glob is matched against a
 * '/'-separated path relative to the configuration's root; one without '/' matches a file or folder name at
 * any depth (`exclude = ["data"]` skips every `data` folder), and a match of a folder covers all below it.
 * Lint, capture and the scorecard all select files through this one function.
 */
export function globMatcher(glob: string): RegExp {
  let cached = compiled.get(glob);
  if (!cached) {
    const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
    const anywhere = g.includes('/') ? '' : '(?:.*/)?';
    compiled.set(glob, (cached = new RegExp(`^${anywhere}${source(g)}(?:/.*)?$`)));
  }
  return cached;
}

const compiled = new Map<string, RegExp>();

function source(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(source).join('|') + ')';
        i = close;
      }
    } else re += /[.+^${}()|[\]\\]/.test(c) ? '\\' + c : c;
  }
  return re;
}
