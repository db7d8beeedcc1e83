import { ref, shallowRef, type Ref } from 'vue';

/** Loading / error / data for one request that can be re-run; the error text is the API's message. */
export function useLoad<T, A extends unknown[] = []>(fn: (...args: A) => Promise<T>) {
  const data = shallowRef<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  let seq = 0;
  async function run(...args: A): Promise<T | null> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const v = await fn(...args);
      if (mine === seq) data.value = v;
      return v;
    } catch (e) {
      if (mine === seq) error.value = (e as Error).message || String(e);
      return null;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }
  return { data, loading, error, run };
}
