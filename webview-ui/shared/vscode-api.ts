/** The webview side of postMessage, typed by each app's contract. */
interface VsCodeApi<From> {
  postMessage(message: From): void;
}

declare function acquireVsCodeApi<From>(): VsCodeApi<From>;

let api: unknown;

export function vscodeApi<From>(): VsCodeApi<From> {
  api ??= acquireVsCodeApi<From>();
  return api as VsCodeApi<From>;
}

/** Builds an element with text content only: workspace strings never reach innerHTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElement;
export function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}
