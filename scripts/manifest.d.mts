/** packages/elements/custom-elements.json. */
export const manifestFile: string;
/**
 * The manifest as the code says it now, formatted as Prettier formats the repository; `sources` replaces the text
 * of source files by path in the package (`src/…`).
 */
export function generateManifest(sources?: Record<string, string>): Promise<string>;
/** The tags of the public elements whose entries differ between two manifests. */
export function changedElements(before: string, after: string): string[];
