// pagedjs ships no types: the part we use.
declare module 'pagedjs' {
  export class Previewer {
    constructor(options?: Record<string, unknown>);
    preview(content: DocumentFragment | Element | string, stylesheets: Array<string | Record<string, string>>, renderTo: Element): Promise<{ total: number; pages: unknown[] }>;
  }
}
