// The root `tsc` sees web sources only through these tests and cannot read SFCs;
// vue-tsc (web/tsconfig.json) resolves the real .vue files first and ignores this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
