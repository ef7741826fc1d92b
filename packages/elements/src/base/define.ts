/**
 * Registers `element` as `tag`, unless the page already has that tag: a page that defined it first (its own element,
 * or another copy of Portico's script) keeps its definition instead of crashing on a second `customElements.define`.
 * Every element is registered this way, in a module of its own (`portico-….ts` beside the class), so that importing a
 * class never defines a tag.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
