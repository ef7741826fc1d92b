/**
 * The embed loader. Either markup:
 *   <script type="module" src="https://billing.example.com/assets/portico-embed.js"></script>
 *   <div data-portico-embed="signup" data-src="https://billing.example.com/demo/signup/…" data-language="de"></div>
 * or the API: `Portico.mount(container, { src, language, token, onEvent })`.
 *
 * It mounts the hosted page in an iframe (`?embed=1&parent=<this page's origin>`; a portal token goes in the
 * fragment, never through postMessage), sizes the iframe to its content, and re-dispatches the page's messages as
 * DOM events on the container: `portico-loaded`, `portico-resize`, `portico-language-change`
 * (`{ language }`, the language shown), `portico-step-change`, `portico-order-completed`,
 * `portico-error`, `portico-session-expired`. Only messages from that iframe's window and the exact origin of `src`
 * count; everything else is ignored.
 *
 * After a signup with a success URL, this page (the top window, not the iframe) goes there — only an http(s)
 * address, and not when a listener cancels `portico-order-completed` (`preventDefault()`) or `redirect: false`
 * (`data-redirect="off"`) is set.
 */

export interface MountOptions {
  /** The hosted page's address, e.g. `https://billing.example.com/demo/signup/<planVariantId>`. */
  src: string;
  /** The page's language (`?language=`); change it later with `setLanguage`. */
  language?: string;
  /** A portal self-service token; sent in the iframe address's fragment. */
  token?: string;
  /** The iframe's accessible title. */
  title?: string;
  /** Called for every event, with the DOM event's name and detail. */
  onEvent?: (type: string, detail: unknown) => void;
  /** `false`: stay on this page after a signup instead of going to the success URL. */
  redirect?: boolean;
}

export interface PorticoEmbed {
  iframe: HTMLIFrameElement;
  /** Switches the framed page's language (posted to the exact origin of `src`). */
  setLanguage(language: string): void;
  /** Removes the iframe and stops listening. */
  destroy(): void;
}

const EVENTS: Record<string, string> = {
  loaded: 'portico-loaded',
  resize: 'portico-resize',
  language: 'portico-language-change',
  step: 'portico-step-change',
  'order-completed': 'portico-order-completed',
  error: 'portico-error',
  'session-expired': 'portico-session-expired',
};

export function mount(container: HTMLElement, options: MountOptions): PorticoEmbed {
  const url = new URL(options.src, location.href);
  const origin = url.origin;
  url.searchParams.set('embed', '1');
  url.searchParams.set('parent', location.origin);
  if (options.language) url.searchParams.set('language', options.language);
  if (options.token) url.hash = `token=${encodeURIComponent(options.token)}`;

  const iframe = document.createElement('iframe');
  iframe.src = url.href;
  iframe.title = options.title ?? 'Portico';
  iframe.setAttribute('scrolling', 'no');
  iframe.style.cssText = 'width:100%;height:480px;border:0;display:block;overflow:hidden';

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== iframe.contentWindow) return;
    const data = event.data as { portico?: unknown; type?: unknown; detail?: unknown } | null;
    const name = data?.portico === 1 && typeof data.type === 'string' ? EVENTS[data.type] : undefined;
    if (!name) return;
    const detail = data?.detail ?? null;
    if (name === 'portico-resize') {
      const height = (detail as { height?: unknown } | null)?.height;
      if (typeof height !== 'number' || !(height >= 0)) return;
      iframe.style.height = `${Math.ceil(height)}px`;
    }
    const dom = new CustomEvent(name, { detail, bubbles: true, cancelable: true });
    container.dispatchEvent(dom);
    options.onEvent?.(name, detail);
    const next = (detail as { successUrl?: unknown } | null)?.successUrl;
    if (name === 'portico-order-completed' && typeof next === 'string' && options.redirect !== false) {
      try {
        const target = new URL(next);
        if (!dom.defaultPrevented && /^https?:$/.test(target.protocol)) location.assign(target.href);
      } catch {
        // not an absolute URL: stay
      }
    }
  };
  addEventListener('message', onMessage);
  container.replaceChildren(iframe);

  return {
    iframe,
    setLanguage(language: string) {
      iframe.contentWindow?.postMessage({ portico: 1, type: 'set-language', language }, origin);
    },
    destroy() {
      removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}

/** Mounts every `[data-portico-embed][data-src]` element not mounted yet; returns the new embeds. */
export function mountAll(root: ParentNode = document): PorticoEmbed[] {
  const embeds: PorticoEmbed[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('[data-portico-embed][data-src]:not([data-portico-mounted])')) {
    el.dataset.porticoMounted = '';
    const embed = mount(el, {
      src: el.dataset.src ?? '',
      language: el.dataset.language,
      token: el.dataset.token,
      title: el.dataset.porticoTitle,
      redirect: el.dataset.redirect !== 'off',
    });
    (el as HTMLElement & { portico?: PorticoEmbed }).portico = embed;
    embeds.push(embed);
  }
  return embeds;
}

(globalThis as { Portico?: unknown }).Portico = { mount, mountAll };
mountAll();
