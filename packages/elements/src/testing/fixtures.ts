/** Seeded ids from the real Portico server that runs beside the component tests. */
export interface Fixtures {
  tenant: string;
  signupVariantId: string;
  closedVariantId: string | null;
}

let cached: Promise<Fixtures> | undefined;

export function porticoFixtures(): Promise<Fixtures> {
  cached ??= fetch('/__portico/fixtures.json').then((response) => response.json() as Promise<Fixtures>);
  return cached;
}

/** Loads a theme file from the server, as a hosted page does. */
export async function useTheme(name = 'light'): Promise<void> {
  if (document.querySelector(`link[data-theme="${name}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/themes/${name}.css`;
  link.dataset.theme = name;
  const loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = reject;
  });
  document.head.append(link);
  await loaded;
}
