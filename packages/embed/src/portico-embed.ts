/**
 * The embed loader: `<script type="module" src=".../assets/portico-embed.js">` then
 * `<div data-portico-embed="signup" data-src="https://billing.example.com/demo/signup/…"></div>`.
 * It mounts the hosted page in an iframe. Auto-sizing and event relay follow in the embedding work.
 */
export function mount(container: HTMLElement, src: string): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = container.dataset.porticoTitle ?? 'Portico';
  frame.style.cssText = 'width:100%;border:0;display:block';
  container.replaceChildren(frame);
  return frame;
}

for (const container of document.querySelectorAll<HTMLElement>('[data-portico-embed][data-src]')) {
  mount(container, container.dataset.src ?? '');
}
