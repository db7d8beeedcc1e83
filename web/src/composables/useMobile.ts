import { onBeforeUnmount, ref, type Ref } from 'vue';

export const MOBILE_QUERY = '(max-width: 767px)';

/** True below the 768 px desk breakpoint; follows window resizes. */
export function useMobile(): Ref<boolean> {
  const mq = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null;
  const mobile = ref(mq?.matches ?? false);
  const onChange = (e: MediaQueryListEvent) => (mobile.value = e.matches);
  mq?.addEventListener('change', onChange);
  onBeforeUnmount(() => mq?.removeEventListener('change', onChange));
  return mobile;
}
